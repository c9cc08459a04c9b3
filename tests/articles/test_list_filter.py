"""/articles/: thumbnails on the list cards, and a GET filter form (category, year, language)
that works without JavaScript, keeps its choice through pagination and answers a bad value
with a message and a 400, in a constant number of queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from core.publishing import Language
from tests.articles.factories import ArticleFactory, CategoryFactory
from tests.helpers.html import assert_valid_html
from tests.helpers.seo import document
from tests.helpers.uploads import image
from tests.members.factories import PersonFactory

pytestmark = pytest.mark.django_db
LIST = reverse("articles:list")


def on(year, month=6):
    return datetime.datetime(year, month, 15, 12, tzinfo=timezone.get_current_timezone())


def titles(response):
    return [
        "".join(h.itertext()).strip()
        for h in document(response).iter("h2")
        if "card-title" in (h.get("class") or "")
    ]


@pytest.fixture
def articles():
    memos = CategoryFactory(name="Policy Memos", name_ru="Аналитические записки")
    commentary = CategoryFactory(name="Commentary")
    return {
        "memo 2021": ArticleFactory(title="memo 2021", category=memos, published_at=on(2021)),
        "memo 2022": ArticleFactory(title="memo 2022", category=memos, published_at=on(2022)),
        "memo 2022 ru": ArticleFactory(
            title="memo 2022 ru", category=memos, published_at=on(2022, 3), language="ru"
        ),
        "comment 2022": ArticleFactory(
            title="comment 2022", category=commentary, published_at=on(2022, 2)
        ),
    }


def test_the_form_has_a_label_on_every_control_and_shows_the_choice(client, articles):
    response = client.get(LIST, {"category": "policy-memos", "year": "2022"})
    assert response.status_code == 200
    page = assert_valid_html(response)
    form = next(f for f in page.iter("form") if "filter-form" in (f.get("class") or ""))
    assert form.get("method") == "get" and form.get("action") is None  # this page, no JavaScript
    labels = {label.get("for") for label in form.iter("label")}
    controls = [c.get("id") for c in form.iter("select")]
    assert controls == ["id_category", "id_year", "id_language"]
    assert set(controls) <= labels
    html = response.content.decode()
    assert '<option value="policy-memos" selected>Policy Memos</option>' in html
    assert '<option value="2022" selected>2022</option>' in html
    assert '<option value="2021">2021</option>' in html and ">2020<" not in html
    assert "2 articles match these filters." in html


def test_filters_combine(client, articles):
    def shown(**params):
        response = client.get(LIST, params)
        assert response.status_code == 200
        return set(titles(response))

    assert shown() == set(articles)
    assert shown(category="policy-memos") == {"memo 2021", "memo 2022", "memo 2022 ru"}
    assert shown(year="2022") == {"memo 2022", "memo 2022 ru", "comment 2022"}
    assert shown(category="policy-memos", year="2022") == {"memo 2022", "memo 2022 ru"}
    assert shown(category="policy-memos", year="2022", language="ru") == {"memo 2022 ru"}
    assert shown(language="en", year="2021") == {"memo 2021"}
    assert shown(category="commentary", year="2021") == set()
    empty = client.get(LIST, {"category": "commentary", "year": "2021"}).content.decode()
    assert "No articles match these filters." in empty and "Show all articles" in empty


def test_the_category_names_follow_the_interface_language(client, articles):
    html = client.get("/ru" + LIST).content.decode()
    assert '<option value="policy-memos">Аналитические записки</option>' in html
    assert '<label for="id_category">Рубрика</label>' in html


def test_pagination_keeps_the_filter(client, settings):
    settings.ARTICLES_PER_PAGE = 2
    memos = CategoryFactory(name="Policy Memos")
    wanted = {
        ArticleFactory(category=memos, published_at=on(2022, month)).title for month in (1, 2, 3)
    }
    ArticleFactory(category=memos, published_at=on(2021))
    ArticleFactory(published_at=on(2022))  # Commentary
    first = client.get(LIST, {"category": "policy-memos", "year": "2022"})
    nav = document(first).find(".//nav[@class='pagination']")
    following = nav.find(".//a[@rel='next']").get("href")
    assert following == "?category=policy-memos&year=2022&page=2"
    second = client.get(LIST + following)
    assert second.status_code == 200
    assert set(titles(first)) | set(titles(second)) == wanted
    previous = document(second).find(".//nav[@class='pagination']//a[@rel='prev']").get("href")
    assert previous == "?category=policy-memos&year=2022&page=1"


@pytest.mark.parametrize(
    "query,message",
    [
        ("?year=abc", "There are no articles from “abc” here"),
        ("?year=99999", "There are no articles from “99999” here"),
        ("?year=2019", "There are no articles from “2019” here"),
        ("?year=2022.5", "There are no articles from"),
        ("?year=-1", "There are no articles from “-1” here"),
        ("?year=99999999999999999999999", "There are no articles from"),
        ("?category=nope", "There is no category “nope” here"),
        ("?category=%3Cb%3E", "There is no category “&lt;b&gt;”"),
        ("?language=xx", "There is no language “xx” here"),
        ("?language=RU", "There is no language “RU” here"),
        ("?category=policy-memos&year=abc", "There are no articles from “abc” here"),
    ],
)
def test_a_bad_filter_is_a_message_and_400(client, articles, query, message):
    response = client.get(LIST + query)
    assert response.status_code == 400
    html = response.content.decode()
    assert "That filter does not match anything here." in html and message in html
    assert "Nothing to show for that filter." in html and titles(response) == []
    assert_valid_html(response)


@pytest.mark.parametrize("query", ["", "?category=policy-memos&year=2022&language=en"])
def test_the_query_count_does_not_grow_with_the_articles(client, query):
    memos = CategoryFactory(name="Policy Memos")
    authors = [PersonFactory(), PersonFactory()]

    def count(total):
        for index in range(total):
            ArticleFactory(category=memos, published_at=on(2022, 1 + index % 12), authors=authors)
        client.get(LIST + query)  # what is built once and kept (the menu) is not the page's
        with CaptureQueriesContext(connection) as queries:
            response = client.get(LIST + query)
        assert response.status_code == 200 and titles(response)
        return len(queries)

    few = count(10)
    many = count(50)
    assert few == many <= 10


def test_list_cards_show_a_thumbnail_with_alt_text(client):
    pictured = ArticleFactory(
        title="With a picture", image=image(), image_alt="Voters queue outside a school"
    )
    ArticleFactory(title="Without a picture")
    for path in (LIST, pictured.category.get_absolute_url()):
        response = client.get(path)
        page = assert_valid_html(response)
        cards = {
            "".join(card.find(".//h2").itertext()).strip(): card
            for card in page.iter("article")
            if "card" in card.get("class").split()
        }
        img = cards["With a picture"].find(".//img")
        assert img.get("alt") == "Voters queue outside a school"
        assert img.get("loading") == "lazy"
        assert (img.get("width"), img.get("height")) == ("640", "360")
        assert img.get("src").endswith(".jpg")
        assert "has-image" in cards["With a picture"].get("class")
        # A card without a picture has no empty frame: just its text.
        plain = cards["Without a picture"]
        assert plain.find(".//img") is None and plain.find(".//picture") is None
        assert plain.get("class") == "card"


def test_the_russian_interface_filters_by_language_too(client, articles):
    response = client.get("/ru" + LIST, {"language": Language.RUSSIAN})
    assert response.status_code == 200
    assert titles(response) == ["memo 2022 ru"]
