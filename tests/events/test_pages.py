import datetime

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import timezone

from core.publishing import Status
from events.models import Event, EventStatus, Format
from tests.events.factories import (
    EventFactory,
    LectureFactory,
    LectureTopicFactory,
    SeriesFactory,
    local,
)
from tests.helpers.html import assert_valid_html
from tests.members.factories import PersonFactory

pytestmark = pytest.mark.django_db


def make_events(count, past=False):
    series = SeriesFactory()
    speakers = [PersonFactory(), PersonFactory(), PersonFactory()]
    moderator = PersonFactory()
    return [
        EventFactory(
            series=series,
            speakers=speakers,
            moderators=[moderator],
            past=past,
            recording_url="https://vimeo.com/76979871" if past else "",
        )
        for _ in range(count)
    ]


def test_upcoming_and_past_are_decided_by_the_clock(time_machine):
    start = timezone.now() + datetime.timedelta(days=2)
    event = EventFactory(start=start, end=start + datetime.timedelta(hours=2))
    assert list(Event.objects.upcoming()) == [event]
    assert list(Event.objects.past()) == []
    time_machine.move_to(start + datetime.timedelta(hours=1))  # under way: still listed as upcoming
    assert list(Event.objects.upcoming()) == [event]
    time_machine.move_to(start + datetime.timedelta(hours=3))
    assert list(Event.objects.upcoming()) == []
    assert list(Event.objects.past()) == [event]


def test_drafts_never_leak_and_cancelled_events_stay_listed(client):
    EventFactory(title="Secret planning", status=EventStatus.DRAFT)
    EventFactory(title="Called off", status=EventStatus.CANCELLED)
    EventFactory(title="Going ahead")
    html = client.get(reverse("events:upcoming")).content.decode()
    assert "Secret planning" not in html
    assert "Going ahead" in html
    assert "Called off" in html and "Cancelled" in html
    calendar = client.get(reverse("events:calendar")).content.decode()
    assert "Secret planning" not in calendar


def test_upcoming_page_lists_soonest_first_with_both_time_zones(client):
    series = SeriesFactory(name="New Voices on Eurasia")
    charnysh = PersonFactory(name="Volha Charnysh")
    later = EventFactory(title="Later talk", start=timezone.now() + datetime.timedelta(days=20))
    kyiv_start = local(2030, 1, 15, 18, 0, "Europe/Kyiv")
    kyiv = EventFactory(
        title="Talk in Kyiv",
        series=series,
        start=kyiv_start,
        end=kyiv_start + datetime.timedelta(minutes=90),
        time_zone="Europe/Kyiv",
        speakers=[charnysh],
    )
    sooner = EventFactory(title="Sooner talk", start=timezone.now() + datetime.timedelta(days=1))
    response = client.get(reverse("events:upcoming"))
    html = response.content.decode()
    assert_valid_html(response)
    assert html.index("Sooner talk") < html.index("Later talk") < html.index("Talk in Kyiv")
    assert kyiv.get_absolute_url() in html and later.pk and sooner.pk
    # 18:00 in Kyiv (EET, UTC+2) is 11:00 in Washington (EST, UTC-5).
    assert "6 p.m. – 7:30 p.m. EET" in html and "(Kyiv time)" in html
    assert "11 a.m. – 12:30 p.m. EST" in html and "(Washington time)" in html
    assert "New Voices on Eurasia" in html and "Online" in html
    assert f'<a href="{charnysh.get_absolute_url()}">Volha Charnysh</a>' in html


def test_past_page_newest_first_with_recordings(client):
    old = EventFactory(title="Older event", start=timezone.now() - datetime.timedelta(days=60))
    newer = EventFactory(
        title="Newer event",
        start=timezone.now() - datetime.timedelta(days=5),
        recording_url="https://www.youtube.com/watch?v=abcdefghijk",
    )
    EventFactory(title="Still to come")
    response = client.get(reverse("events:past"))
    html = response.content.decode()
    assert_valid_html(response)
    assert html.index("Newer event") < html.index("Older event")
    assert "Still to come" not in html
    assert f"{newer.get_absolute_url()}#recording" in html
    assert f"{old.get_absolute_url()}#recording" not in html


