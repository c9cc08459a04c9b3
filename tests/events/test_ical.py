"""The calendar feeds, read back the way a calendar app reads them: with `icalendar`."""

import datetime
import zoneinfo

import pytest
from django.urls import reverse
from icalendar import Calendar

from events.models import EventStatus, Format
from tests.events.factories import EventFactory, SeriesFactory, local
from tests.members.factories import PersonFactory

pytestmark = pytest.mark.django_db

KYIV = zoneinfo.ZoneInfo("Europe/Kyiv")
NEW_YORK = zoneinfo.ZoneInfo("America/New_York")


def parse(response):
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def by_summary(calendar):
    return {str(event["SUMMARY"]): event for event in calendar.events}


@pytest.fixture
def frozen(time_machine):
    """Early 2030: the events below are upcoming, on both sides of March's clock change."""
    time_machine.move_to(datetime.datetime(2030, 1, 10, 12, tzinfo=datetime.UTC), tick=False)


def test_times_across_a_daylight_saving_change_in_the_event_zone(client, frozen):
    # Kyiv moves from EET (UTC+2) to EEST (UTC+3) on 31 March 2030; New York a few weeks earlier.
    before = EventFactory(
        title="Before the change",
        time_zone="Europe/Kyiv",
        start=local(2030, 3, 28, 18, 0, "Europe/Kyiv"),
        end=local(2030, 3, 28, 19, 30, "Europe/Kyiv"),
    )
    after = EventFactory(
        title="After the change",
        time_zone="Europe/Kyiv",
        start=local(2030, 4, 4, 18, 0, "Europe/Kyiv"),
        end=local(2030, 4, 4, 19, 30, "Europe/Kyiv"),
    )
    calendar = parse(client.get(reverse("events:calendar")))
    events = by_summary(calendar)
    first, second = events["Before the change"], events["After the change"]

    # Same wall-clock time in the event's own zone, with its TZID…
    for event in (first, second):
        assert event["DTSTART"].params["TZID"] == "Europe/Kyiv"
        assert event.start.replace(tzinfo=None).time() == datetime.time(18, 0)
        assert event.end - event.start == datetime.timedelta(minutes=90)
    # …and different instants, because the offset changed in between.
    assert first.start.utcoffset() == datetime.timedelta(hours=2)
    assert second.start.utcoffset() == datetime.timedelta(hours=3)
    assert first.start.astimezone(datetime.UTC) == before.start
    assert second.start.astimezone(datetime.UTC) == after.start
    assert first.start.astimezone(datetime.UTC).time() == datetime.time(16, 0)
    assert second.start.astimezone(datetime.UTC).time() == datetime.time(15, 0)

    # The VTIMEZONE the file carries (not the parser's own tz database) knows the change.
    assert calendar.get_missing_tzids() == set()
    [vtimezone] = [tz for tz in calendar.timezones if tz.tz_name == "Europe/Kyiv"]
    zone = vtimezone.to_tz()
    assert datetime.datetime(2030, 3, 28, 18, tzinfo=zone).utcoffset() == datetime.timedelta(
        hours=2
    )
    assert datetime.datetime(2030, 4, 4, 18, tzinfo=zone).utcoffset() == datetime.timedelta(hours=3)


def test_page_shows_washington_time_between_the_two_changes(client, frozen):
    # On 12 March 2030 New York is already on summer time (EDT, UTC-4, since 10 March) while
    # Kyiv is not (EET, UTC+2, until 31 March): 18:00 in Kyiv is noon in Washington, not 11:00.
    event = EventFactory(
        title="Mid-March",
        time_zone="Europe/Kyiv",
        start=local(2030, 3, 12, 18, 0, "Europe/Kyiv"),
        end=local(2030, 3, 12, 19, 0, "Europe/Kyiv"),
    )
    html = client.get(event.get_absolute_url()).content.decode()
    assert "6 p.m. – 7 p.m. EET" in html
    assert "noon – 1 p.m. EDT" in html


