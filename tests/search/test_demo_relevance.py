"""Relevance on the demo site (`seed_demo`, what `make run` shows): for each query the item a
reader means is FIRST, on PostgreSQL and SQLite alike (run with DATABASE_URL for PostgreSQL).

Topical queries must put the analysis first (articles before people, books and syllabi that
merely mention the words); a person's name, a book's or a page's title puts that item first.
The rules are in ponars/search/backends.py ("ranking") and docs/ARCHITECTURE.md.
"""

import html
import io

import pytest
from django.core.management import call_command
from django.db import transaction
from django.test import override_settings

from ponars.search.backends import search

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker, tmp_path_factory):
    """The demo site, built once for the module and rolled back at the end."""
    media = tmp_path_factory.mktemp("demo-media")
    with (
        django_db_blocker.unblock(),
        override_settings(MEDIA_ROOT=media),
        transaction.atomic(),
    ):
        call_command("seed_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


def results(text, n=5):
    return [
        (hit.kind.name, html.unescape(str(hit.title)).replace("<mark>", "").replace("</mark>", ""))
        for hit in search(text)[:n]
    ]


# query, kind and title (its start) of the item that must be first
FIRST = [
    # topical queries: an article wins over people, books and syllabi that mention the words
    ("elections", "article", "Regional Governors After the 2021 Duma Elections"),
    ("Karabakh", "article", "Russian-Sponsored Security Organizations and the Nagorno-Karabakh"),
    ("Nagorno-Karabakh", "article", "Russian-Sponsored Security Organizations"),
    ("refugees", "article", "The Determinants of Assistance to Ukrainian and Syrian Refugees"),
    ("nuclear", "article", "In Russia’s Nuclear Messaging to West and Ukraine"),
    ("Odesa", "article", "Odesa and the Black Sea Economy"),
    ("Black Sea", "article", "Odesa and the Black Sea Economy"),
    ("Chechnya", "article", "Counterinsurgency Legacies in Chechnya and Dagestan"),
    ("Duma", "article", "Legislating Loyalty: The Duma’s Lawmaking Since 2020"),
    ("Kremlin", "article", "Pro-Kremlin Propaganda’s Failure in Ukraine"),
    ("Caucasus", "article", "Conflicts in the North Caucasus Since 1991"),
    # a newer memo before an older one with the same kind of match
    ("sanctions", "article", "Counterpoint: Sanctions Have Been Absorbed"),
    # Russian words (stemming on PostgreSQL, prefixes of a crude stem on SQLite)
    ("выборы", "article", "Региональные выборы и явка"),
    ("явка", "article", "Региональные выборы и явка"),
    ("гражданское общество", "article", "Гражданское общество под давлением"),
    ("Украина", "article", "Украина: местная власть во время войны"),
    ("Украины", "article", "Украина: местная власть во время войны"),
    # names: the person, not the articles they wrote
    ("Maria Lipman", "person", "Maria Lipman"),
    ("Lipman", "person", "Maria Lipman"),
    ("Jean-François Ratelle", "person", "Jean-François Ratelle"),
    ("Jean-Francois Ratelle", "person", "Jean-François Ratelle"),
    ("Kristina Hook", "person", "Kristina Hook"),
    ("Volodymyr Dubovyk", "person", "Volodymyr Dubovyk"),
    ("Henry Hale", "person", "Henry Hale"),
    ("Golosov", "person", "Grigory Golosov"),
    # titles: the book, syllabus, lecture, episode or event of that title
    ("The Return of the Russian Leviathan", "book", "The Return of the Russian Leviathan"),
    ("Patronal Politics", "book", "Patronal Politics: Eurasian Regime Dynamics"),
    ("Memory Crash", "book", "Memory Crash: Politics of History"),
    ("Federalism and Its Discontents", "book", "Federalism and Its Discontents"),
    ("Uprooted", "book", "Uprooted: How Post-WWII Population Transfers"),
    ("Politics of Post-Soviet Eurasia", "syllabus", "Politics of Post-Soviet Eurasia"),
    ("Survey Research in Authoritarian Settings", "syllabus", "Survey Research in Authoritarian"),
    ("Memory Politics in Ukraine", "lecture", "Memory Politics in Ukraine"),
    ("How Russian Federalism Works", "lecture", "How Russian Federalism Works"),
    ("Volodymyr Zelensky: Year Two", "episode", "Volodymyr Zelensky: Year Two"),
    ("census", "episode", "Russia's 2021 census and the Kremlin's nationalities policy"),
    ("Regional Security After the Karabakh War", "event", "Regional Security After the Karabakh"),
    ("Humanitarian Response in Wartime Ukraine", "event", "Humanitarian Response in Wartime"),
    # Knowledge Hub entries
    ("Levada", "hub", "Levada Center surveys"),
    ("Levada Center surveys", "hub", "Levada Center surveys"),
    ("Rosstat", "hub", "Russian Federal State Statistics Service (Rosstat)"),
    ("Kyiv International Institute of Sociology", "hub", "Kyiv International Institute"),
    ("V-Dem", "hub", "V-Dem: Varieties of Democracy"),
    ("Freedom House", "hub", "Freedom House: Nations in Transit"),
    # the editable pages
    ("About Membership", "page", "About Membership"),
    ("membership", "page", "About Membership"),
    ("Submissions", "page", "Submissions"),
    ("Permissions & Citation Guidelines", "page", "Permissions & Citation Guidelines"),
    ("citation", "page", "Permissions & Citation Guidelines"),
    ("About PONARS Eurasia", "page", "About PONARS Eurasia"),
]

# Broad topical queries: the first results are analysis, not mere mentions.
TOPICAL = ["Russia", "Ukraine", "elections", "sanctions", "refugees", "Kremlin", "nuclear"]


def test_the_relevance_set_is_large_and_names_the_first_item():
    assert len(FIRST) + len(TOPICAL) >= 40
    assert len(FIRST) >= 20


@pytest.mark.parametrize("text,kind,title", FIRST, ids=[case[0] for case in FIRST])
def test_the_item_a_reader_means_is_first(demo, text, kind, title):
    found = results(text)
    assert found, f"{text!r} finds nothing"
    assert found[0][0] == kind and found[0][1].startswith(title), f"{text!r}: {found}"


@pytest.mark.parametrize("text", TOPICAL)
def test_topical_queries_put_articles_before_people_books_and_syllabi(demo, text):
    found = results(text, 10)
    assert found[0][0] == "article", found
    kinds = [kind for kind, _ in found]
    first_mention = min(
        (i for i, kind in enumerate(kinds) if kind in ("person", "book", "syllabus")),
        default=len(kinds),
    )
    assert first_mention >= min(5, len(kinds)), found


def test_russia_and_ukraine_first_pages_are_articles_and_analysis(demo):
    for text in ("Russia", "Ukraine"):
        kinds = [kind for kind, _ in results(text, 10)]
        assert kinds.count("article") >= 6, (text, kinds)
        assert "person" not in kinds and "book" not in kinds and "syllabus" not in kinds
