from django.apps import AppConfig


class ResourcesConfig(AppConfig):
    name = "resources"
    verbose_name = "Digital resources"

    def ready(self):
        from core.sections import register_person_section

        from . import sections

        register_person_section(50, sections.person_books)
        register_person_section(55, sections.person_syllabi)
