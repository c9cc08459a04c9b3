import datetime
import functools
import http.server
import socket
import struct
import threading

import pytest
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from core.demo_images import picture
from core.publishing import Status
from podcasts.audio import fetch_audio
from podcasts.models import Episode, Show
from tests.members.factories import PersonFactory
from tests.podcasts.factories import EpisodeFactory, SeriesFactory, m4a_bytes, mp3_bytes, wav_bytes

pytestmark = pytest.mark.django_db

ADD = "admin:podcasts_episode_add"


def flac_bytes():
    """A FLAC stream header announcing 3 seconds of 44.1 kHz mono audio."""
    info = (44100 << 44) | (0 << 41) | (15 << 36) | (44100 * 3)
    streaminfo = struct.pack(">HH", 4096, 4096) + bytes(6) + info.to_bytes(8, "big") + bytes(16)
    return b"fLaC" + bytes([0x80]) + len(streaminfo).to_bytes(3, "big") + streaminfo


def episode_form(host, **overrides):
    now = timezone.localtime()
    data = {
        "title": "Why Is the Kremlin Nervous?",
        "slug": "why-is-the-kremlin-nervous",
        "summary": "Ahead of the Duma elections.",
        "show_notes": "<p>Notes</p>",
        "audio_url": "",
        "host": host.pk,
        "series": "",
        "season": "",
        "number": "5",
        "episode_type": "full",
        "transcript": "",
        "status": "published",
        "published_at_0": now.strftime("%Y-%m-%d"),
        "published_at_1": now.strftime("%H:%M:%S"),
        "guid": "",
        "credits-TOTAL_FORMS": "0",
        "credits-INITIAL_FORMS": "0",
        "credits-MIN_NUM_FORMS": "0",
        "credits-MAX_NUM_FORMS": "1000",
    }
    data.pop("guid")
    data.update(overrides)
    return data


def uploaded_files(settings):
    folder = settings.MEDIA_ROOT / "podcasts"
    return [p for p in folder.rglob("*") if p.is_file()] if folder.exists() else []


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


@pytest.fixture
def media_host(tmp_path):
    """A media host on 127.0.0.1 serving the files written into the folder it yields."""
    root = tmp_path / "media-host"
    root.mkdir()
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(QuietHandler, directory=root)
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield root, f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    server.server_close()
    thread.join()


@pytest.fixture
def admin_client(client, editor):
    client.force_login(editor)
    return client


