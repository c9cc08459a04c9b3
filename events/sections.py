"""Blocks this app adds to pages it does not own (see core.sections)."""

from django.utils import timezone

from core.sections import Section

from .models import Event, Lecture, Participant

HOME_EVENT_COUNT = 3


def home_events(request):
    events = list(Event.objects.upcoming().select_related("series")[:HOME_EVENT_COUNT])
    return Section("events/includes/home_events.html", {"events": events}, "Upcoming events")


def person_events(person):
    """The events a person spoke at or moderated (one query), newest first."""
    roles = list(
        Participant.objects.filter(person=person, event__in=Event.objects.published())
        .select_related("event__series")
        .order_by("-event__start", "order")
    )
    if not roles:
        return None
    now = timezone.now()
    return Section(
        "events/includes/person_events.html", {"event_roles": roles, "now": now}, "Events"
    )


def person_lectures(person):
    lectures = list(Lecture.objects.published().filter(lecturer=person).select_related("topic"))
    if not lectures:
        return None
    return Section("events/includes/person_lectures.html", {"lectures": lectures}, "Online Academy")
