import datetime
import io
import xml.etree.ElementTree as ET

import feedparser
import podcastparser
import pytest
from django.utils import timezone
from django.utils.http import http_date

from core.publishing import Status
from podcasts.models import Episode, EpisodeType
from tests.members.factories import PersonFactory
from tests.podcasts.factories import EpisodeFactory, SeriesFactory, ShowFactory

pytestmark = pytest.mark.django_db

NS = {
    "itunes": "http://www.itunes.com/dtds/podcast-1.0.dtd",
    "podcast": "https://github.com/Podcastindex-org/podcast-namespace/blob/main/docs/1.0.md",
    "content": "http://purl.org/rss/1.0/modules/content/",
    "atom": "http://www.w3.org/2005/Atom",
}
FEED = "/podcasts/feed/"
BASE = "http://testserver"


@pytest.fixture
def podcast():
    """A show with three published episodes (one with a transcript), a draft and a scheduled one."""
    show = ShowFactory()
    host = PersonFactory(name="Maria Lipman", slug="maria-lipman")
    noble = PersonFactory(name="Ben Noble", slug="ben-noble")
    petrov = PersonFactory(name="Nikolay Petrov", slug="nikolay-petrov")
    series = SeriesFactory()
    episodes = [
        EpisodeFactory(
            title="Volodymyr Zelensky: Year Two",
            host=host,
            series=series,
            number=1,
            season=1,
            published_at=timezone.now() - datetime.timedelta(days=30),
        ),
        EpisodeFactory(
            title="Why Is the Kremlin Nervous?",
            host=host,
            guests=[noble, petrov],
            series=series,
            number=2,
            season=1,
            transcript="Maria Lipman: Welcome.",
            published_at=timezone.now() - datetime.timedelta(days=20),
        ),
        EpisodeFactory(
            title="Season trailer",
            host=host,
            episode_type=EpisodeType.TRAILER,
            published_at=timezone.now() - datetime.timedelta(days=10),
        ),
    ]
    EpisodeFactory(title="A draft", host=host, status=Status.DRAFT)
    EpisodeFactory(
        title="Scheduled", host=host, published_at=timezone.now() + datetime.timedelta(days=3)
    )
    return show, episodes


def channel(client):
    response = client.get(FEED)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/rss+xml; charset=utf-8"
    root = ET.fromstring(response.content)
    assert root.tag == "rss" and root.get("version") == "2.0"
    return root.find("channel")


def items_by_title(chan):
    return {item.findtext("title"): item for item in chan.findall("item")}


def test_podcastparser_reads_every_episode_with_enclosure_duration_and_guid(client, podcast):
    show, episodes = podcast
    response = client.get(FEED)
    parsed = podcastparser.parse(BASE + FEED, io.BytesIO(response.content))
    assert parsed["title"] == "PONARS Eurasia Podcast"
    assert parsed["cover_url"].startswith(BASE + "/media/")
    assert [e["title"] for e in parsed["episodes"]] == [
        "Season trailer",
        "Why Is the Kremlin Nervous?",
        "Volodymyr Zelensky: Year Two",
    ]
    by_title = {e["title"]: e for e in parsed["episodes"]}
    for episode in episodes:
        entry = by_title[episode.title]
        assert entry["guid"] == episode.guid
        assert entry["total_time"] == 2
        assert entry["published"] == int(episode.published_at.timestamp())
        [enclosure] = entry["enclosures"]
        assert enclosure["url"] == BASE + episode.audio.url
        assert enclosure["file_size"] == episode.audio.size
        assert enclosure["mime_type"] == "audio/wav"
    assert parsed["itunes_author"] == "PONARS Eurasia"
    assert parsed["itunes_owner"] == {"name": "PONARS Eurasia", "email": "podcast@example.org"}
    assert parsed["itunes_categories"] == [["News", "Politics"], ["Government"]]
    assert parsed["explicit"] is False and parsed["language"] == "en"
    assert by_title["Season trailer"]["type"] == "trailer"
    nervous = by_title["Why Is the Kremlin Nervous?"]
    assert (nervous["type"], nervous["season"], nervous["number"]) == ("full", 1, 2)
    assert nervous["transcript_url"] == BASE + "/podcasts/" + episodes[1].slug + "/transcript.txt"
    assert [(p["role"], p["name"], p["href"]) for p in nervous["persons"]] == [
        ("host", "Maria Lipman", BASE + "/members/maria-lipman/"),
        ("guest", "Ben Noble", BASE + "/members/ben-noble/"),
        ("guest", "Nikolay Petrov", BASE + "/members/nikolay-petrov/"),
    ]
    assert "transcript_url" not in by_title["Volodymyr Zelensky: Year Two"]


