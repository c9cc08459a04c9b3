"""Highwire Press citation_* tags, read as Google Scholar and Zotero read them."""

import datetime
import re

import pytest

from tests.articles.factories import ArticleFactory, CategoryFactory
from tests.helpers.seo import document, meta_tags
from tests.helpers.uploads import real_pdf
from tests.members.factories import PersonFactory

pytestmark = pytest.mark.django_db

# Zotero's Embedded Metadata translator: Highwire tag -> Zotero field (the part we emit).
ZOTERO_FIELDS = {
    "citation_title": "title",
    "citation_publication_date": "date",
    "citation_journal_title": "publicationTitle",
    "citation_series_title": "series",
    "citation_technical_report_institution": "institution",
    "citation_technical_report_number": "number",
    "citation_publisher": "publisher",
    "citation_language": "language",
    "citation_public_url": "url",
}


def zotero_item(response):
    """What Zotero's connector saves from the page's citation_* tags."""
    tags = meta_tags(response)
    if "citation_technical_report_institution" in tags:
        item_type = "report"
    elif "citation_journal_title" in tags:
        item_type = "journalArticle"
    else:
        item_type = "webpage"
    item = {"itemType": item_type}
    for tag, zotero_field in ZOTERO_FIELDS.items():
        if tag in tags:
            item[zotero_field] = tags[tag][0]
    item["creators"] = []
    for name in tags.get("citation_author", []):
        last, _, first = name.partition(", ")
        item["creators"].append({"lastName": last, "firstName": first, "creatorType": "author"})
    item["attachments"] = [
        {"url": url, "mimeType": "application/pdf"} for url in tags.get("citation_pdf_url", [])
    ]
    return item


def assert_scholar_can_index(response):
    """Google Scholar's inclusion guidelines: the tags are in <head>, with a title, at least
    one author (or the organisation), a publication date as YYYY/MM/DD (or YYYY), and a PDF
    address, if any, on the same site."""
    head = document(response).find("head")
    names = [
        m.get("name") for m in head.iter("meta") if (m.get("name") or "").startswith("citation_")
    ]
    assert names.count("citation_title") == 1
    tags = meta_tags(response)
    assert tags["citation_title"][0].strip()
    assert tags.get("citation_author")
    (date,) = tags["citation_publication_date"]
    assert re.fullmatch(r"\d{4}(/\d{2}/\d{2})?", date)
    for url in tags.get("citation_pdf_url", []):
        assert url.startswith("http://testserver/") and url.endswith(".pdf")


def test_two_author_memo_is_a_report_with_its_pdf(client):
    memos = CategoryFactory(name="Policy Memos", slug="policy-memos", is_policy_memo=True)
    anna = PersonFactory(name="Anna Ivanova", sort_name="Ivanova, Anna")
    john = PersonFactory(name="John P. Smith", sort_name="Smith, John P.")
    memo = ArticleFactory(
        title="Russia’s War Economy",
        category=memos,
        memo_number=708,
        published_at=datetime.datetime(2024, 3, 5, 14, 0, tzinfo=datetime.UTC),
        authors=[anna, john],
        language="ru",
    )
    memo.pdf = real_pdf("memo.pdf")
    memo.save()
    response = client.get(memo.get_absolute_url())
    assert_scholar_can_index(response)
    item = zotero_item(response)
    assert item["itemType"] == "report"
    assert item["title"] == "Russia’s War Economy"
    assert [(c["lastName"], c["firstName"]) for c in item["creators"]] == [
        ("Ivanova", "Anna"),
        ("Smith", "John P."),
    ]
    assert item["date"] == "2024/03/05"
    assert item["institution"] == "PONARS Eurasia"
    assert item["number"] == "708"
    assert item["series"] == "PONARS Eurasia Policy Memo"
    assert item["language"] == "ru"
    assert item["url"] == "http://testserver" + memo.get_absolute_url()
    (pdf,) = item["attachments"]
    assert pdf["url"] == "http://testserver" + memo.pdf.url
    download = client.get(memo.pdf.url)
    assert download.status_code == 200
    download.close()


def test_article_appears_in_the_site_as_its_journal(client):
    author = PersonFactory(name="Maria Lipman", sort_name="Lipman, Maria")
    article = ArticleFactory(title="A commentary", authors=[author])
    response = client.get(article.get_absolute_url())
    assert_scholar_can_index(response)
    item = zotero_item(response)
    assert item["itemType"] == "journalArticle"
    assert item["publicationTitle"] == "PONARS Eurasia"
    assert item["attachments"] == []
    assert "number" not in item


def test_no_citation_tags_for_an_item_that_links_out_or_a_list(client):
    article = ArticleFactory(external_url="https://example.org/original")
    assert not [
        k for k in meta_tags(client.get(article.get_absolute_url())) if k.startswith("citation_")
    ]
    assert not [k for k in meta_tags(client.get("/articles/")) if k.startswith("citation_")]
