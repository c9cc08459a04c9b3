"""Quoted phrases: found exactly, on both backends. On PostgreSQL a phrase is also matched
through its word pairs (lexemes the GIN index can look up), which must never change what is
found, only how fast."""

import pytest
from django.db import connection

from ponars.search.backends import _pairs_query, search
from ponars.search.query import parse
from tests.articles.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def slugs(text):
    return {hit.slug for hit in search(text)[:50]}


@pytest.fixture
def articles():
    return {
        "phrase": ArticleFactory(
            slug="phrase", title="Trade routes", body="<p>Russian trade policy turned east.</p>"
        ),
        "apart": ArticleFactory(
            slug="apart",
            title="Partners",
            body="<p>Trade with Russian partners fell, and policy did not help.</p>",
        ),
        "stopword": ArticleFactory(
            slug="stopword", title="Schools", body="<p>The war in Ukraine moved classes.</p>"
        ),
        "gap": ArticleFactory(
            slug="gap", title="Budgets", body="<p>The war, and then Ukraine's budget.</p>"
        ),
        "society": ArticleFactory(
            slug="society", title="Activists", body="<p>Civil society in the regions.</p>"
        ),
        "law": ArticleFactory(slug="law", title="Courts", body="<p>The rule of law in courts.</p>"),
    }


def test_a_phrase_finds_the_words_in_order_only(articles):
    assert slugs('"russian trade"') == {"phrase"}
    assert slugs("russian trade") == {"phrase", "apart"}
    if connection.vendor == "postgresql":  # the document holds its word pairs, in order
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT pairs_en @@ %s::tsquery, pairs_en @@ %s::tsquery "
                "FROM search_document WHERE kind = 'article' AND slug = 'phrase'",
                ["'russian trade'", "'trade russian'"],
            )
            assert cursor.fetchone() == (True, False)


def test_a_phrase_with_a_stop_word_keeps_its_gap(articles):
    assert slugs('"war in Ukraine"') == {"stopword"}


def test_either_of_two_phrases(articles):
    assert slugs('"civil society" or "rule of law"') == {"society", "law"}


def test_an_excluded_phrase(articles):
    assert slugs('trade -"russian trade"') == {"apart"}


def test_a_hyphenated_name_is_a_phrase(articles):
    ArticleFactory(slug="nk", title="Nagorno-Karabakh after the war", body="<p>Text.</p>")
    ArticleFactory(slug="nk-apart", title="Karabakh", body="<p>Nagorno and other words.</p>")
    assert slugs("Nagorno-Karabakh") == {"nk"}


def test_word_pairs_are_required_only_where_every_alternative_is_a_phrase():
    parsed = parse('"russian trade" or sanctions "civil society" -"rule of law"')
    groups = parsed.groups
    pairs = {id(groups[1][0]): ["civil societi"]}
    # The first group has a single word as an alternative: no pair can be required for it.
    assert _pairs_query(groups, pairs) == "(('civil societi'))"
    assert _pairs_query(groups[:1], pairs) == ""


def test_a_lexeme_with_a_quote_is_escaped():
    parsed = parse('"o\'brien said"')
    built = _pairs_query(parsed.groups, {id(parsed.groups[0][0]): ["o'brien said"]})
    assert built == "(('o''brien said'))"


def test_the_snippet_shows_a_match_deep_in_a_long_body():
    filler = "Regional budgets and local politics were discussed at length. " * 120
    ArticleFactory(
        slug="deep", title="Budgets", body=f"<p>{filler}</p><p>Then the Duma voted again.</p>"
    )
    (hit,) = search("Duma")[:5]
    assert "<mark>Duma</mark> voted" in hit.snippet
