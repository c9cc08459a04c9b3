"""Uploaded files are served so that even a bad one cannot run script on the site (issue 13).

core.media serves /media/ (DJANGO_SERVE_MEDIA, on in development and in these tests): nosniff,
a sandbox CSP, an allow-listed type, attachment for documents, byte ranges and conditional GET.
The README's nginx example sends the same headers in production.
"""

import pytest
from django.http import Http404
from django.test import override_settings
from django.utils.http import http_date

from core.media import media_file, media_urlpatterns
from tests.articles.factories import ArticleFactory, CategoryFactory
from tests.helpers.uploads import FAKE_PDFS, SVG, image, real_pdf
from tests.resources.factories import SyllabusFactory

pytestmark = pytest.mark.django_db

SANDBOX = "default-src 'none'; sandbox"


@pytest.fixture
def media(settings):
    """Write files under MEDIA_ROOT (as stored files, old ones included, would be)."""

    def write(name, data):
        path = settings.MEDIA_ROOT / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
        return f"/media/{name}"

    return write


def fetch(client, url, method="get", **headers):
    """The response and its whole body (a streamed file is always read, so it is closed)."""
    response = getattr(client, method)(url, headers=headers)
    if response.streaming:
        body = b"".join(response.streaming_content)
    else:
        body = response.content
    response.close()
    return response, body


def assert_safe(response):
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Security-Policy"] == SANDBOX
    assert "html" not in response["Content-Type"] and "svg" not in response["Content-Type"]


def test_an_image_is_served_inline_with_its_type_and_a_sandbox(client, media):
    data = image("photo.png", 64, 48, fmt="PNG").read()
    response, body = fetch(client, media("articles/2026/photo-0123456789abcdef.png", data))
    assert response.status_code == 200 and body == data
    assert response["Content-Type"] == "image/png"
    assert_safe(response)
    assert "attachment" not in response.get("Content-Disposition", "")
    assert response["Accept-Ranges"] == "bytes"
    assert response["Content-Length"] == str(len(data))


def test_a_pdf_is_a_download(client, media):
    data = real_pdf().read()
    response, body = fetch(client, media("memos/2026/memo-0123456789abcdef.pdf", data))
    assert response.status_code == 200 and body == data
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="memo-0123456789abcdef.pdf"'
    assert_safe(response)


@pytest.mark.parametrize(
    "name,data",
    [
        ("memos/2024/x.html", FAKE_PDFS["x.html"]),
        ("syllabi/2024/x.svg", FAKE_PDFS["x.svg"]),
        ("people/logo.svg", SVG),
        ("people/page.htm", b"<script>alert(1)</script>"),
        ("people/noextension", b"<script>alert(1)</script>"),
    ],
)
def test_a_file_stored_before_the_fix_cannot_run_script(client, media, name, data):
    """Old uploads keep their names; served as an opaque download in a sandbox, never as HTML."""
    response, body = fetch(client, media(name, data))
    assert response.status_code == 200 and body == data
    assert response["Content-Type"] == "application/octet-stream"
    assert response["Content-Disposition"].startswith("attachment")
    assert_safe(response)


def test_the_pages_link_to_files_that_are_served_safely(client):
    article = ArticleFactory(category=CategoryFactory(is_policy_memo=True), pdf=real_pdf())
    syllabus = SyllabusFactory()
    assert article.pdf.url in client.get(article.get_absolute_url()).content.decode()
    for url in (article.pdf.url, syllabus.pdf.url):
        response, body = fetch(client, url)
        assert response.status_code == 200 and body.startswith(b"%PDF-")
        assert response["Content-Disposition"].startswith("attachment")
        assert_safe(response)


@pytest.mark.parametrize(
    "header,status,content_range,expected",
    [
        ("bytes=0-9", 206, "bytes 0-9/100", slice(0, 10)),
        ("bytes=90-", 206, "bytes 90-99/100", slice(90, 100)),
        ("bytes=-5", 206, "bytes 95-99/100", slice(95, 100)),
        ("bytes=50-500", 206, "bytes 50-99/100", slice(50, 100)),
        ("bytes=-500", 206, "bytes 0-99/100", slice(0, 100)),
        ("bytes=99-99", 206, "bytes 99-99/100", slice(99, 100)),
        ("bytes=100-", 416, "bytes */100", None),
        ("bytes=500-600", 416, "bytes */100", None),
        ("bytes=-0", 416, "bytes */100", None),
        # Not one range we understand: RFC 9110 lets the server send the whole file.
        ("bytes=0-1,5-6", 200, None, slice(0, 100)),
        ("bytes=9-2", 200, None, slice(0, 100)),
        ("bytes=²-3", 200, None, slice(0, 100)),
        ("bytes=" + "9" * 40 + "-", 200, None, slice(0, 100)),
        ("items=0-9", 200, None, slice(0, 100)),
        ("bytes=-", 200, None, slice(0, 100)),
    ],
)
def test_byte_ranges(client, media, header, status, content_range, expected):
    data = bytes(range(100))
    response, body = fetch(
        client, media("podcasts/audio/2026/ep-0123456789abcdef.mp3", data), Range=header
    )
    assert response.status_code == status
    assert response.get("Content-Range") == content_range
    if expected is not None:
        assert body == data[expected]
        assert response["Content-Length"] == str(len(data[expected]))
        assert response["Content-Type"] == "audio/mpeg"
    else:
        assert "html" not in response["Content-Type"]
    assert_safe(response)


