"""Podcast episodes in site search (the podcasts app's `Episode`)."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.publishing import Status
from podcasts.models import Episode, EpisodeGuest, Series
from ponars.search.backends import Filters, search
from tests.helpers.html import assert_valid_html
from tests.members.factories import PersonFactory
from tests.podcasts.factories import EpisodeFactory, SeriesFactory

pytestmark = pytest.mark.django_db


def slugs(text, **filters):
    return [hit.slug for hit in search(text, Filters(**filters))[:20]]


def test_episode_is_found_by_title_guest_series_and_transcript(client):
    host = PersonFactory(name="Maria Lipman", slug="maria-lipman")
    guest = PersonFactory(name="Ivan Kurilla", slug="ivan-kurilla")
    episode = EpisodeFactory(
        title="Historians and the State",
        slug="historians",
        host=host,
        guests=[guest],
        series=SeriesFactory(name="Lipman Series 2021"),
        transcript="We discussed the archives of Perm.",
    )
    for text in ("historians", "Kurilla", "Lipman Series", "archives Perm"):
        assert "historians" in slugs(text), text
    response = client.get(reverse("search:search"), {"q": "Kurilla", "type": "episode"})
    html = response.content.decode()
    assert_valid_html(response)
    assert "Podcast episode" in html and episode.get_absolute_url() in html
    assert "Maria Lipman, Ivan Kurilla" in html


def test_draft_and_scheduled_episodes_are_never_found():
    EpisodeFactory(title="Unfinished walrus talk", status=Status.DRAFT)
    EpisodeFactory(
        title="Future walrus talk", published_at=timezone.now() + datetime.timedelta(days=1)
    )
    assert slugs("walrus") == []


def test_filters_by_type_and_by_host_or_guest():
    host, guest = PersonFactory(name="Host Person"), PersonFactory(name="Guest Person")
    EpisodeFactory(title="Energy talk", slug="hosted", host=host)
    EpisodeFactory(title="Energy chat", slug="guested", guests=[guest])
    assert set(slugs("energy", kinds=["episode"])) == {"hosted", "guested"}
    assert slugs("energy", author_id=host.pk) == ["hosted"]
    assert slugs("energy", author_id=guest.pk) == ["guested"]
    assert slugs("energy", kinds=["article"]) == []
    assert slugs("energy", language="ru") == []


def test_changes_to_guests_series_and_names_reach_the_index():
    guest = PersonFactory(name="Old Guest")
    series = SeriesFactory(name="Winter Series")
    episode = EpisodeFactory(title="Steppe talk", slug="steppe", series=series, guests=[guest])
    Series.objects.filter(pk=series.pk).update(name="Summer Series")
    assert slugs("summer") == ["steppe"]
    PersonFactory._meta.model.objects.filter(pk=guest.pk).update(name="Renamed Guestperson")
    assert "steppe" in slugs("Guestperson")
    EpisodeGuest.objects.filter(episode=episode).delete()
    assert slugs("Guestperson", kinds=["episode"]) == []
    Episode.objects.filter(pk=episode.pk).update(status=Status.DRAFT)
    assert slugs("steppe") == []
