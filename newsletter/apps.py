from django.utils.translation import gettext_lazy as _

from core.sections import SectionsConfig


class NewsletterConfig(SectionsConfig):
    default = True
    name = "newsletter"
    verbose_name = _("Newsletter")
    sections = {"home": [(90, "home_signup")]}
