"""What search engines and link previews read on the events pages (core.metadata)."""

import datetime

import pytest
from django.urls import reverse

from core.publishing import Status
from events.models import EventStatus, Format
from tests.events.factories import EventFactory, LectureFactory, SeriesFactory, local
from tests.helpers.seo import checked_json_ld, links, meta_tags
from tests.members.factories import PersonFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def frozen(time_machine):
    time_machine.move_to(datetime.datetime(2030, 1, 10, 12, tzinfo=datetime.UTC), tick=False)


def event_block(blocks):
    [event] = [b for b in blocks if b["@type"] == "Event"]
    return event


def test_event_page_has_schema_org_event_in_its_own_zone(client, frozen):
    speaker = PersonFactory(name="Volha Charnysh")
    series = SeriesFactory(name="New Voices on Eurasia")
    event = EventFactory(
        title="Talk in Kyiv",
        series=series,
        time_zone="Europe/Kyiv",
        start=local(2030, 4, 4, 18, 0, "Europe/Kyiv"),
        end=local(2030, 4, 4, 19, 30, "Europe/Kyiv"),
        format=Format.HYBRID,
        venue="Odesa National University",
        address="Odesa, Ukraine",
        online_url="https://example.org/webinar",
        speakers=[speaker],
    )
    response = client.get(event.get_absolute_url())
    blocks, types = checked_json_ld(response)
    data = event_block(blocks)
    assert data["startDate"] == "2030-04-04T18:00:00+03:00"
    assert data["endDate"] == "2030-04-04T19:30:00+03:00"
    assert data["eventStatus"] == "https://schema.org/EventScheduled"
    assert data["eventAttendanceMode"] == "https://schema.org/MixedEventAttendanceMode"
    assert {place["@type"] for place in data["location"]} == {"Place", "VirtualLocation"}
    assert data["performer"][0]["name"] == "Volha Charnysh"
    assert "BreadcrumbList" in types
    tags = meta_tags(response)
    assert tags["og:title"] == ["Talk in Kyiv"]
    calendars = [
        link["href"] for link in links(response, "alternate") if link.get("type") == "text/calendar"
    ]
    assert f"http://testserver{reverse('events:calendar')}" in calendars
    assert f"http://testserver{series.get_calendar_url()}" in calendars


def test_cancelled_event_is_marked_for_search_engines(client, frozen):
    event = EventFactory(status=EventStatus.CANCELLED, title="Called off")
    response = client.get(event.get_absolute_url())
    blocks, _ = checked_json_ld(response)
    assert event_block(blocks)["eventStatus"] == "https://schema.org/EventCancelled"
    assert meta_tags(response)["og:title"] == ["Cancelled: Called off"]


def test_draft_preview_is_not_indexed(client, editor):
    event = EventFactory(status=EventStatus.DRAFT)
    client.force_login(editor)
    assert meta_tags(client.get(event.get_absolute_url()))["robots"] == ["noindex"]


@pytest.mark.parametrize("url_name", ["events:upcoming", "events:past", "academy:index"])
def test_list_pages_describe_themselves(client, url_name):
    EventFactory()
    LectureFactory()
    response = client.get(reverse(url_name))
    _, types = checked_json_ld(response)
    assert "CollectionPage" in types
    assert meta_tags(response)["og:url"] == [f"http://testserver{reverse(url_name)}"]


def test_series_and_lecture_pages_describe_themselves(client):
    series = SeriesFactory(description="Early-career scholars present new research.")
    EventFactory(series=series)
    response = client.get(series.get_absolute_url())
    checked_json_ld(response)
    assert meta_tags(response)["og:description"] == ["Early-career scholars present new research."]
    lecture = LectureFactory(title="Conflicts in the North Caucasus Since 1991")
    response = client.get(lecture.get_absolute_url())
    _, types = checked_json_ld(response)
    assert "WebPage" in types and "Person" in types
    assert meta_tags(response)["og:title"] == ["Conflicts in the North Caucasus Since 1991"]


def test_sitemap_lists_only_what_readers_may_see(client):
    series = SeriesFactory()
    shown = EventFactory(series=series)
    draft = EventFactory(status=EventStatus.DRAFT, title="Draft")
    lecture = LectureFactory()
    hidden = LectureFactory(status=Status.DRAFT)
    index = client.get("/sitemap.xml").content.decode()
    for section in ["events", "event-series", "academy"]:
        assert f"http://testserver/sitemap-{section}.xml" in index
    events = client.get("/sitemap-events.xml").content.decode()
    assert f"http://testserver{shown.get_absolute_url()}" in events
    assert draft.get_absolute_url() not in events
    assert series.get_absolute_url() in client.get("/sitemap-event-series.xml").content.decode()
    academy = client.get("/sitemap-academy.xml").content.decode()
    assert lecture.get_absolute_url() in academy and hidden.get_absolute_url() not in academy
    assert "/events/" in client.get("/sitemap-pages.xml").content.decode()
