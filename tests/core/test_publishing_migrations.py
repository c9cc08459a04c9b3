"""The data migrations of the one publishing model and the one credit abstraction, run on rows
made with the models as they were (PostgreSQL in CI, SQLite in `make test`)."""

import datetime

import pytest
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from core.publishing import Status
from events.models import Event, EventStatus, Lecture, Participant
from podcasts.models import Episode
from ponars.search import schema
from ponars.search.backends import Filters, search

BEFORE = [
    ("events", "0004_comments_open"),
    ("articles", "0008_comments_app"),
    ("podcasts", "0004_comments_open"),
    ("resources", "0003_checked_uploads"),
]


def _without_search_triggers(tables):
    """Rows made with the old models must not run today's triggers (they read new columns);
    the forward migration indexes them again."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in tables:
                cursor.execute(f"ALTER TABLE {table} DISABLE TRIGGER USER")
        else:
            schema.suspend(connection)


def _with_search_triggers(tables):
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in tables:
                cursor.execute(f"ALTER TABLE {table} ENABLE TRIGGER USER")


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_events_lectures_and_credits_keep_what_readers_saw():
    call_command("migrate", *BEFORE[0], verbosity=0)
    for app, name in BEFORE[1:]:
        call_command("migrate", app, name, verbosity=0)
    old = MigrationExecutor(connection).loader.project_state(BEFORE).apps
    tables = ["events_event", "events_participant", "events_lecture", "podcasts_episodeguest"]
    tables += ["podcasts_episode", "members_person"]
    _without_search_triggers(tables)

    Person = old.get_model("members", "Person")
    people = [
        Person.objects.create(name=name, sort_name=name, slug=name.lower())
        for name in ("Anna", "Boris", "Clara")
    ]
    created = timezone.now() - datetime.timedelta(days=30)
    start = timezone.now() + datetime.timedelta(days=7)
    OldEvent = old.get_model("events", "Event")
    events = {}
    for status in ("draft", "published", "cancelled"):
        event = OldEvent.objects.create(
            title=f"A {status} event",
            slug=status,
            start=start,
            end=start + datetime.timedelta(hours=1),
            status=status,
        )
        OldEvent.objects.filter(pk=event.pk).update(created=created)
        events[status] = event
    speakers = old.get_model("events", "Participant")
    for order, person in zip((2, 0, 1), people, strict=True):
        speakers.objects.create(event=events["published"], person=person, order=order)
    old.get_model("events", "HistoricalEvent").objects.create(
        id=events["published"].pk,
        title="An earlier title",
        slug="published",
        start=start,
        end=start + datetime.timedelta(hours=1),
        status="published",
        uid=events["published"].uid,
        history_date=created,
        history_type="~",
    )
    topic = old.get_model("events", "LectureTopic").objects.create(name="Memory", slug="memory")
    OldLecture = old.get_model("events", "Lecture")
    for published in (True, False):
        OldLecture.objects.create(
            title=f"Lecture {published}",
            slug=f"lecture-{str(published).lower()}",
            lecturer=people[0],
            topic=topic,
            recording_url="https://www.youtube.com/watch?v=abcdefghijk",
            recorded_on=datetime.date(2023, 1, 27),
            is_published=published,
        )
    OldEpisode = old.get_model("podcasts", "Episode")
    episode = OldEpisode.objects.create(
        title="An episode",
        slug="an-episode",
        summary="S.",
        audio_url="https://media.example.org/a.mp3",
        host=people[0],
        status="published",
        published_at=created,
        guid="x",
    )
    for order, person in zip((1, 0), people[1:], strict=True):
        old.get_model("podcasts", "EpisodeGuest").objects.create(
            episode=episode, person=person, order=order
        )
    _with_search_triggers(tables)

    call_command("migrate", verbosity=0)

    by_slug = {event.slug: event for event in Event.objects.all()}
    assert {slug: event.status for slug, event in by_slug.items()} == {
        "draft": EventStatus.DRAFT,
        "published": EventStatus.PUBLISHED,
        "cancelled": EventStatus.CANCELLED,
    }
    assert all(event.published_at == event.created == created for event in by_slug.values())
    assert set(Event.objects.published().values_list("slug", flat=True)) == {
        "published",
        "cancelled",
    }
    history = by_slug["published"].history.get(title="An earlier title")
    assert history.published_at == created
    assert [c.person.name for c in by_slug["published"].credits.all()] == ["Boris", "Clara", "Anna"]
    assert list(Participant.objects.values_list("order", flat=True).order_by("order")) == [0, 1, 2]

    assert dict(Lecture.objects.values_list("slug", "status")) == {
        "lecture-true": Status.PUBLISHED,
        "lecture-false": Status.DRAFT,
    }
    assert [lecture.slug for lecture in Lecture.objects.published()] == ["lecture-true"]
    assert [p.name for p in Episode.objects.with_credits().get().credited_people] == [
        "Clara",
        "Boris",
    ]
    # The search index reads the lectures' new status column.
    assert [hit.slug for hit in search("Lecture", Filters(kinds=["lecture"]))[:5]] == [
        "lecture-true"
    ]
