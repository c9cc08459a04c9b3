import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from core.publishing import Status
from podcasts.models import Episode
from tests.helpers.html import assert_valid_html
from tests.helpers.seo import checked_json_ld, links, meta_tags
from tests.members.factories import PersonFactory
from tests.podcasts.factories import EpisodeFactory, SeriesFactory, ShowFactory

pytestmark = pytest.mark.django_db


def make_episodes(count, guests):
    host = PersonFactory(name="Maria Lipman")
    people = [PersonFactory() for _ in range(guests)]
    series = SeriesFactory()
    return [EpisodeFactory(host=host, guests=people, series=series) for _ in range(count)]


def test_published_excludes_drafts_and_scheduled():
    live = EpisodeFactory()
    EpisodeFactory(status=Status.DRAFT)
    EpisodeFactory(published_at=timezone.now() + datetime.timedelta(hours=1))
    assert list(Episode.objects.published()) == [live]


def test_show_page_lists_episodes_newest_first_with_people_and_series(client):
    ShowFactory(apple_podcasts_url="https://podcasts.apple.com/us/podcast/id1")
    host = PersonFactory(name="Maria Lipman")
    noble, petrov = PersonFactory(name="Ben Noble"), PersonFactory(name="Nikolay Petrov")
    series = SeriesFactory(name="Lipman Series 2021")
    EpisodeFactory(
        title="Why Is the Kremlin Nervous?",
        host=host,
        guests=[noble, petrov],
        series=series,
        published_at=timezone.make_aware(datetime.datetime(2021, 9, 14, 10)),
    )
    EpisodeFactory(
        title="The Putin-Xi Summit",
        host=host,
        published_at=timezone.make_aware(datetime.datetime(2022, 2, 23, 10)),
    )
    EpisodeFactory(title="Unfinished draft", status=Status.DRAFT)
    response = client.get(reverse("podcasts:show"))
    assert_valid_html(response)
    html = response.content.decode()
    assert "<h1>PONARS Eurasia Podcast</h1>" in html
    assert html.index("The Putin-Xi Summit") < html.index("Why Is the Kremlin Nervous?")
    assert "September 14, 2021" in html and "Lipman Series 2021" in html
    assert f'Host: <a href="{host.get_absolute_url()}">Maria Lipman</a>' in html
    assert (
        f'<a href="{noble.get_absolute_url()}">Ben Noble</a> and <a href="{petrov.get_absolute_url()}">'
        in html
    )
    assert "Unfinished draft" not in html
    assert 'href="https://podcasts.apple.com/us/podcast/id1"' in html
    assert 'href="/podcasts/feed/"' in html and "http://testserver/podcasts/feed/" in html
    assert 'alt="PONARS Eurasia Podcast artwork"' in html


def test_show_page_before_the_show_exists(client):
    response = client.get(reverse("podcasts:show"))
    assert_valid_html(response)
    assert "No episodes have been published yet." in response.content.decode()


def test_episode_page_has_player_notes_guests_transcript_and_download(client):
    ShowFactory()
    guest = PersonFactory(name="Maxim Trudolyubov", affiliation="Wilson Center")
    episode = EpisodeFactory(
        title="Is Russia Becoming More Soviet?",
        guests=[guest],
        show_notes="<p>Notes about <strong>late Soviet</strong> parallels.</p>",
        transcript="Maria Lipman: Welcome.\n\nMaxim Trudolyubov: Thank you.",
        number=8,
    )
    response = client.get(episode.get_absolute_url())
    assert_valid_html(response)
    html = response.content.decode()
    assert "<h1>Is Russia Becoming More Soviet?</h1>" in html
    assert "<audio controls" in html
    assert f'<source src="{episode.audio.url}" type="audio/wav">' in html
    assert f'href="{episode.audio.url}" download' in html and "(WAV, " in html
    assert "<strong>late Soviet</strong>" in html
    assert f'<a href="{guest.get_absolute_url()}">Maxim Trudolyubov</a>, Wilson Center' in html
    assert (
        '<h2 id="transcript">Transcript</h2>' in html
        and "<p>Maxim Trudolyubov: Thank you.</p>" in html
    )
    assert "Episode 8" in html and "0:02" in html

    transcript = client.get(reverse("podcasts:transcript", kwargs={"slug": episode.slug}))
    assert transcript["Content-Type"] == "text/plain; charset=utf-8"
    assert transcript.content.decode() == "Maria Lipman: Welcome.\n\nMaxim Trudolyubov: Thank you."


