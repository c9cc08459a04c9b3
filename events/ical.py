"""iCalendar (RFC 5545) output made with the `icalendar` library.

Every event becomes one VEVENT with a stable UID (a UUID stored on the event, so renaming
or re-slugging never duplicates it in a subscriber's calendar), DTSTART/DTEND as wall-clock
times with the event's TZID, and a VTIMEZONE for each zone used, generated from the zoneinfo
database — so calendar apps get daylight-saving changes right.
"""

import datetime

from django.conf import settings
from django.utils.html import strip_tags
from django.utils.text import normalize_newlines
from django.utils.translation import gettext
from icalendar import Calendar
from icalendar import Event as VEvent

UID_DOMAIN = "events.ponarseurasia.org"
REFRESH = datetime.timedelta(hours=6)


def uid_for(event):
    return f"{event.uid}@{UID_DOMAIN}"


def description_for(event, url):
    lines = []
    if event.is_cancelled:
        lines.append("This event has been cancelled.")
    if event.series_id:
        lines.append(event.series.name)
    if event.summary:
        lines.append(event.summary)
    elif event.description:
        lines.append(normalize_newlines(strip_tags(event.description)).strip())
    speakers = ", ".join(p.name for p in event.speakers)
    if speakers:
        lines.append(gettext("Speakers: %(speakers)s") % {"speakers": speakers})
    moderators = ", ".join(p.name for p in event.moderators)
    if moderators:
        lines.append(gettext("Moderator: %(moderators)s") % {"moderators": moderators})
    if event.online_url:
        lines.append(gettext("Join online: %(online_url)s") % {"online_url": event.online_url})
    if event.registration_url:
        lines.append(
            gettext("Register: %(registration_url)s") % {"registration_url": event.registration_url}
        )
    if event.recording_url:
        lines.append(
            gettext("Recording: %(recording_url)s") % {"recording_url": event.recording_url}
        )
    lines.append(url)
    return "\n\n".join(lines)


def vevent(event, absolute):
    """One VEVENT; `absolute(path)` makes a full URL."""
    url = absolute(event.get_absolute_url())
    local = event.local_times
    component = VEvent()
    component.add("uid", uid_for(event))
    component.add("dtstamp", event.updated.astimezone(datetime.UTC))
    component.add("created", event.created.astimezone(datetime.UTC))
    component.add("last-modified", event.updated.astimezone(datetime.UTC))
    component.add("dtstart", local.start)
    component.add("dtend", local.end)
    component.add("summary", event.title)
    component.add("description", description_for(event, url))
    component.add("url", url)
    if event.location:
        component.add("location", event.location)
    component.add("status", "CANCELLED" if event.is_cancelled else "CONFIRMED")
    component.add("sequence", event.sequence)
    if event.series_id:
        component.add("categories", [event.series.name])
    return component


def build_calendar(events, absolute, name=None, description=None):
    """A calendar (bytes) with one VEVENT per event and the VTIMEZONEs they need."""
    calendar = Calendar()
    calendar.add("prodid", f"-//{settings.SITE_NAME}//Events//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    name = name or f"{settings.SITE_NAME} events"
    calendar.add("name", name)
    calendar.add("x-wr-calname", name)
    if description:
        calendar.add("description", description)
        calendar.add("x-wr-caldesc", description)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", "PT6H")
    events = list(events)
    for event in events:
        calendar.add_component(vevent(event, absolute))
    if events:
        # VTIMEZONE rules covering every event in the calendar, and no more.
        first = min(e.start for e in events).date() - datetime.timedelta(days=31)
        last = max(e.end for e in events).date() + datetime.timedelta(days=31)
        calendar.add_missing_timezones(first_date=first, last_date=last)
    return calendar.to_ical()
