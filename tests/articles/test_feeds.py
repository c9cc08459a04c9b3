import datetime

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.http import http_date

from core.publishing import Status
from tests.articles.factories import ArticleFactory, CategoryFactory, TopicFactory
from tests.helpers.seo import links
from tests.members.factories import PersonFactory

pytestmark = pytest.mark.django_db

BASE = "http://testserver"


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/rss+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return feed


def parse_atom(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    assert feed.version == "atom10"
    return feed


@pytest.fixture
def content():
    memos = CategoryFactory(name="Policy Memos", is_policy_memo=True)
    commentary = CategoryFactory(name="Commentary")
    strakes = PersonFactory(name="Jason Strakes", slug="jason-strakes")
    coauthor = PersonFactory(name="Ada Coauthor", slug="ada-coauthor")
    armenia = TopicFactory(name="Armenia")
    russia = TopicFactory(name="Russia")
    memo = ArticleFactory(
        title="Security organisations and Karabakh",
        summary="Treaties without guarantees.",
        category=memos,
        memo_number=700,
        authors=[strakes, coauthor],
        topics=[armenia, russia],
        published_at=timezone.now() - datetime.timedelta(days=3),
    )
    comment = ArticleFactory(
        title="Elections as regime management",
        summary="",
        body="<p>Turnout tells the centre a <strong>great deal</strong>.</p>",
        category=commentary,
        authors=[coauthor],
        topics=[russia],
        published_at=timezone.now() - datetime.timedelta(days=1),
    )
    draft = ArticleFactory(
        title="Unfinished draft", status=Status.DRAFT, authors=[strakes], topics=[russia]
    )
    scheduled = ArticleFactory(
        title="Not yet", published_at=timezone.now() + datetime.timedelta(days=1), authors=[strakes]
    )
    return locals()


def test_site_feed_lists_published_articles_with_everything_a_reader_needs(client, content):
    feed = parse(client.get("/feed/"))
    assert feed.feed.title == "PONARS Eurasia: articles"
    assert feed.feed.link == BASE + "/articles/"
    titles = [entry.title for entry in feed.entries]
    assert titles == ["Elections as regime management", "Security organisations and Karabakh"]
    memo = feed.entries[1]
    assert memo.link == BASE + content["memo"].get_absolute_url()
    assert memo.id == memo.link
    assert memo.summary == "Treaties without guarantees."
    assert [author["name"] for author in memo.authors] == ["Jason Strakes", "Ada Coauthor"]
    assert {tag.term for tag in memo.tags} == {"Policy Memos", "Armenia", "Russia"}
    published = datetime.datetime(*memo.published_parsed[:6], tzinfo=datetime.UTC)
    assert abs(published - content["memo"].published_at) < datetime.timedelta(seconds=1)
    # Without a summary the feed shows the start of the body as plain text.
    assert feed.entries[0].summary == "Turnout tells the centre a great deal."
    # Private addresses never reach a feed.
    response = client.get("/feed/")
    assert content["strakes"].email.encode() not in response.content


@pytest.mark.parametrize(
    "path,expected",
    [
        ("/feed/category/policy-memos/", ["Security organisations and Karabakh"]),
        ("/feed/category/commentary/", ["Elections as regime management"]),
        ("/feed/topic/armenia/", ["Security organisations and Karabakh"]),
        (
            "/feed/topic/russia/",
            ["Elections as regime management", "Security organisations and Karabakh"],
        ),
        ("/feed/author/jason-strakes/", ["Security organisations and Karabakh"]),
        (
            "/feed/author/ada-coauthor/",
            ["Elections as regime management", "Security organisations and Karabakh"],
        ),
    ],
)
def test_feed_per_category_topic_and_author(client, content, path, expected):
    feed = parse(client.get(path))
    assert [entry.title for entry in feed.entries] == expected
    assert all(entry.link.startswith(BASE + "/articles/") for entry in feed.entries)


def test_feed_titles_name_their_subject(client, content):
    assert (
        parse(client.get("/feed/category/policy-memos/")).feed.title
        == "PONARS Eurasia: Policy Memos"
    )
    assert (
        parse(client.get("/feed/author/jason-strakes/")).feed.title
        == "PONARS Eurasia: articles by Jason Strakes"
    )
    assert parse(client.get("/feed/topic/armenia/")).feed.link == BASE + "/articles/topic/armenia/"


def test_person_without_articles_has_an_empty_feed(client):
    person = PersonFactory(slug="quiet-person")
    assert parse(client.get(reverse("feeds:author", args=[person.slug]))).entries == []


@pytest.mark.parametrize(
    "path",
    [
        "/feed/category/no-such/",
        "/feed/topic/no-such/",
        "/feed/author/no-such/",
        "/feed/author/%C3%A9/",
    ],
)
def test_unknown_subject_is_404(client, content, path):
    response = client.get(path)
    assert response.status_code == 404
    assert b"Page not found" in response.content


def test_control_characters_are_stripped_not_a_500(client):
    person = PersonFactory(name="Bad\x0bName")
    ArticleFactory(
        title="Pasted\x0c from Word\x1f",
        summary="Bell\x07 and \x1bescape",
        authors=[person],
        topics=[TopicFactory(name="Odd\x08topic")],
        category=CategoryFactory(name="Commentary", description="With\x01 control"),
    )
    for path in ["/feed/", "/feed/category/commentary/", f"/feed/author/{person.slug}/"]:
        feed = parse(client.get(path))
        entry = feed.entries[0]
        assert entry.title == "Pasted from Word"
        assert entry.summary == "Bell and escape"
        assert entry.authors[0]["name"] == "BadName"


def test_conditional_get_answers_304_until_something_changes(client, content):
    response = client.get("/feed/")
    etag, last_modified = response["ETag"], response["Last-Modified"]
    assert client.get("/feed/", headers={"if-none-match": etag}).status_code == 304
    assert client.get("/feed/", headers={"if-modified-since": last_modified}).status_code == 304
    # A newly published article changes both validators.
    ArticleFactory(title="Fresh analysis")
    fresh = client.get("/feed/", headers={"if-none-match": etag})
    assert fresh.status_code == 200
    assert "Fresh analysis" in [entry.title for entry in parse(fresh).entries]
    assert fresh["ETag"] != etag


def test_editing_an_older_article_changes_the_validators(client, content, time_machine):
    response = client.get("/feed/category/policy-memos/")
    time_machine.move_to(timezone.now() + datetime.timedelta(hours=1))
    memo = content["memo"]
    memo.title = "Security organisations and Karabakh, revised"
    memo.save()
    again = client.get("/feed/category/policy-memos/", headers={"if-none-match": response["ETag"]})
    assert again.status_code == 200
    assert parse(again).entries[0].title.endswith("revised")
    memo.refresh_from_db()  # the memo's PDF, made on its save, writes `updated` again
    assert again["Last-Modified"] == http_date(memo.updated.timestamp())


def test_feed_query_count_is_constant(client, django_assert_max_num_queries):
    authors = [PersonFactory(), PersonFactory()]
    topics = [TopicFactory(), TopicFactory()]
    for count in (1, 40):
        for _ in range(count):
            ArticleFactory(authors=authors, topics=topics)
        with django_assert_max_num_queries(6):
            parse(client.get("/feed/"))


def test_pages_link_to_their_feeds(client, content):
    expectations = {
        "/": ["/feed/"],
        "/articles/": ["/feed/"],
        # An article page also offers its comments feed (issue 3).
        content["memo"].get_absolute_url(): [
            f"/articles/{content['memo'].slug}/comments/feed/",
            "/feed/",
        ],
        "/articles/category/policy-memos/": ["/feed/category/policy-memos/", "/feed/"],
        "/articles/topic/armenia/": ["/feed/topic/armenia/", "/feed/"],
        "/members/jason-strakes/": ["/feed/author/jason-strakes/", "/feed/"],
    }
    for page, feeds in expectations.items():
        response = client.get(page)
        alternates = links(response, "alternate")
        hrefs = [link["href"] for link in alternates]
        # The page's own feed first, then the site-wide ones (other apps may add theirs), each
        # RSS feed followed by its Atom twin.
        expected = [BASE + url for feed in feeds for url in (feed, feed + "atom/")]
        assert hrefs[: len(expected)] == expected, page
        types = [link["type"] for link in alternates[: len(expected)]]
        assert types == ["application/rss+xml", "application/atom+xml"] * len(feeds)
        assert len(hrefs) == len(set(hrefs)), f"{page}: a feed announced twice"
        assert all(link["type"] and link["title"] for link in alternates)
        for feed in feeds:
            assert client.get(feed).status_code == 200
            parse_atom(client.get(feed + "atom/"))
    # Visible links as well, for readers.
    assert (
        b'href="/feed/category/policy-memos/"'
        in client.get("/articles/category/policy-memos/").content
    )
    assert b'href="/feed/author/jason-strakes/"' in client.get("/members/jason-strakes/").content


def test_atom_feeds_beside_the_rss_ones(client, content):
    rss = parse(client.get("/feed/"))
    feed = parse_atom(client.get("/feed/atom/"))
    assert [e.link for e in feed.entries] == [e.link for e in rss.entries]
    assert feed.feed.subtitle == rss.feed.description
    memo = next(e for e in feed.entries if e.title == "Security organisations and Karabakh")
    assert [author.name for author in memo.authors] == ["Jason Strakes", "Ada Coauthor"]
    assert memo.link.startswith(BASE + "/articles/")
    assert feed.feed.links[0].href.startswith(BASE)
    for path in (
        "/feed/category/policy-memos/atom/",
        "/feed/topic/armenia/atom/",
        "/feed/author/jason-strakes/atom/",
    ):
        assert parse_atom(client.get(path)).entries, path
    assert client.get("/feed/category/no-such/atom/").status_code == 404
