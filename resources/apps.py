from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResourcesConfig(AppConfig):
    name = "resources"
    verbose_name = _("Digital resources")

    def ready(self):
        from core.sections import register_person_section

        from . import sections

        register_person_section(50, sections.person_books)
        register_person_section(55, sections.person_syllabi)