def test_editor_uploads_an_mp3_and_its_duration_size_and_type_are_read(admin_client, settings):
    host, guest = PersonFactory(name="Maria Lipman"), PersonFactory(name="Ben Noble")
    series = SeriesFactory()
    audio = mp3_bytes(frames=230)  # 230 × 26.1 ms ≈ 6 s
    data = episode_form(
        host,
        series=series.pk,
        audio=SimpleUploadedFile("nervous.mp3", audio, content_type="audio/mpeg"),
        **{
            "credits-TOTAL_FORMS": "1",
            "credits-0-person": guest.pk,
            "credits-0-order": "0",
        },
    )
    response = admin_client.post(reverse(ADD), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    episode = Episode.objects.get()
    assert (episode.duration, episode.audio_size, episode.audio_type) == (
        6,
        len(audio),
        "audio/mpeg",
    )
    assert episode.credited_people == [guest] and episode.series == series
    assert episode.guid_locked and episode.guid


@pytest.mark.parametrize(
    "name,content,duration,mime_type",
    [("talk.m4a", m4a_bytes(4), 4, "audio/x-m4a"), ("demo.wav", wav_bytes(3), 3, "audio/wav")],
)
def test_m4a_and_wav_uploads(admin_client, name, content, duration, mime_type):
    data = episode_form(PersonFactory(), audio=SimpleUploadedFile(name, content))
    assert admin_client.post(reverse(ADD), data).status_code == 302
    episode = Episode.objects.get()
    assert (episode.duration, episode.audio_type) == (duration, mime_type)


@pytest.mark.parametrize(
    "name,content,message",
    [
        (
            "notes.mp3",
            b"These are notes, not audio. " * 200,
            "This is not an audio file that can be read",
        ),
        ("cover.mp3", picture("x", 200, 200).read(), "This is not an audio file that can be read"),
        ("silence.wav", wav_bytes(0), "The duration of this audio file cannot be read"),
        ("lossless.flac", flac_bytes(), "This is FLAC audio; podcast apps need MP3 or M4A"),
    ],
)
def test_bad_audio_uploads_are_refused_and_nothing_is_saved(
    admin_client, settings, name, content, message
):
    data = episode_form(
        PersonFactory(),
        audio=SimpleUploadedFile(name, content),
        artwork=SimpleUploadedFile(
            "art.jpg", picture("art", 1400, 1400).read(), content_type="image/jpeg"
        ),
    )
    response = admin_client.post(reverse(ADD), data)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Episode.objects.exists()
    assert uploaded_files(settings) == []


def test_upload_over_the_size_limit_is_refused(admin_client, settings):
    settings.PODCAST_MAX_AUDIO_BYTES = 10_000
    data = episode_form(PersonFactory(), audio=SimpleUploadedFile("long.mp3", mp3_bytes(100)))
    response = admin_client.post(reverse(ADD), data)
    assert "the limit for episodes is 9.8\xa0KB" in response.content.decode()
    assert not Episode.objects.exists()


def test_audio_is_required_once_and_only_once(admin_client):
    host = PersonFactory()
    response = admin_client.post(reverse(ADD), episode_form(host))
    assert (
        "Upload the episode’s audio" in response.content.decode()
        or "Upload the episode&#x27;s audio" in response.content.decode()
    )
    both = episode_form(
        host,
        audio=SimpleUploadedFile("a.wav", wav_bytes(2)),
        audio_url="https://media.example.org/a.mp3",
    )
    assert (
        "either an uploaded file or an address, not both"
        in admin_client.post(reverse(ADD), both).content.decode()
    )
    assert not Episode.objects.exists()


def test_audio_from_a_media_host_is_fetched_and_read(admin_client, media_host):
    root, base = media_host
    (root / "ep5.mp3").write_bytes(mp3_bytes(frames=400))  # ≈ 10 s
    data = episode_form(PersonFactory(), audio_url=f"{base}/ep5.mp3")
    response = admin_client.post(reverse(ADD), data)
    assert response.status_code == 302
    episode = Episode.objects.get()
    assert (episode.duration, episode.audio_size, episode.audio_type) == (
        10,
        400 * 417,
        "audio/mpeg",
    )
    assert not episode.audio


@pytest.mark.parametrize(
    "path,content,message",
    [
        ("missing.mp3", None, "The media host answered “404"),
        ("page.mp3", b"<html>Not audio</html>" * 50, "This is not an audio file that can be read"),
    ],
)
def test_bad_media_host_addresses_are_refused(admin_client, media_host, path, content, message):
    root, base = media_host
    if content is not None:
        (root / path).write_bytes(content)
    response = admin_client.post(
        reverse(ADD), episode_form(PersonFactory(), audio_url=f"{base}/{path}")
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Episode.objects.exists()


def test_address_that_does_not_answer(admin_client):
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    response = admin_client.post(
        reverse(ADD), episode_form(PersonFactory(), audio_url=f"http://127.0.0.1:{port}/a.mp3")
    )
    assert "This address did not answer" in response.content.decode()
    assert not Episode.objects.exists()


def test_address_that_never_replies_times_out(admin_client, settings):
    settings.PODCAST_FETCH_TIMEOUT = 1
    with socket.socket() as silent:  # accepts connections, never says a word
        silent.bind(("127.0.0.1", 0))
        silent.listen(1)
        url = f"http://127.0.0.1:{silent.getsockname()[1]}/slow.mp3"
        response = admin_client.post(reverse(ADD), episode_form(PersonFactory(), audio_url=url))
    assert "This address did not answer" in response.content.decode()
    assert not Episode.objects.exists()


def test_fetched_file_over_the_limit_is_refused(admin_client, media_host, settings):
    settings.PODCAST_MAX_AUDIO_BYTES = 50_000
    root, base = media_host
    (root / "big.mp3").write_bytes(mp3_bytes(frames=400))
    response = admin_client.post(
        reverse(ADD), episode_form(PersonFactory(), audio_url=f"{base}/big.mp3")
    )
    assert "larger than the 48.8\xa0KB limit" in response.content.decode()


def test_only_web_addresses_are_fetched(admin_client):
    response = admin_client.post(
        reverse(ADD), episode_form(PersonFactory(), audio_url="file:///etc/passwd")
    )
    assert "Enter a valid URL." in response.content.decode()
    assert not Episode.objects.exists()
    # The fetcher itself refuses anything but http(s), whatever calls it.
    with pytest.raises(ValidationError, match="starting with http:// or https://"):
        fetch_audio("file:///etc/passwd")


def test_replacing_the_audio_reads_the_new_file(admin_client):
    episode = EpisodeFactory(status=Status.DRAFT)
    episode = Episode.objects.get(pk=episode.pk)
    url = reverse("admin:podcasts_episode_change", args=[episode.pk])
    data = episode_form(
        episode.host,
        title=episode.title,
        slug=episode.slug,
        guid=episode.guid,
        audio=SimpleUploadedFile("new.wav", wav_bytes(7)),
    )
    assert admin_client.post(url, data).status_code == 302
    episode.refresh_from_db()
    assert episode.duration == 7


def show_form(**overrides):
    data = {
        "title": "PONARS Eurasia Podcast",
        "description": "Conversations.",
        "language": "en",
        "author": "PONARS Eurasia",
        "category": "News > Politics",
        "secondary_category": "",
        "owner_name": "PONARS Eurasia",
        "owner_email": "podcast@example.org",
        "copyright": "",
        "apple_podcasts_url": "",
        "spotify_url": "",
    }
    data.update(overrides)
    return data


@pytest.mark.parametrize(
    "upload,message",
    [
        (
            SimpleUploadedFile("small.jpg", picture("s", 800, 800).read()),
            "This image is 800×800 pixels",
        ),
        (
            SimpleUploadedFile("wide.jpg", picture("w", 2000, 1000).read()),
            "This image is 2000×1000 pixels",
        ),
        (SimpleUploadedFile("fake.jpg", b"not an image at all"), "Upload a valid image"),
        (
            SimpleUploadedFile("art.gif", picture("g", 1400, 1400, fmt="GIF").read()),
            "podcast apps need a JPEG or PNG",
        ),
    ],
)
def test_show_artwork_must_be_a_large_jpeg_or_png(admin_client, settings, upload, message):
    response = admin_client.post(reverse("admin:podcasts_show_add"), show_form(artwork=upload))
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not Show.objects.exists()
    assert uploaded_files(settings) == []


def test_show_is_created_once_with_a_podcast_guid(admin_client):
    upload = SimpleUploadedFile("show.png", picture("show", 1400, 1400, fmt="PNG").read())
    response = admin_client.post(reverse("admin:podcasts_show_add"), show_form(artwork=upload))
    assert response.status_code == 302
    show = Show.objects.current()
    assert show.podcast_guid is not None
    assert admin_client.get(reverse("admin:podcasts_show_add")).status_code == 403


def test_episode_artwork_is_checked_too(admin_client):
    data = episode_form(
        PersonFactory(),
        audio=SimpleUploadedFile("a.wav", wav_bytes(2)),
        artwork=SimpleUploadedFile("small.png", picture("e", 600, 600, fmt="PNG").read()),
    )
    assert "This image is 600×600 pixels" in admin_client.post(reverse(ADD), data).content.decode()
    assert not Episode.objects.exists()


def test_guid_is_read_only_once_published(admin_client):
    draft = EpisodeFactory(status=Status.DRAFT)
    published = EpisodeFactory()
    draft_page = admin_client.get(
        reverse("admin:podcasts_episode_change", args=[draft.pk])
    ).content.decode()
    assert 'name="guid"' in draft_page
    page = admin_client.get(
        reverse("admin:podcasts_episode_change", args=[published.pk])
    ).content.decode()
    assert 'name="guid"' not in page and published.guid in page


def test_publish_action(admin_client):
    draft = EpisodeFactory(status=Status.DRAFT)
    response = admin_client.post(
        reverse("admin:podcasts_episode_changelist"),
        {"action": "publish", "_selected_action": [draft.pk]},
    )
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Status.PUBLISHED and draft.guid_locked


def test_editors_manage_podcasts_and_membership_staff_do_not(client, editor, membership_staff):
    codenames = set(
        Permission.objects.filter(
            group__name="Editors", content_type__app_label="podcasts"
        ).values_list("codename", flat=True)
    )
    for model in ["show", "series", "episode", "episodeguest"]:
        assert {f"add_{model}", f"change_{model}", f"delete_{model}", f"view_{model}"} <= codenames
    client.force_login(editor)
    assert client.get(reverse(ADD)).status_code == 200
    client.force_login(membership_staff)
    assert client.get(reverse(ADD)).status_code == 403


@pytest.mark.parametrize("count,guests", [(1, 1), (30, 5)])
def test_episode_changelist_query_count_is_fixed(
    admin_client, django_assert_max_num_queries, count, guests
):
    people = [PersonFactory() for _ in range(guests)]
    series = SeriesFactory()
    for n in range(count):
        EpisodeFactory(
            guests=people, series=series, published_at=timezone.now() - datetime.timedelta(hours=n)
        )
    with django_assert_max_num_queries(12):
        response = admin_client.get(reverse("admin:podcasts_episode_changelist"))
    assert response.content.decode().count('class="field-guest_names"') == count
