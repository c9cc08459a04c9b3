"""A feed's items are written once per version of each (core.feeds.RequestFeed.item_versions)
and kept across changes of content: after an edit only that article's item is written again,
and the feed is byte for byte the feed written from nothing."""

import re

import feedparser
import pytest
from django.test import Client
from django.test.utils import override_settings

from articles.feeds import ArticleFeed
from core.publishing import Status
from tests.articles.factories import ArticleFactory, CategoryFactory, TopicFactory
from tests.members.factories import PersonFactory

pytestmark = pytest.mark.django_db

FEEDS = ["/feed/", "/feed/atom/", "/feed/category/commentary/", "/ru/feed/"]


@pytest.fixture
def written(monkeypatch):
    """The titles of the items written (not taken from the kept ones), in order."""
    titles = []
    original = ArticleFeed.item_title

    def counting(self, item):
        titles.append(item.title)
        return original(self, item)

    monkeypatch.setattr(ArticleFeed, "item_title", counting)
    return titles


@pytest.fixture
def pieces():
    author = PersonFactory(name="Maria Lipman")
    commentary = CategoryFactory(name="Commentary", slug="commentary")
    topic = TopicFactory(name="Elections")
    return [
        ArticleFactory(title=f"Piece {n}", category=commentary, authors=[author], topics=[topic])
        for n in range(3)
    ]


def titles(response):
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert not feed.bozo, feed.get("bozo_exception")
    return [entry.title for entry in feed.entries]


def test_a_feed_of_kept_items_is_the_feed_written_from_nothing(pieces, settings, committed):
    settings.PAGE_CACHE_SECONDS = 0
    fresh = {path: Client().get(path).content for path in FEEDS}
    with override_settings(PAGE_CACHE_SECONDS=600):
        committed(lambda: None)
        first = {path: Client().get(path).content for path in FEEDS}
        committed(lambda: ArticleFactory(title="Unrelated", status=Status.DRAFT))
        kept = {path: Client().get(path).content for path in FEEDS}
    assert first == fresh
    assert kept == fresh
    assert b"<dc:creator>Maria Lipman</dc:creator>" in fresh["/feed/"]


def test_editing_one_article_writes_only_its_item_again(page_cache, pieces, written, committed):
    committed(lambda: None)
    before = titles(Client().get("/feed/"))
    assert sorted(before) == ["Piece 0", "Piece 1", "Piece 2"]
    assert sorted(written) == ["Piece 0", "Piece 1", "Piece 2"]
    written.clear()

    def retitle():
        pieces[0].title = "Piece 0, revised"
        pieces[0].save()

    committed(retitle)
    response = Client().get("/feed/")
    assert titles(response) == [t.replace("Piece 0", "Piece 0, revised") for t in before]
    assert written == ["Piece 0, revised"]
    # The validators follow the edit, and a reader's copy is current again.
    assert Client().get("/feed/", headers={"if-none-match": response["ETag"]}).status_code == 304


def test_unpublishing_or_renaming_reaches_every_kept_item(page_cache, pieces, written, committed):
    committed(lambda: None)
    before = titles(Client().get("/feed/"))

    def unpublish():
        pieces[1].status = Status.DRAFT
        pieces[1].save()

    committed(unpublish)
    assert titles(Client().get("/feed/")) == [t for t in before if t != "Piece 1"]
    written.clear()

    def rename():
        author = pieces[0].credited_people[0]
        author.name = "Maria Lipman-Petrova"
        author.save()

    committed(rename)
    content = Client().get("/feed/").content.decode()
    assert re.findall(r"<dc:creator>(.*?)</dc:creator>", content) == ["Maria Lipman-Petrova"] * 2
    assert sorted(written) == ["Piece 0", "Piece 2"]  # a person's change: every item again
