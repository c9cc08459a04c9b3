"""Numbers read from a request (issue 13, defect 2): only ASCII digits make a number.

`"²".isdigit()` is true but `int("²")` fails, and `int("٣")` is 3: a page number in any other
script is "not a page", never a 500 and never silently another page.
"""

import http.server
import threading

import pytest
from django.urls import reverse

from core.params import parse_int
from podcasts.audio import fetch_audio
from tests.articles.factories import ArticleFactory, CategoryFactory, TopicFactory
from tests.comments.factories import CommentFactory
from tests.events.factories import EventFactory
from tests.helpers.html import assert_valid_html
from tests.helpers.seo import links
from tests.members.factories import make_member
from tests.podcasts.factories import EpisodeFactory, ShowFactory, wav_bytes
from tests.resources.factories import BookFactory, SyllabusFactory

pytestmark = pytest.mark.django_db

UNICODE_DIGITS = ["²", "٣", "１", "1²", "߃", "𝟚"]


@pytest.mark.parametrize(
    "value,expected",
    [
        ("2", 2),
        (" 12 ", 12),
        ("0", 0),
        ("²", None),
        ("٣", None),
        ("１", None),
        ("-1", None),
        ("+1", None),
        ("1.0", None),
        ("1e3", None),
        ("", None),
        (None, None),
        ("9" * 19, None),
        ("9" * 5000, None),
    ],
)
def test_parse_int_reads_only_ascii_digits(value, expected):
    assert parse_int(value) == expected


def test_parse_int_bounds():
    assert parse_int("5", low=1, high=5) == 5
    assert parse_int("6", low=1, high=5) is None
    assert parse_int("0", low=1) is None


@pytest.fixture
def site_content():
    category = CategoryFactory(slug="commentary")
    topic = TopicFactory(slug="armenia")
    article = ArticleFactory(category=category, topics=[topic])
    EventFactory()
    EventFactory(past=True)
    ShowFactory()
    EpisodeFactory()
    make_member()
    BookFactory()
    SyllabusFactory()
    return article


PAGINATED = [
    "/articles/",
    "/articles/category/commentary/",
    "/articles/topic/armenia/",
    "/events/",
    "/events/past/",
    "/podcasts/",
    "/members/",
    "/resources/books/",
    "/resources/syllabi/",
]


@pytest.mark.parametrize("digit", UNICODE_DIGITS)
@pytest.mark.parametrize("url", PAGINATED)
def test_a_page_number_in_other_digits_is_not_a_page(client, site_content, url, digit):
    response = client.get(url, {"page": digit})
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.parametrize("digit", UNICODE_DIGITS)
def test_pages_without_pagination_ignore_such_a_page_number(client, site_content, digit):
    for url in ["/", site_content.get_absolute_url(), "/search/?q=x"]:
        response = client.get(url, {"page": digit})
        assert response.status_code == 200, url
        canonical = links(response, "canonical")
        assert canonical and "page=" not in canonical[0]["href"]
    response = client.get("/no-such-page/", {"page": digit})
    assert response.status_code == 404
    assert_valid_html(response)


def test_canonical_keeps_an_ascii_page_number(client, settings, site_content):
    settings.ARTICLES_PER_PAGE = 1
    ArticleFactory()
    response = client.get("/articles/", {"page": "2"})
    assert links(response, "canonical")[0]["href"].endswith("/articles/?page=2")


@pytest.mark.parametrize("query", ["?year=٢٠٢٣", "?year=2023&month=²", "?year=2023&month=١"])
def test_past_events_filters_in_other_digits_are_404(client, query):
    EventFactory(past=True)
    assert client.get(reverse("events:past") + query).status_code == 404


def test_comment_page_and_reply_target_in_other_digits(client):
    article = ArticleFactory()
    comment = CommentFactory(article=article)
    url = article.get_absolute_url()
    assert client.get(url, {"cpage": "²"}).status_code == 404
    assert client.get(url, {"cpage": "١"}).status_code == 404
    for value in ["²", "".join(chr(0x0660 + int(d)) for d in str(comment.pk))]:
        response = client.get(url, {"replyto": value})
        assert response.status_code == 200
        assert 'name="parent" value' not in response.content.decode()


class _OddLengthHandler(http.server.BaseHTTPRequestHandler):
    """A media host that declares its length in superscript digits."""

    def do_GET(self):
        body = wav_bytes(2)
        self.send_response(200)
        self.send_header("Content-Type", "audio/wav")
        self.send_header("Content-Length", "²")
        self.send_header("Connection", "close")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def test_media_host_with_a_non_ascii_content_length_is_read_not_a_500():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _OddLengthHandler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        fetched, size = fetch_audio(f"http://127.0.0.1:{server.server_port}/talk.wav")
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
    with fetched:
        assert fetched.read(4) == b"RIFF" and size == len(wav_bytes(2))
