from django.utils.translation import gettext_lazy as _

from core.sections import SectionsConfig


class EventsConfig(SectionsConfig):
    default = True
    name = "events"
    verbose_name = _("Events and Online Academy")
    sections = {
        "home": [(20, "home_events")],
        "person": [(30, "person_events"), (31, "person_lectures")],
    }