def test_past_page_filters_by_year_and_month(client):
    EventFactory(title="February talk", start=local(2023, 2, 16, 12), end=local(2023, 2, 16, 13))
    EventFactory(title="January talk", start=local(2023, 1, 19, 12), end=local(2023, 1, 19, 13))
    EventFactory(title="Talk of 2022", start=local(2022, 5, 1, 12), end=local(2022, 5, 1, 13))
    html = client.get(reverse("events:past") + "?year=2023").content.decode()
    assert "February talk" in html and "January talk" in html and "Talk of 2022" not in html
    response = client.get(reverse("events:past") + "?year=2023&month=2")
    assert_valid_html(response)
    html = response.content.decode()
    assert "February talk" in html and "January talk" not in html
    assert "February 2023" in html
    # The empty choices of the form mean "all".
    assert "Talk of 2022" in client.get(reverse("events:past") + "?year=&month=").content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "?year=abc",
        "?year=2023&month=13",
        "?year=2023&month=0",
        "?month=2",
        "?year=99999",
        "?year=２０２３",
        "?year=-1",
        "?page=x",
    ],
)
def test_malformed_filters_are_404(client, query):
    EventFactory(past=True)
    response = client.get(reverse("events:past") + query)
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_event_page_shows_everything_a_reader_needs(client):
    speaker, second = PersonFactory(name="Volha Charnysh"), PersonFactory(name="Ada Second")
    moderator = PersonFactory(name="Henry Hale")
    start = timezone.now() + datetime.timedelta(days=10)
    event = EventFactory(
        title="Refugee assistance",
        format=Format.HYBRID,
        venue="Elliott School",
        address="1957 E St NW, Washington, DC",
        online_url="https://example.org/webinar",
        registration_url="https://example.org/register",
        description="<p>Why some refugees get more help.</p>",
        start=start,
        end=start + datetime.timedelta(hours=1),
        speakers=[speaker, second],
        moderators=[moderator],
    )
    response = client.get(event.get_absolute_url())
    html = response.content.decode()
    assert_valid_html(response)
    assert "<h1>Refugee assistance</h1>" in html
    assert "Why some refugees get more help." in html
    assert html.index("Volha Charnysh") < html.index("Ada Second")
    assert speaker.get_absolute_url() in html and moderator.get_absolute_url() in html
    assert "Moderator" in html
    assert "Elliott School" in html and "https://example.org/webinar" in html
    assert 'href="https://example.org/register"' in html and "Register" in html
    assert event.get_ics_url() in html and "Add to calendar" in html


def test_registration_button_only_while_registration_is_open(client, time_machine):
    start = timezone.now() + datetime.timedelta(days=10)
    event = EventFactory(
        start=start,
        end=start + datetime.timedelta(hours=1),
        registration_url="https://example.org/register",
        registration_deadline=start - datetime.timedelta(days=2),
    )
    assert (
        'href="https://example.org/register"'
        in client.get(event.get_absolute_url()).content.decode()
    )
    time_machine.move_to(start - datetime.timedelta(days=1))
    html = client.get(event.get_absolute_url()).content.decode()
    assert 'href="https://example.org/register"' not in html
    assert "Registration has closed." in html


def test_recording_is_a_link_until_the_reader_asks_for_the_player(client):
    event = EventFactory(
        past=True, recording_url="https://youtu.be/abcdefghijk", title="Recorded talk"
    )
    response = client.get(event.get_absolute_url())
    html = response.content.decode()
    assert_valid_html(response)
    assert "<iframe" not in html  # nothing loads from YouTube until the click
    assert 'href="https://www.youtube.com/watch?v=abcdefghijk"' in html
    assert (
        'data-video-embed="https://www.youtube-nocookie.com/embed/abcdefghijk?autoplay=1"' in html
    )
    assert "/static/js/video.js" in html
    assert "<script>" not in html  # no inline script: the CSP forbids it
    assert "Add to calendar" not in html  # it is over


