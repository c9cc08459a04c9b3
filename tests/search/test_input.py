"""Hostile and malformed input: always a page or a 400, never a 500."""

import unicodedata

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ponars.search.backends import Filters, search
from ponars.search.query import normalise
from tests.articles.factories import ArticleFactory
from tests.helpers.html import assert_valid_html
from tests.members.factories import PersonFactory

pytestmark = pytest.mark.django_db

URL = reverse("search:search")

NASTY = [
    "",
    " ",
    '"',
    '""',
    '"unbalanced',
    'unbalanced"',
    "-",
    "--",
    "- -",
    '-"',
    "or",
    "OR or OR",
    "!!!",
    "&&||!",
    "((()",
    "<->",
    ":*",
    "a:*",
    "a & b | !c",
    "'; DROP TABLE articles_article; --",
    "1' OR '1'='1",
    "%",
    "%%",
    "%s",
    "%(q)s",
    "_",
    "\\",
    "\\x00",
    "NEAR(a b)",
    "title:x",
    "^x",
    "x*",
    "* OR *",
    "AND",
    "NOT",
    "a NOT b",
    "{x}",
    "😀",
    "\u202e",
    "\u0301",
    "ё",
    "Ёлка",
    "<script>alert(1)</script>",
    "\x01\x02\x03",
    "\x1f",
    "\ufeff",
    "a" * 300,
]

words = st.sampled_from(NASTY + ["elections", "выборы", "Lipman", "-oil", '"nuclear', "or"])
queries = st.one_of(
    st.text(st.characters(blacklist_categories=("Cs",)), max_size=120),
    st.lists(words, max_size=8).map(" ".join),
)


@pytest.fixture
def some_content():
    PersonFactory(name="Maria Lipman", slug="maria-lipman")
    ArticleFactory(title="Elections and oil", body="<p>Nuclear elections выборах</p>")


@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=queries)
def test_any_query_gives_a_result_list(some_content, text):
    results = search(text)
    hits = results[0:20]
    assert results.count() >= len(hits)
    results.suggestion()


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    text=queries,
    params=st.dictionaries(
        st.sampled_from(["type", "category", "topic", "author", "year", "language", "page"]),
        st.one_of(
            st.sampled_from(
                [
                    "",
                    "article",
                    "person",
                    "commentary",
                    "en",
                    "ru",
                    "2021",
                    "-1",
                    "0",
                    "99999",
                    "1e3",
                    "abc",
                    "%00",
                    "'",
                    "zz",
                ]
            ),
            st.text(max_size=20),
        ),
    ),
)
def test_any_request_answers_a_page_or_400(client, some_content, text, params):
    response = client.get(URL, {"q": text, **params})
    assert response.status_code in (200, 400), (text, params, response.status_code)


@pytest.mark.parametrize("text", NASTY)
def test_nasty_queries_render_a_valid_page(client, some_content, text):
    response = client.get(URL, {"q": text})
    assert response.status_code == 200 if "\x00" not in text else 400
    assert_valid_html(response)


def test_ten_thousand_characters_get_a_400(client):
    response = client.get(URL, {"q": "elections " * 1000})
    assert response.status_code == 400
    assert "too long" in response.content.decode()


def test_query_longer_than_the_form_allows_gets_a_400_with_the_form(client):
    response = client.get(URL, {"q": "x" * 400})
    html = response.content.decode()
    assert response.status_code == 400
    assert "at most 300 characters" in html
    assert_valid_html(response)


def test_nul_bytes_get_a_400(client):
    assert client.get(URL, {"q": "elec\x00tions"}).status_code == 400
    assert client.get(URL + "?q=elec%00tions").status_code == 400


def test_nul_bytes_in_the_backend_are_dropped(some_content):
    assert [h.slug for h in search("elections\x00")[:5]]


@pytest.mark.parametrize(
    "params,message",
    [
        ({"type": "spaceship"}, "Select a valid choice"),
        ({"category": "no-such-category"}, "Select a valid choice"),
        ({"language": "fr"}, "Select a valid choice"),
        ({"year": "1066"}, "Select a valid choice"),
        ({"year": "twenty"}, "Select a valid choice"),
        ({"topic": "no-such-topic"}, "There is no topic called “no-such-topic”"),
        ({"author": "Nobody Atall"}, "There is no author called “Nobody Atall”"),
    ],
)
def test_unknown_filter_values_get_a_400_that_says_why(client, some_content, params, message):
    response = client.get(URL, {"q": "elections", **params})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert_valid_html(response)


def test_filters_that_exclude_every_type_give_no_results(some_content):
    assert search("Lipman", Filters(kinds=["person"], category_id=1)).count() == 0


def full_normalisation(text):
    """What `normalise` does, the long way for every text (its ASCII shortcut must agree)."""
    decomposed = unicodedata.normalize("NFKD", text.lower())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("ё", "е")


@given(text=st.text(max_size=40))
@settings(max_examples=300)
def test_normalised_text_is_the_same_by_the_shortcut(text):
    assert normalise(text) == full_normalisation(text)
    assert normalise(text.encode("ascii", "ignore").decode()) == full_normalisation(
        text.encode("ascii", "ignore").decode()
    )


def test_normalising_drops_accents_and_case():
    assert normalise("Jean-François RATELLE") == "jean-francois ratelle"
    assert normalise("Ёлка и Йошкар-Ола") == "елка и иошкар-ола"
    assert normalise("Sanctions: A Review") == "sanctions: a review"
