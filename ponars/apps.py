from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PonarsConfig(AppConfig):
    """The site layer as an app: the commands that span every app (demo content, page benchmark)."""

    name = "ponars"
    verbose_name = _("Site")