def test_one_vevent_with_every_property_a_calendar_needs(client, frozen):
    series = SeriesFactory(name="New Voices on Eurasia")
    speaker, moderator = PersonFactory(name="Volha Charnysh"), PersonFactory(name="Henry Hale")
    event = EventFactory(
        title="Refugee assistance",
        series=series,
        summary="Why some refugees get more help than others.",
        format=Format.IN_PERSON,
        venue="Elliott School",
        address="1957 E St NW, Washington, DC",
        start=local(2030, 2, 16, 12, 0),
        end=local(2030, 2, 16, 13, 15),
        speakers=[speaker],
        moderators=[moderator],
    )
    response = client.get(event.get_ics_url())
    assert response["Content-Disposition"] == f'attachment; filename="{event.slug}.ics"'
    calendar = parse(response)
    [vevent] = calendar.events
    assert str(vevent["UID"]) == f"{event.uid}@events.ponarseurasia.org"
    assert vevent["DTSTAMP"].dt.tzinfo is not None
    assert vevent["DTSTART"].params["TZID"] == "America/New_York"
    assert vevent.start == local(2030, 2, 16, 12, 0) and vevent.end == local(2030, 2, 16, 13, 15)
    assert str(vevent["SUMMARY"]) == "Refugee assistance"
    description = str(vevent["DESCRIPTION"])
    assert "Why some refugees get more help" in description
    assert "Speakers: Volha Charnysh" in description and "Moderator: Henry Hale" in description
    assert str(vevent["URL"]) == f"http://testserver{event.get_absolute_url()}"
    assert str(vevent["LOCATION"]) == "Elliott School, 1957 E St NW, Washington, DC"
    assert str(vevent["STATUS"]) == "CONFIRMED"
    assert int(vevent["SEQUENCE"]) == 0
    assert [tz.tz_name for tz in calendar.timezones] == ["America/New_York"]


def test_uid_is_stable_and_sequence_rises_when_the_event_changes(client, frozen):
    event = EventFactory(
        title="Original title", start=local(2030, 2, 1, 12), end=local(2030, 2, 1, 13)
    )
    first = by_summary(parse(client.get(reverse("events:calendar"))))["Original title"]
    event.title = "New title"
    event.slug = "renamed"
    event.save()
    event.save()  # saving without a change does not count
    event.start, event.end = local(2030, 2, 1, 14), local(2030, 2, 1, 15)
    event.save()
    second = by_summary(parse(client.get(reverse("events:calendar"))))["New title"]
    assert second["UID"] == first["UID"]
    assert int(first["SEQUENCE"]) == 0 and int(second["SEQUENCE"]) == 2
    assert second.start == local(2030, 2, 1, 14)


def test_cancelled_event_says_so_in_the_feed(client, frozen):
    event = EventFactory(title="Called off", start=local(2030, 2, 1, 12), end=local(2030, 2, 1, 13))
    event.status = EventStatus.CANCELLED
    event.save()
    vevent = by_summary(parse(client.get(reverse("events:calendar"))))["Called off"]
    assert str(vevent["STATUS"]) == "CANCELLED"
    assert int(vevent["SEQUENCE"]) == 1
    assert "cancelled" in str(vevent["DESCRIPTION"])


def test_feed_is_inline_and_named_for_subscription(client, frozen):
    EventFactory()
    response = client.get(reverse("events:calendar"))
    assert response["Content-Disposition"].startswith("inline")
    calendar = parse(response)
    assert str(calendar["X-WR-CALNAME"]) == "PONARS Eurasia events"
    assert str(calendar["VERSION"]) == "2.0"
    assert calendar["PRODID"]


def test_series_calendar_has_only_its_events(client, frozen):
    series = SeriesFactory(name="New Voices on Eurasia")
    EventFactory(series=series, title="In the series")
    EventFactory(title="Elsewhere")
    calendar = parse(client.get(series.get_calendar_url()))
    assert set(by_summary(calendar)) == {"In the series"}
    assert "New Voices on Eurasia" in str(calendar["X-WR-CALNAME"])


def test_empty_calendar_is_still_valid(client):
    calendar = parse(client.get(reverse("events:calendar")))
    assert calendar.events == []


def test_unchanged_feed_answers_304_and_a_change_refreshes_it(client, frozen):
    event = EventFactory(start=local(2030, 2, 1, 12), end=local(2030, 2, 1, 13))
    first = client.get(reverse("events:calendar"))
    etag = first["ETag"]
    assert (
        client.get(reverse("events:calendar"), headers={"if-none-match": etag}).status_code == 304
    )
    event.title = "Renamed"
    event.save()
    again = client.get(reverse("events:calendar"), headers={"if-none-match": etag})
    assert again.status_code == 200 and "Renamed" in again.content.decode()
