from django.utils.translation import gettext_lazy as _

from core.sections import SectionsConfig


class ResourcesConfig(SectionsConfig):
    default = True
    name = "resources"
    verbose_name = _("Digital resources")
    sections = {"person": [(50, "person_books"), (55, "person_syllabi")]}
