"""Blocks this app adds to pages it does not own (see core.sections)."""

from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.sections import kept_section
from members.credits import credits_section

from .models import Event, Lecture, Participant

HOME_EVENT_COUNT = 3


def home_events(request):
    """The next events (one query; kept across changes to other items, core.sections)."""
    events = Event.objects.upcoming().select_related("series")[:HOME_EVENT_COUNT]
    return kept_section(
        "events/includes/home_events.html",
        events,
        "events",
        _("Upcoming events"),
        empty=True,
    )


def person_events(person):
    """The events a person spoke at or moderated, newest first: one row per role (one query)."""
    return credits_section(
        person,
        Participant.objects.filter(event__in=Event.objects.published())
        .select_related("event__series")
        .order_by("-event__start", "order"),
        "events/includes/person_events.html",
        _("Events"),
        "event_roles",
        now=timezone.now(),
    )


def person_lectures(person):
    return credits_section(
        person,
        Lecture.objects.published().select_related("topic"),
        "events/includes/person_lectures.html",
        _("Online Academy"),
        "lectures",
    )