def test_episode_from_a_media_host_plays_from_there(client):
    episode = EpisodeFactory(
        audio="", audio_url="https://media.example.org/ep1.mp3", audio_type="audio/mpeg"
    )
    html = client.get(episode.get_absolute_url()).content.decode()
    assert '<source src="https://media.example.org/ep1.mp3" type="audio/mpeg">' in html
    assert "(MP3, " in html


def test_episode_without_transcript_has_no_transcript_section(client):
    episode = EpisodeFactory(transcript="")
    assert "Transcript" not in client.get(episode.get_absolute_url()).content.decode()
    assert (
        client.get(reverse("podcasts:transcript", kwargs={"slug": episode.slug})).status_code == 404
    )


def test_unknown_draft_and_scheduled_episodes_are_404_for_readers(client):
    draft = EpisodeFactory(status=Status.DRAFT)
    scheduled = EpisodeFactory(published_at=timezone.now() + datetime.timedelta(days=1))
    assert client.get("/podcasts/no-such-episode/").status_code == 404
    assert client.get(draft.get_absolute_url()).status_code == 404
    assert client.get(scheduled.get_absolute_url()).status_code == 404
    response = client.get(reverse("podcasts:transcript", kwargs={"slug": draft.slug}))
    assert response.status_code == 404


def test_editor_previews_a_draft_episode(client, editor):
    draft = EpisodeFactory(status=Status.DRAFT, title="Work in progress")
    client.force_login(editor)
    html = client.get(draft.get_absolute_url()).content.decode()
    assert "Work in progress" in html and "only staff can see this page" in html


def test_scheduled_episode_appears_when_its_time_comes(client, time_machine):
    ShowFactory()
    when = timezone.now() + datetime.timedelta(days=2)
    episode = EpisodeFactory(published_at=when, title="Census and nationalities")
    assert "Census and nationalities" not in client.get(reverse("podcasts:show")).content.decode()
    assert "Census and nationalities" not in client.get(reverse("podcasts:feed")).content.decode()
    time_machine.move_to(when + datetime.timedelta(minutes=1))
    assert client.get(episode.get_absolute_url()).status_code == 200
    assert "Census and nationalities" in client.get(reverse("podcasts:show")).content.decode()
    assert "Census and nationalities" in client.get(reverse("podcasts:feed")).content.decode()


def test_show_notes_are_sanitised_on_save():
    episode = EpisodeFactory(
        show_notes='<p onclick="steal()">Hi<script>alert(1)</script> <a href="javascript:alert(1)">x</a></p>'
    )
    episode.refresh_from_db()
    assert "script" not in episode.show_notes
    assert "onclick" not in episode.show_notes
    assert "javascript:" not in episode.show_notes
    assert "Hi" in episode.show_notes


def test_guid_never_changes_once_published(client):
    ShowFactory()
    episode = EpisodeFactory(title="Original title", slug="original")
    guid = episode.guid
    episode.title, episode.slug = "Renamed", "renamed"
    episode.full_clean()
    episode.save()
    episode = Episode.objects.get(pk=episode.pk)
    assert episode.guid == guid
    assert f">{guid}</guid>" in client.get(reverse("podcasts:feed")).content.decode()
    episode.guid = "something-else"
    with pytest.raises(Exception, match="GUID"):
        episode.full_clean()
    with pytest.raises(ValueError, match="GUID"):
        episode.save()
    # Back to draft and published again: still locked.
    Episode.objects.filter(pk=episode.pk).update(status=Status.DRAFT)
    episode = Episode.objects.get(pk=episode.pk)
    episode.guid = "another"
    with pytest.raises(ValueError):
        episode.save()


def test_a_draft_may_take_an_imported_guid():
    episode = EpisodeFactory(status=Status.DRAFT)
    episode = Episode.objects.get(pk=episode.pk)
    episode.guid = "https://old-site.example.org/?p=1234"
    episode.save()
    assert Episode.objects.get(pk=episode.pk).guid == "https://old-site.example.org/?p=1234"


SIZES = [(1, 1), (30, 6)]


@pytest.mark.parametrize("count,guests", SIZES)
def test_show_page_query_count_is_fixed(client, django_assert_num_queries, count, guests):
    ShowFactory()
    make_episodes(count, guests)
    with django_assert_num_queries(4):
        response = client.get(reverse("podcasts:show"))
    assert response.content.decode().count('class="card episode-card"') == min(count, 20)


