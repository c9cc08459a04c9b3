import io
from types import SimpleNamespace

import podcastparser
import pytest

from podcasts import demo
from podcasts.models import Episode, Show

pytestmark = pytest.mark.django_db


def test_demo_podcast_is_complete_and_idempotent(client):
    command = SimpleNamespace(stdout=io.StringIO())
    demo.seed(command)
    guids = dict(Episode.objects.values_list("slug", "guid"))
    demo.seed(command)
    assert dict(Episode.objects.values_list("slug", "guid")) == guids
    assert Show.objects.count() == 1

    episodes = list(Episode.objects.published().with_people())
    assert len(episodes) == len(demo.EPISODES) == 10
    assert all(e.host.name == "Maria Lipman" for e in episodes)
    assert (
        sum(e.series is not None and e.series.name == "Lipman Series 2021" for e in episodes) == 8
    )
    nervous = Episode.objects.with_people().get(slug="why-is-the-kremlin-nervous")
    assert [p.name for p in nervous.credited_people] == ["Ben Noble", "Nikolay Petrov"]
    assert nervous.published_at.date().isoformat() == "2021-09-14"
    assert nervous.audio_type == "audio/wav" and nervous.duration >= 3 and nervous.artwork

    parsed = podcastparser.parse(
        "http://testserver/podcasts/feed/", io.BytesIO(client.get("/podcasts/feed/").content)
    )
    assert len(parsed["episodes"]) == 10
    assert (
        parsed["episodes"][0]["title"]
        == "The Putin-Xi Summit: What's New In Their Joint Communique ?"
    )
    assert all(e["enclosures"] and e["total_time"] >= 3 for e in parsed["episodes"])