def test_feedparser_reads_the_feed_without_errors(client, podcast):
    show, episodes = podcast
    parsed = feedparser.parse(client.get(FEED).content)
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == "rss20"
    assert parsed.feed.title == "PONARS Eurasia Podcast"
    assert parsed.feed.language == "en"
    assert not parsed.feed.itunes_explicit  # feedparser reads "false" as None: not explicit
    assert parsed.feed.author_detail.name == "PONARS Eurasia"
    assert parsed.feed.publisher_detail.email == "podcast@example.org"
    assert parsed.feed.image.href.startswith(BASE + "/media/renditions/")
    assert [t.term for t in parsed.feed.tags] == ["News", "Politics", "Government"]
    assert len(parsed.entries) == 3
    for entry in parsed.entries:
        episode = next(e for e in episodes if e.title == entry.title)
        assert entry.id == episode.guid
        assert entry.guidislink is False
        assert entry.itunes_duration == "2"
        assert entry.published_parsed[:6] == episode.published_at.utctimetuple()[:6]
        assert entry.enclosures[0].href == BASE + episode.audio.url
        assert entry.enclosures[0].type == "audio/wav"
        assert int(entry.enclosures[0].length) == episode.audio.size
        assert entry.link == BASE + episode.get_absolute_url()
    assert {e.title: e.get("itunes_episodetype") for e in parsed.entries} == {
        "Season trailer": "trailer",
        "Why Is the Kremlin Nervous?": "full",
        "Volodymyr Zelensky: Year Two": "full",
    }


def test_channel_has_every_tag_apple_requires(client, podcast):
    show, _ = podcast
    chan = channel(client)
    assert chan.findtext("title") == "PONARS Eurasia Podcast"
    assert chan.findtext("description") == "Conversations with scholars of Russia and Eurasia."
    assert chan.findtext("link") == BASE + "/podcasts/"
    assert chan.findtext("language") == "en"
    image = chan.find("itunes:image", NS).get("href")
    assert image.startswith(BASE + "/media/renditions/") and image.endswith(".jpg")
    [news, government] = chan.findall("itunes:category", NS)
    assert news.get("text") == "News" and news.find("itunes:category", NS).get("text") == "Politics"
    assert government.get("text") == "Government" and government.find("itunes:category", NS) is None
    assert chan.findtext("itunes:explicit", namespaces=NS) == "false"
    assert chan.findtext("itunes:author", namespaces=NS) == "PONARS Eurasia"
    owner = chan.find("itunes:owner", NS)
    assert owner.findtext("itunes:name", namespaces=NS) == "PONARS Eurasia"
    assert owner.findtext("itunes:email", namespaces=NS) == "podcast@example.org"
    assert chan.find("atom:link", NS).get("href") == BASE + FEED
    assert chan.findtext("podcast:guid", namespaces=NS) == str(show.podcast_guid)


def test_explicit_show_says_so(client, podcast):
    show, _ = podcast
    show.explicit = True
    show.save()
    assert channel(client).findtext("itunes:explicit", namespaces=NS) == "true"


def test_podcast_guid_is_a_uuid5_of_the_feed_address_and_stays(podcast):
    show, _ = podcast
    import uuid

    from podcasts.models import PODCAST_GUID_NAMESPACE, Show

    assert show.podcast_guid == uuid.uuid5(PODCAST_GUID_NAMESPACE, "example.com/podcasts/feed")
    show.title = "Renamed show"
    show.save()
    assert Show.objects.current().podcast_guid == show.podcast_guid


def test_items_have_every_required_tag(client, podcast):
    _, episodes = podcast
    items = items_by_title(channel(client))
    assert set(items) == {e.title for e in episodes}  # no draft, no scheduled episode
    for episode in episodes:
        item = items[episode.title]
        enclosure = item.find("enclosure")
        assert enclosure.get("url") == BASE + episode.audio.url
        assert enclosure.get("length") == str(episode.audio.size)
        assert enclosure.get("type") == "audio/wav"
        guid = item.find("guid")
        assert guid.text == episode.guid and guid.get("isPermaLink") == "false"
        assert item.findtext("pubDate") == http_date(episode.published_at.timestamp()).replace(
            "GMT", "+0000"
        )
        assert item.findtext("itunes:duration", namespaces=NS) == "2"
        assert item.findtext("link") == BASE + episode.get_absolute_url()
    zelensky = items["Volodymyr Zelensky: Year Two"]
    assert zelensky.findtext("itunes:episode", namespaces=NS) == "1"
    assert zelensky.findtext("itunes:season", namespaces=NS) == "1"
    assert zelensky.findtext("itunes:episodeType", namespaces=NS) == "full"
    trailer = items["Season trailer"]
    assert trailer.findtext("itunes:episodeType", namespaces=NS) == "trailer"
    assert trailer.find("itunes:episode", NS) is None  # no number given, no tag