def test_cancelled_event_page_says_so(client):
    event = EventFactory(
        status=EventStatus.CANCELLED, registration_url="https://example.org/register"
    )
    html = client.get(event.get_absolute_url()).content.decode()
    assert "This event has been cancelled." in html
    assert 'href="https://example.org/register"' not in html


def test_drafts_are_404_for_readers_and_previewable_by_editors(client, editor):
    draft = EventFactory(status=EventStatus.DRAFT, title="Unannounced")
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(draft.get_ics_url()).status_code == 404
    client.force_login(editor)
    html = client.get(draft.get_absolute_url()).content.decode()
    assert "Unannounced" in html and "only staff can see this page" in html


def test_unknown_slugs_are_404(client):
    for url in [
        "/events/nope/",
        "/events/nope.ics",
        "/events/series/nope/",
        "/events/series/nope/calendar.ics",
        "/academy/nope/",
        "/academy/?topic=nope",
    ]:
        assert client.get(url).status_code == 404, url


def test_series_page_lists_its_events_and_links_its_calendar(client):
    series = SeriesFactory(name="New Voices on Eurasia")
    mine = EventFactory(series=series, title="In the series")
    EventFactory(title="Elsewhere")
    EventFactory(series=series, title="Earlier in the series", past=True)
    response = client.get(series.get_absolute_url())
    html = response.content.decode()
    assert_valid_html(response)
    assert "In the series" in html and "Earlier in the series" in html and "Elsewhere" not in html
    assert series.get_calendar_url() in html and mine.get_absolute_url() in html


@pytest.mark.parametrize("count", [1, 30])
@pytest.mark.parametrize("url_name", ["events:upcoming", "events:past"])
def test_list_pages_query_budget(client, django_assert_max_num_queries, count, url_name):
    make_events(count, past=url_name == "events:past")
    with django_assert_max_num_queries(5):
        response = client.get(reverse(url_name))
    assert response.status_code == 200
    html = response.content.decode()
    assert html.count('class="card event-card') == min(count, 20)  # 20 a page
    if count > 20:
        assert ("Later →" if url_name == "events:upcoming" else "Older →") in html


