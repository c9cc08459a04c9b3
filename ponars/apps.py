from django.utils.translation import gettext_lazy as _

from core.sections import SectionsConfig


class PonarsConfig(SectionsConfig):
    """The site layer as an app: the commands that span every app (demo content, page benchmark)
    and the home page's block that links across them (Digital Resources)."""

    default = True
    name = "ponars"
    verbose_name = _("Site")
    sections = {"home": [(30, "home_resources")]}