def test_if_range_sends_the_whole_file_when_it_has_changed(client, media):
    url = media("podcasts/audio/2026/ep.mp3", bytes(100))
    etag = fetch(client, url)[0]["ETag"]
    response, body = fetch(client, url, Range="bytes=0-9", **{"If-Range": etag})
    assert response.status_code == 206 and len(body) == 10
    response, body = fetch(client, url, Range="bytes=0-9", **{"If-Range": '"an-old-version"'})
    assert response.status_code == 200 and len(body) == 100


def test_conditional_get(client, media):
    url = media("people/photo.jpg", image("photo.jpg", 32, 32).read())
    first, _ = fetch(client, url)
    not_changed, body = fetch(client, url, **{"If-None-Match": first["ETag"]})
    assert not_changed.status_code == 304 and body == b""
    assert not_changed["ETag"] == first["ETag"]
    since, _ = fetch(client, url, **{"If-Modified-Since": first["Last-Modified"]})
    assert since.status_code == 304
    older = http_date(0)
    again, body = fetch(client, url, **{"If-Modified-Since": older})
    assert again.status_code == 200 and body


def test_head_gives_the_headers(client, media):
    data = real_pdf().read()
    url = media("memos/2026/memo.pdf", data)
    response, body = fetch(client, url, method="head")
    assert response.status_code == 200 and body == b""
    assert response["Content-Length"] == str(len(data))
    assert response["Content-Type"] == "application/pdf"
    partial, body = fetch(client, url, method="head", Range="bytes=0-9")
    assert partial.status_code == 206 and partial["Content-Length"] == "10" and body == b""
    assert response["Content-Disposition"].startswith("attachment")
    assert fetch(client, url, method="post")[0].status_code == 405


@pytest.mark.parametrize(
    "path",
    [
        "/media/../ponars/settings.py",
        "/media/%2e%2e/ponars/settings.py",
        "/media/articles/..%2f..%2fsecret.txt",
        "/media/..%5csecret.txt",
        "/media/%2fetc%2fpasswd",
        "/media//etc/passwd",
        "/media/.hidden",
        "/media/articles/.env",
        "/media/articles/",
        "/media/articles",
        "/media/missing.jpg",
        "/media/link-out.txt",
        "/media/" + "a" * 400,  # longer than a file name may be (OSError; found by the fuzz suite)
        "/media/articles/" + "b" * 300 + ".pdf",
    ],
)
def test_nothing_outside_the_media_folder_is_served(client, media, settings, path):
    (settings.MEDIA_ROOT.parent / "secret.txt").write_bytes(b"secret")
    media("articles/.env", b"SECRET=1")
    media(".hidden", b"hidden")
    (settings.MEDIA_ROOT / "link-out.txt").symlink_to(settings.MEDIA_ROOT.parent / "secret.txt")
    response, body = fetch(client, path)
    assert response.status_code == 404
    assert b"secret" not in body.lower() and b"SECRET=1" not in body


def test_media_is_served_by_the_app_only_when_asked():
    with override_settings(SERVE_MEDIA=False):
        assert media_urlpatterns() == []
    with override_settings(SERVE_MEDIA=True, MEDIA_URL="https://media.example.org/"):
        assert media_urlpatterns() == []
    with override_settings(SERVE_MEDIA=True, MEDIA_URL="/uploads/"):
        [pattern] = media_urlpatterns()
        assert pattern.resolve("uploads/a/b.jpg").kwargs == {"name": "a/b.jpg"}


@pytest.mark.parametrize(
    "name",
    [
        "../secret.txt",
        "articles/../../secret.txt",
        "/etc/passwd",
        "..\\secret.txt",
        "link-out.txt",
        "a\x00.jpg",
    ],
)
def test_media_file_refuses_names_that_leave_the_folder(settings, name):
    settings.MEDIA_ROOT.mkdir(parents=True)
    (settings.MEDIA_ROOT.parent / "secret.txt").write_bytes(b"secret")
    (settings.MEDIA_ROOT / "link-out.txt").symlink_to(settings.MEDIA_ROOT.parent / "secret.txt")
    (settings.MEDIA_ROOT / "articles").mkdir()
    with pytest.raises(Http404):
        media_file(name)