def test_people_are_podcast_person_tags_linking_to_their_pages(client, podcast):
    item = items_by_title(channel(client))["Why Is the Kremlin Nervous?"]
    people = [(p.get("role"), p.text, p.get("href")) for p in item.findall("podcast:person", NS)]
    assert people == [
        ("host", "Maria Lipman", BASE + "/members/maria-lipman/"),
        ("guest", "Ben Noble", BASE + "/members/ben-noble/"),
        ("guest", "Nikolay Petrov", BASE + "/members/nikolay-petrov/"),
    ]


def test_transcript_tag_only_where_a_transcript_exists(client, podcast):
    items = items_by_title(channel(client))
    [transcript] = items["Why Is the Kremlin Nervous?"].findall("podcast:transcript", NS)
    assert transcript.get("type") == "text/plain"
    url = transcript.get("url")
    assert url.startswith(BASE + "/podcasts/") and url.endswith("/transcript.txt")
    assert client.get(url.removeprefix(BASE)).content.decode() == "Maria Lipman: Welcome."
    assert items["Volodymyr Zelensky: Year Two"].find("podcast:transcript", NS) is None


def test_media_host_audio_and_episode_artwork_are_absolute(client, podcast):
    from core.demo_images import picture

    episode = EpisodeFactory(
        title="Hosted elsewhere",
        audio="",
        audio_url="https://media.example.org/ep.mp3",
        audio_type="audio/mpeg",
        audio_size=1234,
        artwork=picture("episode art", 1400, 1400),
    )
    item = items_by_title(channel(client))[episode.title]
    assert item.find("enclosure").get("url") == "https://media.example.org/ep.mp3"
    assert item.find("enclosure").get("type") == "audio/mpeg"
    assert item.find("itunes:image", NS).get("href").startswith(BASE + "/media/renditions/")


def test_feed_without_a_show_is_404(client):
    EpisodeFactory()
    assert client.get(FEED).status_code == 404


def test_conditional_get_answers_304(client, podcast):
    first = client.get(FEED)
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert client.get(FEED, headers={"if-none-match": etag}).status_code == 304
    assert client.get(FEED, headers={"if-modified-since": last_modified}).status_code == 304
    stale = http_date((timezone.now() - datetime.timedelta(days=60)).timestamp())
    assert client.get(FEED, headers={"if-modified-since": stale}).status_code == 200


def test_etag_changes_when_the_feed_changes(client, podcast, time_machine):
    etag = client.get(FEED)["ETag"]
    episode = Episode.objects.get(title="Season trailer")
    episode.title = "Season trailer (new cut)"
    episode.save()
    changed = client.get(FEED, headers={"if-none-match": etag})
    assert changed.status_code == 200 and "new cut" in changed.content.decode()

    # A scheduled episode going live changes the feed although no row was saved.
    etag = changed["ETag"]
    time_machine.move_to(timezone.now() + datetime.timedelta(days=4))
    live = client.get(FEED, headers={"if-none-match": etag})
    assert live.status_code == 200 and "<title>Scheduled</title>" in live.content.decode()

    # An episode leaving the feed changes it too.
    etag = live["ETag"]
    Episode.objects.filter(title="Scheduled").delete()
    assert client.get(FEED, headers={"if-none-match": etag}).status_code == 200


@pytest.mark.parametrize("count,guests", [(1, 1), (40, 6)])
def test_feed_query_count_is_fixed(client, django_assert_num_queries, count, guests):
    ShowFactory()
    people = [PersonFactory() for _ in range(guests)]
    for _ in range(count):
        EpisodeFactory(guests=people, transcript="Text.")
    with django_assert_num_queries(4):
        response = client.get(FEED)
    assert response.content.decode().count("<item>") == count


def test_pasted_control_characters_do_not_break_the_feed(client, podcast):
    EpisodeFactory(
        title="Pasted\x0b from Word", summary="Bad\x0c byte", show_notes="<p>Notes\x08</p>"
    )
    response = client.get(FEED)
    assert response.status_code == 200
    parsed = feedparser.parse(response.content)
    assert not parsed.bozo
    assert "Pasted from Word" in [e.title for e in parsed.entries]
