"""Uploads on an S3-compatible store (issue 16), against a real S3 server (moto's, on loopback).

With S3_BUCKET set, every upload path works as on local disk: the admin's image and PDF
checks, image renditions, reading an episode's audio again from the bucket, the membership
import (preview on one request, confirmation on another). Public objects carry the type and
disposition core.media would serve them with and are readable by anyone; the private prefix
is not.
"""

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage, storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from articles.models import Article
from members.models import Person
from podcasts.models import Episode
from tests.articles.factories import CategoryFactory, TopicFactory
from tests.articles.helpers import article_form
from tests.helpers.s3 import use_bucket
from tests.helpers.uploads import image, real_pdf
from tests.members.factories import PersonFactory
from tests.members.test_import import GOOD, confirm, upload
from tests.podcasts.factories import EpisodeFactory, ShowFactory, wav_bytes

pytestmark = pytest.mark.django_db


def test_article_image_and_pdf_uploaded_in_the_admin_are_served_from_the_bucket(client, editor, s3):
    memos = CategoryFactory(name="Policy Memos", slug="policy-memos", is_policy_memo=True)
    client.force_login(editor)
    data = article_form(
        memos,
        PersonFactory(),
        TopicFactory(),
        memo_number="801",
        image=image("ridge.jpg"),
        image_alt="Troops on a ridge",
        pdf=real_pdf(),
        status="published",
    )
    response = client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302, response.context["adminform"].errors
    article = Article.objects.get()

    keys = s3.keys()
    assert f"media/{article.image.name}" in keys and f"media/{article.pdf.name}" in keys
    # Every rendition was made when the image was saved, in the bucket.
    renditions = [k for k in keys if k.startswith("media/renditions/")]
    assert len(renditions) == 5

    status, headers, body = s3.anonymous_get(article.pdf.url)
    assert status == 200 and body.startswith(b"%PDF-")
    assert headers["Content-Type"] == "application/pdf"
    assert headers["Content-Disposition"].startswith("attachment;")
    assert "immutable" in headers["Cache-Control"]

    page = client.get(article.get_absolute_url()).content.decode()
    card = article.image_large_fallback.url
    assert card.startswith(f"{s3.endpoint}/{s3.name}/media/renditions/") and card in page
    status, headers, body = s3.anonymous_get(card)
    assert status == 200 and headers["Content-Type"] == "image/jpeg"
    assert "Content-Disposition" not in headers and body[:3] == b"\xff\xd8\xff"


def test_a_byte_range_of_public_audio_is_a_206_and_the_private_prefix_is_refused(s3):
    name = default_storage.save("podcasts/talk.mp3", ContentFile(b"0123456789"))
    status, headers, body = s3.anonymous_get(f"media/{name}", {"Range": "bytes=2-5"})
    assert (status, body, headers["Content-Range"]) == (206, b"2345", "bytes 2-5/10")
    assert headers["Content-Type"] == "audio/mpeg"

    storages["private"].save("django-import-export/members", ContentFile(b"a,b\n"))
    assert s3.keys("private/") == ["private/django-import-export/members"]
    status, _, _ = s3.anonymous_get("private/django-import-export/members")
    assert status == 403
    # Staff get a signed address that expires.
    signed = storages["private"].url("django-import-export/members")
    assert "Signature=" in signed and "Expires=" in signed
    assert s3.anonymous_get(signed)[0] == 200


def test_a_custom_domain_or_cdn_names_the_public_files(settings, s3_endpoint):
    use_bucket(settings, s3_endpoint, S3_CUSTOM_DOMAIN="media.example.org")
    name = default_storage.save("memos/a.pdf", ContentFile(b"%PDF-1.4"))
    assert default_storage.url(name) == f"https://media.example.org/media/{name}"


def test_episode_audio_is_read_from_the_bucket_when_it_is_checked_again(s3):
    ShowFactory()
    episode = EpisodeFactory(audio=ContentFile(wav_bytes(3), name="talk.wav"), duration=None)
    assert s3.keys("media/podcasts/")
    # Stored in the bucket; reading it again (as the admin does when the fields are empty)
    # downloads it for mutagen.
    episode = Episode.objects.get()
    episode.duration, episode.audio_type = None, ""
    episode.full_clean()
    assert (episode.duration, episode.audio_type) == (3, "audio/wav")


def test_episode_audio_uploaded_in_the_admin_goes_to_the_bucket(client, editor, s3):
    from tests.podcasts.test_admin import ADD, episode_form

    client.force_login(editor)
    data = episode_form(
        PersonFactory(), audio=SimpleUploadedFile("a.wav", wav_bytes(2), "audio/wav")
    )
    response = client.post(reverse(ADD), data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    episode = Episode.objects.get()
    assert episode.duration == 2 and f"media/{episode.audio.name}" in s3.keys()
    assert episode.audio_src.startswith(f"{s3.endpoint}/{s3.name}/media/podcasts/")


def test_membership_import_keeps_its_file_in_the_private_prefix_until_confirmed(
    client, membership_staff, s3
):
    client.force_login(membership_staff)
    preview = upload(client, GOOD)
    held = s3.keys("private/django-import-export/")
    assert len(held) == 1 and s3.keys("media/") == []
    assert s3.anonymous_get(held[0])[0] == 403

    done = confirm(client, preview)
    assert done.status_code == 200
    assert sorted(Person.objects.values_list("email", flat=True)) == [
        "hale@example.org",
        "lokot@example.org",
    ]
    assert s3.keys("private/") == []


def test_settings_choose_s3_from_the_environment_alone():
    from ponars.settings import s3_storages

    public, private = s3_storages({"S3_BUCKET": "network-media", "S3_REGION": "eu-central-1"})
    assert public["BACKEND"] == "core.s3.PublicMediaStorage"
    assert public["OPTIONS"]["location"] == "media" and not public["OPTIONS"]["querystring_auth"]
    assert private["OPTIONS"]["location"] == "private" and private["OPTIONS"]["querystring_auth"]
    assert public["OPTIONS"]["bucket_name"] == private["OPTIONS"]["bucket_name"] == "network-media"
    assert public["OPTIONS"]["access_key"] is None  # boto3's own chain: env, instance role
