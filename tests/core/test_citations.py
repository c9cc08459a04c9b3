"""Cite this: a two-author policy memo's citations and reference-manager downloads."""

import datetime
import json

import bibtexparser
import pytest
import rispy
import time_machine
from django.utils import timezone

from core.publishing import Status
from tests.articles.factories import ArticleFactory, CategoryFactory
from tests.helpers.html import assert_valid_html
from tests.helpers.net import closed_port
from tests.members.factories import PersonFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.datetime(2026, 12, 1, 15, 0, tzinfo=datetime.UTC)
URL = "http://testserver/articles/russias-war-economy/"


@pytest.fixture
def memo():
    memos = CategoryFactory(name="Policy Memos", slug="policy-memos", is_policy_memo=True)
    anna = PersonFactory(name="Anna Ivanova", sort_name="Ivanova, Anna", slug="anna-ivanova")
    john = PersonFactory(name="John P. Smith", sort_name="Smith, John P.", slug="john-smith")
    return ArticleFactory(
        title="Russia’s War Economy: Limits & Lessons",
        slug="russias-war-economy",
        category=memos,
        memo_number=708,
        published_at=datetime.datetime(2024, 3, 5, 9, 0, tzinfo=datetime.UTC),
        authors=[anna, john],
    )


def get(client, path):
    with time_machine.travel(TODAY, tick=False):
        return client.get(path)


def test_memo_page_cites_it_in_apa_chicago_and_mla(client, memo):
    response = get(client, memo.get_absolute_url())
    assert response.status_code == 200
    html = response.content.decode()
    assert_valid_html(response)
    assert "Cite this" in html
    assert (
        "Ivanova, A., &amp; Smith, J. P. (2024). Russia’s War Economy: Limits &amp; Lessons "
        "(PONARS Eurasia Policy Memo No. 708). PONARS Eurasia. " + URL
    ) in html
    assert (
        "Ivanova, Anna, and John P. Smith. 2024. Russia’s War Economy: Limits &amp; Lessons. "
        "PONARS Eurasia Policy Memo No. 708. PONARS Eurasia. " + URL + "."
    ) in html
    assert "Ivanova, Anna, and John P. Smith. Russia’s War Economy" in html  # MLA
    for label in ("APA (7th edition)", "Chicago (18th edition, author-date)", "MLA (9th edition)"):
        assert label in html
    # Copyable without JavaScript: read-only text areas with labels.
    assert html.count('class="cite-text" readonly') == 3
    for fmt in ("bib", "ris", "json"):
        assert f'href="/articles/russias-war-economy/cite.{fmt}" download' in html


def test_bibtex_download(client, memo):
    response = get(client, "/articles/russias-war-economy/cite.bib")
    assert response["Content-Type"] == "application/x-bibtex; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="russias-war-economy.bib"'
    library = bibtexparser.parse_string(response.content.decode())
    assert not library.failed_blocks
    (entry,) = library.entries
    assert entry.entry_type == "techreport"
    assert entry.key == "ivanova2024russias"
    fields = {f.key: f.value for f in entry.fields}
    assert fields["author"] == "Ivanova, Anna and Smith, John P."
    assert fields["title"] == r"Russia’s War Economy: Limits \& Lessons"
    assert fields["institution"] == "PONARS Eurasia"
    assert fields["type"] == "PONARS Eurasia Policy Memo"
    assert fields["number"] == "708"
    assert fields["year"] == "2024"
    assert fields["date"] == "2024-03-05"
    assert fields["url"] == URL
    assert fields["urldate"] == "2026-12-01"
    assert fields["language"] == "english"


def test_ris_download_as_zotero_reads_it(client, memo):
    response = get(client, "/articles/russias-war-economy/cite.ris")
    assert response["Content-Type"] == "application/x-research-info-systems; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="russias-war-economy.ris"'
    (entry,) = rispy.loads(response.content.decode())
    assert entry["type_of_reference"] == "RPRT"
    assert entry["authors"] == ["Ivanova, Anna", "Smith, John P."]
    assert entry["title"] == "Russia’s War Economy: Limits & Lessons"
    assert entry["secondary_title"] == "PONARS Eurasia Policy Memo"  # T2: Zotero's seriesTitle
    assert entry["issn"] == "708"  # SN: Zotero's reportNumber for a report
    assert entry["publisher"] == "PONARS Eurasia"  # PB: the institution
    assert entry["date"] == "2024/03/05"
    assert entry["year"] == "2024"
    assert entry["urls"] == [URL]
    assert entry["access_date"] == "2026/12/01"
    assert entry["language"] == "en"


