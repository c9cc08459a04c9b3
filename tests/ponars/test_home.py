"""The home page: featured row, latest analysis and the blocks of the aside — Policy Memos
and Digital Resources among them, as on the real site — in a constant number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.articles.factories import ArticleFactory, CategoryFactory
from tests.events.factories import EventFactory
from tests.helpers.html import assert_valid_html
from tests.helpers.seo import document
from tests.members.factories import PersonFactory
from tests.podcasts.factories import EpisodeFactory

pytestmark = pytest.mark.django_db


def memo_category():
    return CategoryFactory(
        name="Policy Memos", name_ru="Аналитические записки", is_policy_memo=True
    )


def section(response, heading_id):
    heading = document(response).find(f".//h2[@id='{heading_id}']")
    assert heading is not None, heading_id
    return next(
        el for el in document(response).iter("section") if el.get("aria-labelledby") == heading_id
    )


def text(element):
    return " ".join("".join(element.itertext()).split())


def test_the_policy_memo_block_lists_the_latest_memos_with_numbers_and_authors(client):
    memos = memo_category()
    hale, hook = PersonFactory(name="Henry Hale"), PersonFactory(name="Kristina Hook")
    for number in range(701, 708):
        ArticleFactory(
            category=memos,
            memo_number=number,
            title=f"Memo {number}",
            authors=[hale],
            published_at=timezone.now() - datetime.timedelta(days=710 - number),
        )
    ArticleFactory(category=memos, memo_number=708, title="The newest memo", authors=[hale, hook])
    ArticleFactory(title="A commentary")
    response = client.get("/")
    assert_valid_html(response)
    block = section(response, "home-memos")
    shown = text(block)
    assert "Memo No. 708" in shown and "The newest memo" in shown
    assert "Henry Hale and Kristina Hook" in shown
    # The five newest memos, nothing else; the heading and a link lead to all of them.
    items = block.findall(".//li")
    assert len(items) == 5
    assert "Memo 703" not in shown and "A commentary" not in shown
    links = {a.get("href") for a in block.iter("a")}
    assert memos.get_absolute_url() in links
    assert "All policy memos" in shown


def test_no_memo_block_without_memos(client):
    ArticleFactory(title="A commentary")
    assert 'id="home-memos"' not in client.get("/").content.decode()


def test_the_digital_resources_block_links_the_collections(client):
    response = client.get("/")
    block = section(response, "home-resources")
    links = {a.get("href") for a in block.iter("a")}
    assert {
        "/resources/",
        "/resources/books/",
        "/resources/syllabi/",
        "/academy/",
        "/podcasts/",
        "/articles/category/point-counterpoint/",
        "/articles/category/policy-perspectives/",
    } <= links
    assert 'class="home-box home-resources"' in response.content.decode()


def test_the_home_blocks_in_russian(client):
    memos = memo_category()
    ArticleFactory(category=memos, memo_number=708, title="Memo")
    response = client.get("/ru/")
    assert_valid_html(response)
    memo_block = text(section(response, "home-memos"))
    assert "Аналитические записки" in memo_block and "Записка № 708" in memo_block
    assert "Все аналитические записки" in memo_block
    resources = text(section(response, "home-resources"))
    assert "Цифровые ресурсы" in resources and "Книжная полка" in resources
    assert "Записи лекций участников" in resources
    assert {a.get("href") for a in section(response, "home-resources").iter("a")} >= {
        "/ru/resources/books/",
        "/ru/academy/",
    }


def fill_home(count):
    """`count` of everything the home page shows: featured articles, memos, recommended,
    commentary with two authors each, upcoming events and podcast episodes."""
    memos, recommended = memo_category(), CategoryFactory(name="Recommended", links_out=True)
    authors = [PersonFactory(), PersonFactory()]
    start = 100 * count
    for index in range(count):
        ArticleFactory(featured=True, authors=authors)
        ArticleFactory(category=memos, memo_number=start + index, authors=authors)
        ArticleFactory(category=recommended, authors=authors)
        ArticleFactory(authors=authors)
        EventFactory()
        EpisodeFactory()


def test_the_home_page_query_count_does_not_grow(client):
    def count():
        client.get("/")  # what is built once and kept (the menu) is not the page's cost
        with CaptureQueriesContext(connection) as queries:
            response = client.get("/")
        assert response.status_code == 200
        return len(queries), response

    fill_home(1)
    few, response = count()
    for heading in ("home-featured", "home-memos", "home-recommended", "home-resources"):
        assert f'id="{heading}"' in response.content.decode()
    fill_home(12)
    many, response = count()
    assert few == many <= 8
    assert len(section(response, "home-memos").findall(".//li")) == 5


def test_featured_and_latest_cards_name_their_authors_in_order(client):
    """Both lists' credits come from one query (CreditedQuerySet.add_credits): each card still
    names its own people, in the order editors set."""
    zara, anna, mia = (PersonFactory(name=n) for n in ("Zara Last", "Anna First", "Mia Mid"))
    ArticleFactory(title="The featured one", featured=True, authors=[zara, anna])
    ArticleFactory(title="The latest one", authors=[mia])
    ArticleFactory(title="Nobody's", authors=[])
    response = client.get("/")
    featured = text(section(response, "home-featured"))
    assert "The featured one" in featured
    assert featured.index("Zara Last") < featured.index("Anna First")
    assert "Mia Mid" not in featured
    latest = {
        text(card.find(".//h3")): text(card)
        for card in section(response, "home-latest").iter("article")
    }
    assert set(latest) == {"The latest one", "Nobody's"}
    assert "Mia Mid" in latest["The latest one"]
    assert not any(name in latest["Nobody's"] for name in ("Zara Last", "Anna First", "Mia Mid"))
