"""Events and Online Academy lectures (the events app) in site search."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.publishing import Status
from events.models import Event, EventStatus, Lecture, Participant, Role
from members.models import Person
from ponars.search.backends import Filters, search
from tests.articles.factories import ArticleFactory, TopicFactory
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

URL = reverse("search:search")


def slugs(text, **filters):
    return [hit.slug for hit in search(text, Filters(**filters))[:20]]


def test_a_past_event_is_found_by_title_people_series_and_description(client):
    speaker = PersonFactory(name="Maria Lipman", slug="maria-lipman")
    moderator = PersonFactory(name="Henry Hale", slug="henry-hale")
    event = EventFactory(
        title="Russia's Regions After the Elections",
        slug="regions",
        start=local(2023, 5, 4, 21),  # already May 5 in UTC
        end=local(2023, 5, 4, 22, 30),
        series=SeriesFactory(name="New Voices on Eurasia"),
        summary="A panel on governors.",
        description="<p>Turnout in the <strong>Volga</strong> republics.</p>",
        speakers=[speaker],
        moderators=[moderator],
    )
    for text in ("regions", "Lipman", "Hale", "New Voices", "governors", "Volga republics"):
        assert slugs(text, kinds=["event"]) == ["regions"], text
    assert set(slugs("Lipman")) == {"regions", "maria-lipman"}  # the event and the person

    response = client.get(URL, {"q": "Lipman"})
    html = response.content.decode()
    assert_valid_html(response)
    assert f'href="{event.get_absolute_url()}"' in html
    assert "Event" in html
    assert "May 4, 2023" in html and "May 5" not in html  # its day in Washington
    assert "Maria Lipman, Henry Hale" in html  # speakers, then the moderator
    assert client.get(event.get_absolute_url()).status_code == 200


def test_an_upcoming_event_is_found_though_scheduled_articles_still_wait(client):
    start = timezone.now() + datetime.timedelta(days=40)
    event = EventFactory(
        title="Caspian Pipelines Roundtable",
        slug="caspian",
        start=start,
        end=start + datetime.timedelta(hours=2),
    )
    ArticleFactory(
        title="Caspian Pipelines Revisited",
        slug="scheduled-caspian",
        published_at=timezone.now() + datetime.timedelta(days=1),
    )
    assert slugs("Caspian pipelines") == ["caspian"]
    assert slugs("", kinds=["event"]) == ["caspian"]  # browsing the type lists it too

    html = client.get(URL, {"q": "roundtable"}).content.decode()
    assert event.get_absolute_url() in html
    assert timezone.localtime(start).strftime("%B %-d, %Y") in html  # its start date


def test_draft_events_are_never_found_and_cancelled_ones_say_so(client):
    EventFactory(title="Secret walrus planning", slug="draft", status=EventStatus.DRAFT)
    cancelled = EventFactory(
        title="Walrus Migration Panel", slug="called-off", status=EventStatus.CANCELLED
    )
    assert slugs("walrus") == ["called-off"]
    assert slugs("", kinds=["event"]) == ["called-off"]

    html = client.get(URL, {"q": "walrus"}).content.decode()
    assert "Secret walrus planning" not in html and "/events/draft/" not in html
    assert "Cancelled:" in html and cancelled.get_absolute_url() in html
    # The page a reader lands on is public, and marked cancelled.
    assert "has been cancelled" in client.get(cancelled.get_absolute_url()).content.decode()

    Event.objects.filter(pk=cancelled.pk).update(status=EventStatus.DRAFT)
    assert slugs("walrus") == []


def test_editing_an_event_reaches_the_index():
    event = EventFactory(title="Arctic Shipping Lanes", slug="arctic")
    event.title = "Arctic Railways"
    event.save()
    assert slugs("railways") == ["arctic"]
    assert slugs("shipping") == []
    event.delete()
    assert slugs("railways") == []


def test_renaming_speakers_and_series_and_changing_the_lineup_reach_the_index():
    speaker = PersonFactory(name="Olga Onuch")
    series = SeriesFactory(name="Winter Seminars")
    event = EventFactory(title="Protest Waves", slug="protest", series=series, speakers=[speaker])

    speaker.name = "Olga Renamedperson"
    speaker.save()
    assert slugs("Renamedperson", kinds=["event"]) == ["protest"]
    Person.objects.filter(pk=speaker.pk).update(name="Olga Bulkrenamed")  # no save() signal
    assert slugs("Bulkrenamed", kinds=["event"]) == ["protest"]
    assert slugs("Renamedperson", kinds=["event"]) == []

    series.name = "Summer Seminars"
    series.save()
    assert slugs("summer seminars") == ["protest"]

    moderator = PersonFactory(name="Late Moderatorname")
    Participant.objects.create(event=event, person=moderator, role=Role.MODERATOR, order=5)
    assert slugs("Moderatorname", kinds=["event"]) == ["protest"]
    Participant.objects.filter(event=event, person=speaker).delete()
    assert slugs("Bulkrenamed", kinds=["event"]) == []
    assert search("protest")[0].authors == "Late Moderatorname"


def test_type_filter_narrows_to_events(client):
    ArticleFactory(title="Energy Security in the Black Sea", slug="energy-article")
    event = EventFactory(title="Energy Security Briefing", slug="energy-event")
    assert set(slugs("energy security")) == {"energy-article", "energy-event"}
    assert slugs("energy security", kinds=["event"]) == ["energy-event"]

    response = client.get(URL, {"q": "energy security", "type": "event"})
    html = response.content.decode()
    assert response.status_code == 200
    assert event.get_absolute_url() in html
    assert "/energy-article/" not in html
    assert "1 result" in html
    assert '<option value="event" selected>Events</option>' in html


def test_author_filter_finds_events_the_person_speaks_at_or_moderates(client):
    person = PersonFactory(name="Kristina Hook", slug="kristina-hook")
    EventFactory(title="Memory and war", slug="spoke", speakers=[person])
    EventFactory(title="Memory and law", slug="moderated", moderators=[person])
    EventFactory(title="Memory and others", slug="absent", speakers=[PersonFactory()])
    assert set(slugs("memory", author_id=person.pk)) == {"spoke", "moderated"}

    html = client.get(URL, {"q": "memory", "author": "kristina-hook"}).content.decode()
    assert "/events/spoke/" in html and "/events/moderated/" in html
    assert "/events/absent/" not in html


def test_year_filter_uses_the_event_date():
    EventFactory(title="Budget talk", slug="in-2021", start=local(2021, 12, 31, 20))
    EventFactory(title="Budget talk", slug="in-2022", start=local(2022, 1, 1, 10))
    assert slugs("budget", year=2021) == ["in-2021"]
    assert slugs("budget", year=2022) == ["in-2022"]


def test_lectures_are_found_with_lecturer_and_topic(client):
    lecturer = PersonFactory(name="Sergei Medvedev", slug="sergei-medvedev")
    lecture = LectureFactory(
        title="The Return of the Leviathan",
        slug="leviathan",
        lecturer=lecturer,
        topic=LectureTopicFactory(name="State and Society"),
        summary="Power and its rituals.",
        recorded_on=datetime.date(2023, 1, 27),
    )
    LectureFactory(title="Unpublished leviathan notes", slug="hidden", status=Status.DRAFT)
    for text in ("leviathan", "Medvedev", "state society", "rituals"):
        assert slugs(text, kinds=["lecture"]) == ["leviathan"], text
    assert slugs("leviathan", kinds=["lecture"]) == ["leviathan"]
    assert slugs("leviathan", kinds=["event"]) == []
    assert slugs("leviathan", author_id=lecturer.pk) == ["leviathan"]
    assert slugs("leviathan", year=2023) == ["leviathan"]
    assert slugs("leviathan", year=2022) == []

    response = client.get(URL, {"q": "leviathan", "type": "lecture"})
    html = response.content.decode()
    assert_valid_html(response)
    assert f'href="{lecture.get_absolute_url()}"' in html
    assert "Online Academy lecture" in html and "January 27, 2023" in html
    assert "Sergei Medvedev" in html and "Unpublished" not in html

    Lecture.objects.filter(pk=lecture.pk).update(status=Status.DRAFT)
    assert slugs("leviathan") == []


def test_a_lecture_matches_an_article_topic_of_the_same_slug():
    topic = TopicFactory(name="Energy", slug="energy")
    LectureFactory(title="Gas and power", slug="gas", topic=LectureTopicFactory(name="Energy"))
    LectureFactory(title="Gas and law", slug="other", topic=LectureTopicFactory(name="Law"))
    assert slugs("gas", topic_id=topic.pk) == ["gas"]


@pytest.mark.parametrize("kind", ["event", "lecture"])
def test_a_scheduled_event_or_lecture_is_found_once_its_publication_time_comes(kind, time_machine):
    """Events are dated by their start and lectures by their recording, not by publication:
    a scheduled one must still wait for its time."""
    now = timezone.now()
    time_machine.move_to(now, tick=False)
    make = EventFactory if kind == "event" else LectureFactory
    make(title="Caspian pipelines", slug="caspian", published_at=now + datetime.timedelta(hours=2))
    assert slugs("Caspian") == []
    assert slugs("Caspian", kinds=[kind]) == []
    time_machine.move_to(now + datetime.timedelta(hours=3), tick=False)
    assert slugs("Caspian") == ["caspian"]
