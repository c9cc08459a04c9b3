from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EventsConfig(AppConfig):
    name = "events"
    verbose_name = _("Events and Online Academy")

    def ready(self):
        from core.sections import register_home_section, register_person_section

        from . import sections

        register_home_section(20, sections.home_events)
        register_person_section(30, sections.person_events)
        register_person_section(31, sections.person_lectures)