@pytest.mark.parametrize("count", [1, 30])
def test_event_and_series_pages_query_budget(client, django_assert_max_num_queries, count):
    events = make_events(count)
    with django_assert_max_num_queries(3):
        assert client.get(events[0].get_absolute_url()).status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get(events[0].series.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("count", [1, 30])
def test_calendar_query_budget(client, django_assert_max_num_queries, count):
    make_events(count)
    with django_assert_max_num_queries(3):
        response = client.get(reverse("events:calendar"))
    assert response.content.decode().count("BEGIN:VEVENT") == count


@pytest.mark.parametrize("count", [1, 30])
def test_home_and_person_blocks_query_budget(client, django_assert_max_num_queries, count):
    events = make_events(count)
    speaker = events[0].speakers[0]
    LectureFactory(lecturer=speaker, title="A lecture by the speaker")
    with django_assert_max_num_queries(10):
        home = client.get(reverse("home"))
    assert events[0].title in home.content.decode()
    # The person page also carries other apps' sections (articles, episodes, books, syllabi,
    # expertise): the bound is for the whole page, the same with 1 or 30 events.
    with django_assert_max_num_queries(10):
        page = client.get(speaker.get_absolute_url())
    html = page.content.decode()
    assert_valid_html(page)
    assert html.count("Speaker · ") == count
    assert "A lecture by the speaker" in html


def test_person_page_shows_events_spoken_at_and_moderated(client):
    person = PersonFactory(name="Henry Hale")
    EventFactory(title="Spoke here", speakers=[person], past=True)
    EventFactory(title="Moderated here", moderators=[person])
    EventFactory(title="Not involved")
    EventFactory(title="Hidden draft", speakers=[person], status=EventStatus.DRAFT)
    html = client.get(person.get_absolute_url()).content.decode()
    assert "Spoke here" in html and "Moderated here" in html
    assert "Moderator · " in html and "Speaker · " in html
    assert "Not involved" not in html and "Hidden draft" not in html


def test_home_page_shows_the_next_events(client):
    EventFactory(title="Next up")
    EventFactory(title="Already over", past=True)
    html = client.get(reverse("home")).content.decode()
    assert "Upcoming events" in html and "Next up" in html and "Already over" not in html


def test_academy_lists_lectures_by_topic_and_lecturer(client):
    ratelle = PersonFactory(name="Jean-François Ratelle")
    conflict = LectureTopicFactory(name="Conflict and Security", order=0)
    memory = LectureTopicFactory(name="History and Memory", order=1)
    lecture = LectureFactory(
        title="Conflicts in the North Caucasus Since 1991", lecturer=ratelle, topic=conflict
    )
    LectureFactory(title="Memory politics", topic=memory)
    LectureFactory(title="Not yet out", topic=memory, status=Status.DRAFT)
    response = client.get(reverse("academy:index"))
    html = response.content.decode()
    assert_valid_html(response)
    assert (
        html.index('id="topic-conflict-and-security"')
        < html.index("Conflicts in the North Caucasus")
        < html.index('id="topic-history-and-memory"')
        < html.index("Memory politics")
    )
    assert ratelle.get_absolute_url() in html and "Not yet out" not in html
    filtered = client.get(reverse("academy:index") + f"?topic={memory.slug}").content.decode()
    assert "Memory politics" in filtered and "North Caucasus" not in filtered
    detail = client.get(lecture.get_absolute_url())
    assert_valid_html(detail)
    assert "https://www.youtube.com/watch?v=abcdefghijk" in detail.content.decode()


@pytest.mark.parametrize("count", [1, 30])
def test_academy_query_budget(client, django_assert_max_num_queries, count):
    for _ in range(count):
        LectureFactory()
    with django_assert_max_num_queries(3):
        response = client.get(reverse("academy:index"))
    assert response.content.decode().count('<article class="card">') == count


def test_an_event_card_shows_what_a_reader_scans_for():
    """{% event_card %} (events/templatetags/event_cards.py): series and format, the cancelled
    badge, the day and hours in the event's zone and in Washington's, speakers and moderators
    counted in the plural, the summary and the recording's link, escaped."""
    speakers = [PersonFactory(name="Ana <A>"), PersonFactory(name="Boris B")]
    event = EventFactory(
        title="Wars & peace",
        time_zone="Asia/Tbilisi",
        start=datetime.datetime(2025, 3, 3, 23, 0, tzinfo=datetime.UTC),
        end=datetime.datetime(2025, 3, 4, 0, 30, tzinfo=datetime.UTC),
        status=EventStatus.CANCELLED,
        series=SeriesFactory(name="Book Talks"),
        speakers=speakers,
        moderators=[PersonFactory(name="Mia M")],
        recording_url="https://www.youtube.com/watch?v=abcdefghijk",
    )
    event = Event.objects.with_credits().get(pk=event.pk)
    html = Template(
        '{% load event_cards %}{% event_card event heading="h3" show_recording=True %}'
    ).render(Context({"event": event}))
    assert html.startswith('<article class="card event-card is-cancelled">')
    assert f'<a href="{event.series.get_absolute_url()}">Book Talks</a> · Online · ' in html
    assert '<strong class="event-badge">Cancelled</strong>' in html
    assert (
        f'<h3 class="card-title"><a href="{event.get_absolute_url()}">Wars &amp; peace</a></h3>'
        in html
    )
    # 03:00–04:30 on 4 March in Tbilisi (UTC+4), 18:00–19:30 on 3 March in Washington.
    assert '<time datetime="2025-03-04T03:00:00+04:00">Tuesday, March 4, 2025</time>' in html
    assert "3 a.m. – 4:30 a.m. UTC+4" in html and "(Tbilisi time)" in html
    assert "Monday, March 3, 6 p.m. – 7:30 p.m. EST" in html and "(Washington time)" in html
    assert "Speakers: <a" in html and "Ana &lt;A&gt;</a> and <a" in html
    assert "· Moderator: <a" in html
    assert '<p class="card-summary">A talk and a discussion.</p>' in html
    assert 'Watch the recording<span class="visually-hidden"> of “Wars &amp; peace”</span>' in html
