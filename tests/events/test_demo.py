import io
from types import SimpleNamespace

import pytest
from django.urls import reverse

from events import demo
from events.models import Event, Lecture, Role

pytestmark = pytest.mark.django_db


def test_demo_events_and_lectures_are_complete_and_idempotent(client):
    command = SimpleNamespace(stdout=io.StringIO())
    demo.seed(command)
    uids = dict(Event.objects.values_list("slug", "uid"))
    sequences = dict(Event.objects.values_list("slug", "sequence"))
    demo.seed(command)
    # Run twice on one day: nothing new, nothing changed (so no calendar update either).
    assert dict(Event.objects.values_list("slug", "uid")) == uids
    assert dict(Event.objects.values_list("slug", "sequence")) == sequences
    assert Lecture.objects.count() == len(demo.LECTURES)

    charnysh = Event.objects.with_people().get(
        slug="determinants-of-assistance-to-ukrainian-and-syrian-refugees"
    )
    assert charnysh.series.name == "New Voices on Eurasia"
    assert [p.name for p in charnysh.speakers] == ["Volha Charnysh"]
    assert charnysh.local_times.start.date().isoformat() == "2023-02-16"
    assert charnysh.recording is not None
    erlich = Event.objects.with_people().get(slug="pro-kremlin-propagandas-failure-in-ukraine")
    assert [p.name for p in erlich.speakers] == ["Aaron Erlich"]
    assert erlich.local_times.start.date().isoformat() == "2023-01-19"
    lecture = Lecture.objects.get(slug="conflicts-in-the-north-caucasus-since-1991")
    assert lecture.lecturer.name == "Jean-François Ratelle"

    assert Event.objects.upcoming().count() >= 3
    assert Event.objects.past().exclude(recording_url="").count() >= 3
    assert Event.objects.published().filter(status="cancelled").exists()
    assert all(e.credits.filter(role=Role.MODERATOR).exists() for e in Event.objects.published())

    upcoming = client.get(reverse("events:upcoming")).content.decode()
    assert "Spring Workshop (draft)" not in upcoming
    assert (
        "Pro-Kremlin Propaganda’s Failure in Ukraine"
        in client.get(reverse("events:past")).content.decode()
    )
    assert (
        "Conflicts in the North Caucasus Since 1991"
        in client.get(reverse("academy:index")).content.decode()
    )