@pytest.mark.parametrize("count,guests", SIZES)
def test_episode_page_query_count_is_fixed(client, django_assert_num_queries, count, guests):
    ShowFactory()
    episodes = make_episodes(count, guests)
    # +1 since episodes take comments (issue 14): the page's approved comments, in one query.
    with django_assert_num_queries(4):
        response = client.get(episodes[0].get_absolute_url())
    assert response.status_code == 200


@pytest.mark.parametrize("count,guests", SIZES)
def test_home_page_shows_latest_episodes_in_fixed_queries(
    client, django_assert_max_num_queries, count, guests
):
    make_episodes(count, guests)
    newest = EpisodeFactory(
        title="The newest episode", published_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    with django_assert_max_num_queries(10):
        response = client.get(reverse("home"))
    assert_valid_html(response)
    html = response.content.decode()
    assert "PONARS Eurasia Podcast" in html
    assert f'<a href="{newest.get_absolute_url()}">The newest episode</a>' in html
    assert html.count("Lipman Series 2021") == min(count, 4)


def test_home_page_without_episodes_has_no_podcast_box(client):
    assert 'id="home-podcast"' not in client.get(reverse("home")).content.decode()


@pytest.mark.parametrize("count,guests", SIZES)
def test_person_page_lists_hosted_and_guested_episodes(
    client, django_assert_num_queries, count, guests
):
    host = PersonFactory(name="Maria Lipman")
    guest = PersonFactory(name="Nikolay Petrov")
    others = [PersonFactory() for _ in range(guests)]
    for _ in range(count):
        EpisodeFactory(host=host, guests=[guest, *others], title="Elections followup")
    EpisodeFactory(title="Someone else's episode")
    EpisodeFactory(host=host, status=Status.DRAFT, title="Hidden draft")

    # 5 for the person and their episodes, +1 for their areas of expertise (members), +2: the
    # resources app's Books and Course Syllabi sections ask once each, +2: the events app's
    # Events and Online Academy sections (and find nothing here).
    with django_assert_num_queries(10):
        response = client.get(host.get_absolute_url())
    assert_valid_html(response)
    html = response.content.decode()
    assert html.count('Elections followup</a> <span class="episode-role">(host)') == count
    assert "Someone else's episode" not in html and "Hidden draft" not in html

    with django_assert_num_queries(10):
        html = client.get(guest.get_absolute_url()).content.decode()
    assert html.count("(guest)") == count


def test_episode_page_metadata_for_link_previews_and_search_engines(client):
    ShowFactory()
    guest = PersonFactory(name="Ben Noble")
    episode = EpisodeFactory(title="Why Is the Kremlin Nervous?", guests=[guest], number=5)
    response = client.get(episode.get_absolute_url())
    blocks, types = checked_json_ld(response)
    assert {"PodcastEpisode", "PodcastSeries", "AudioObject", "Person"} <= set(types)
    [data] = [b for b in blocks if b["@type"] == "PodcastEpisode"]
    assert data["associatedMedia"]["contentUrl"] == "http://testserver" + episode.audio.url
    assert data["timeRequired"] == "PT0H0M2S" and data["episodeNumber"] == 5
    assert [p["name"] for p in data["author"]] == [episode.host.name]
    assert [p["name"] for p in data["contributor"]] == ["Ben Noble"]
    tags = meta_tags(response)
    assert tags["og:title"] == ["Why Is the Kremlin Nervous?"]
    assert tags["og:audio"] == ["http://testserver" + episode.audio.url]
    assert tags["og:image"][0].startswith("http://testserver/media/renditions/")
    feeds = [link["href"] for link in links(response, "alternate")]
    assert "http://testserver/podcasts/feed/" in feeds


def test_show_page_metadata_is_a_podcast_series(client):
    ShowFactory()
    response = client.get(reverse("podcasts:show"))
    blocks, types = checked_json_ld(response)
    assert "PodcastSeries" in types
    [series] = [b for b in blocks if b["@type"] == "PodcastSeries"]
    assert series["webFeed"] == "http://testserver/podcasts/feed/"
    assert meta_tags(response)["og:image:width"] == ["1400"]
    assert "http://testserver/podcasts/feed/" in [
        link["href"] for link in links(response, "alternate")
    ]


def test_draft_preview_is_not_indexed(client, editor):
    draft = EpisodeFactory(status=Status.DRAFT)
    client.force_login(editor)
    assert meta_tags(client.get(draft.get_absolute_url()))["robots"] == ["noindex"]