def test_csl_json_download_round_trips_through_citeproc(client, memo):
    response = get(client, "/articles/russias-war-economy/cite.json")
    assert response["Content-Type"] == "application/vnd.citationstyles.csl+json; charset=utf-8"
    (item,) = json.loads(response.content)
    assert item["type"] == "report"
    assert item["author"] == [
        {"family": "Ivanova", "given": "Anna"},
        {"family": "Smith", "given": "John P."},
    ]
    assert item["genre"] == "PONARS Eurasia Policy Memo"
    assert item["number"] == "708"
    assert item["issued"] == {"date-parts": [[2024, 3, 5]]}
    assert item["accessed"] == {"date-parts": [[2026, 12, 1]]}
    assert item["URL"] == URL
    # What another CSL processor makes of the download is what the page shows.
    from citeproc import (
        Citation,
        CitationItem,
        CitationStylesBibliography,
        CitationStylesStyle,
        formatter,
    )
    from citeproc.source.json import CiteProcJSON

    from core.citations import STYLE_DIR

    style = CitationStylesStyle(str(STYLE_DIR / "apa.csl"), validate=False)
    bibliography = CitationStylesBibliography(style, CiteProcJSON([item]), formatter.plain)
    bibliography.register(Citation([CitationItem(item["id"])]))
    text = str(bibliography.bibliography()[0])
    page = get(client, memo.get_absolute_url()).content.decode()
    assert text.replace("&", "&amp;") in page


def test_downloads_follow_the_page_visibility(client, memo, admin_client):
    memo.status = Status.DRAFT
    memo.save()
    assert client.get("/articles/russias-war-economy/cite.bib").status_code == 404
    assert admin_client.get("/articles/russias-war-economy/cite.bib").status_code == 200
    assert client.get("/articles/no-such-memo/cite.ris").status_code == 404
    assert client.get("/articles/russias-war-economy/cite.xml").status_code == 404


def test_article_is_a_post_on_the_site(client):
    author = PersonFactory(name="Maria Lipman", sort_name="Lipman, Maria")
    article = ArticleFactory(
        title="A commentary",
        published_at=timezone.now() - datetime.timedelta(days=2),
        authors=[author],
    )
    bib = client.get(article.get_absolute_url() + "cite.bib").content.decode()
    assert bib.startswith("@misc{lipman")
    assert "howpublished = {PONARS Eurasia}" in bib
    (entry,) = rispy.loads(client.get(article.get_absolute_url() + "cite.ris").content.decode())
    assert entry["type_of_reference"] == "BLOG"
    assert entry["secondary_title"] == "PONARS Eurasia"


def test_episode_lecture_and_book_pages_offer_citations(client):
    from tests.events.factories import LectureFactory
    from tests.podcasts.factories import EpisodeFactory
    from tests.resources.factories import BookFactory

    host = PersonFactory(name="Anna Host", sort_name="Host, Anna")
    guest = PersonFactory(name="Ivan Guest", sort_name="Guest, Ivan")
    episode = EpisodeFactory(title="Sanctions, two years on", host=host, guests=[guest])
    lecture = LectureFactory(title="The Soviet Legacy", lecturer=host)
    book = BookFactory(
        title="Empire's End", publisher="Oxford University Press", year=2021, authors=[guest]
    )
    for item, kind, bib_type in (
        (episode, "broadcast", "@misc"),
        (lecture, "speech", "@misc"),
        (book, "book", "@book"),
    ):
        page = client.get(item.get_absolute_url())
        assert page.status_code == 200
        assert_valid_html(page)
        html = page.content.decode()
        assert html.count('class="cite-text" readonly') == 3
        assert item.title.replace("'", "&#x27;") in html
        (data,) = json.loads(client.get(item.get_absolute_url() + "cite.json").content)
        assert data["type"] == kind
        assert (
            client.get(item.get_absolute_url() + "cite.bib").content.decode().startswith(bib_type)
        )
        assert rispy.loads(client.get(item.get_absolute_url() + "cite.ris").content.decode())
    (data,) = json.loads(client.get(episode.get_absolute_url() + "cite.json").content)
    assert [a["family"] for a in data["author"]] == ["Host", "Guest"]
    (data,) = json.loads(client.get(book.get_absolute_url() + "cite.json").content)
    assert (
        data["issued"] == {"date-parts": [[2021]]}
        and data["publisher"] == "Oxford University Press"
    )
    assert "URL" not in data


def test_a_citation_rendered_once_serves_every_process_and_a_cache_down_still_renders(
    client, memo, monkeypatch, settings
):
    """citeproc-py (35 ms for the three styles) runs once for all app servers: another process
    (its memory empty) reads the texts from the shared cache without importing it; with the
    cache down the page still cites."""
    from django.core.cache import caches

    from core import citations, pagecache

    settings.PAGE_CACHE_SECONDS = 600  # a shared cache, as in production
    caches["default"].clear()
    citations._render.cache_clear()
    first = get(client, memo.get_absolute_url()).content.decode()
    citations._render.cache_clear()  # another process
    pagecache._new_state()  # after a change elsewhere: the page is rendered again

    def no_citeproc():
        raise AssertionError("citeproc-py was used again")

    monkeypatch.setattr(citations, "_citeproc", no_citeproc)
    again = get(client, memo.get_absolute_url()).content.decode()
    apa = "Ivanova, A., &amp; Smith, J. P. (2024). Russia’s War Economy"
    assert apa in first and apa in again
    monkeypatch.undo()
    monkeypatch.setattr(pagecache, "_down_until", 0.0)  # restored after the test
    citations._render.cache_clear()
    settings.CACHES = {
        **settings.CACHES,
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{closed_port()}/0",
        },
    }
    assert apa in get(client, memo.get_absolute_url()).content.decode()
    assert not pagecache.cache_available()  # no timeout on each request while it is down
