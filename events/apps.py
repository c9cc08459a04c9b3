from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = "Events and Online Academy"

    def ready(self):
        from core.sections import register_home_section, register_person_section

        from . import sections

        register_home_section(20, sections.home_events)
        register_person_section(30, sections.person_events)
        register_person_section(31, sections.person_lectures)
