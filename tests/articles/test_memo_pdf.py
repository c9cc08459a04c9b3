"""Memo PDFs made from the text: typeset by the task worker when a memo without an uploaded
PDF is published or changed, in English or Russian, linked as "Download the PDF"."""

import datetime
import io
import sys

import pypdf
import pytest

from core.demo_images import picture
from core.publishing import Status
from tests.articles.factories import ArticleFactory, CategoryFactory
from tests.helpers.uploads import real_pdf
from tests.members.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

BODY = (
    "<p>Moscow’s budget for 2024 puts <strong>defence</strong> first "
    '(<a href="https://minfin.gov.ru/ru/">Ministry of Finance</a>).</p>'
    "<h2>Three limits</h2><ol><li>Labour</li><li>Capital</li><li>Sanctions</li></ol>"
    "<table><tr><th>Year</th><th>Share</th></tr><tr><td>2023</td><td>4.4%</td></tr></table>"
    '<p>#set page(paper: "a0") $x$ *not bold* [brackets] @ref &lt;tag&gt;</p>'
)
BODY_RU = (
    "<p>Бюджет на 2024 год ставит <em>оборону</em> на первое место.</p>"
    "<h2>Три ограничения</h2><ul><li>Труд</li><li>Капитал</li></ul>"
)


@pytest.fixture
def memos():
    return CategoryFactory(name="Policy Memos", slug="policy-memos", is_policy_memo=True)


def memo(memos, **kwargs):
    anna = PersonFactory(
        name="Anna Ivanova", sort_name="Ivanova, Anna", affiliation="Harvard University"
    )
    john = PersonFactory(name="John P. Smith", sort_name="Smith, John P.", affiliation="")
    defaults = {
        "title": "Russia’s War Economy: Limits and Lessons",
        "category": memos,
        "memo_number": 708,
        "body": BODY,
        "published_at": datetime.datetime(2024, 3, 5, 14, 0, tzinfo=datetime.UTC),
        "authors": [anna, john],
    }
    article = ArticleFactory(**{**defaults, **kwargs})
    article.refresh_from_db()
    return article


def pdf_text(field):
    with field.open("rb") as handle:
        reader = pypdf.PdfReader(io.BytesIO(handle.read()))
    return reader, "\n".join(page.extract_text() for page in reader.pages)


def test_published_memo_gets_a_pdf_made_from_its_text(client, memos):
    article = memo(memos, image=picture("memo"), image_alt="A factory", image_credit="Photo: TASS")
    assert article.pdf_generated and not article.pdf and article.pdf_problem == ""
    reader, text = pdf_text(article.pdf_generated)
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == (595, 842)  # A4 in points
    assert reader.metadata.title == "Russia’s War Economy: Limits and Lessons"
    for expected in (
        "PONARS EURASIA",
        "Policy Memo No. 708",
        "Anna Ivanova",
        "Harvard University",
        "John P. Smith",
        "5 March 2024",
        "Three limits",
        "Sanctions",
        "https://minfin.gov.ru/ru/",  # a link's address, as a note
        "Photo: TASS",
        "Cite as:",
        "PONARS Eurasia Policy Memo No. 708",
    ):
        assert expected in " ".join(text.split()), expected
    # Typst markup in the text is text, not code.
    assert '#set page(paper: "a0") $x$ *not bold* [brackets] @ref <tag>' in text
    fonts = {
        str(font.get("/BaseFont"))
        for page in reader.pages
        for font in (page["/Resources"].get("/Font") or {}).values()
        if font.get_object().get("/FontDescriptor", {}).get("/FontFile2")
        or font.get_object().get("/DescendantFonts")
    }
    assert any("Libertinus" in name for name in fonts)  # embedded
    page = client.get(article.get_absolute_url()).content.decode()
    assert f'href="{article.pdf_generated.url}" download>Download the PDF' in page
    assert f'content="http://testserver{article.pdf_generated.url}"' in page  # citation_pdf_url
    response = client.get(article.pdf_generated.url)
    assert response["Content-Type"] == "application/pdf"
    response.close()


def test_russian_memo_is_typeset_with_cyrillic(memos):
    article = memo(memos, title="Экономика войны: пределы и уроки", body=BODY_RU, language="ru")
    _, text = pdf_text(article.pdf_generated)
    for expected in ("Экономика войны", "Бюджет на 2024 год", "Три ограничения", "Капитал"):
        assert expected in text


def test_a_change_makes_a_new_pdf_and_an_unchanged_save_does_not(memos):
    article = memo(memos)
    first = article.pdf_generated.name
    article.save()
    article.refresh_from_db()
    assert article.pdf_generated.name == first
    article.title = "A new title"
    article.save()
    article.refresh_from_db()
    assert article.pdf_generated.name != first
    assert not article.pdf_generated.storage.exists(first)  # the old one is gone
    assert "A new title" in pdf_text(article.pdf_generated)[1]


def test_no_pdf_for_drafts_articles_or_memos_with_an_upload(memos):
    assert not memo(memos, status=Status.DRAFT, memo_number=701).pdf_generated
    assert not ArticleFactory(title="A commentary").pdf_generated
    uploaded = memo(memos, pdf=real_pdf(), memo_number=702)
    assert not uploaded.pdf_generated and uploaded.download_pdf == uploaded.pdf


def test_where_the_typesetter_cannot_run_the_site_works_and_the_admin_says_why(
    client, memos, monkeypatch
):
    monkeypatch.setitem(sys.modules, "typst", None)  # as on a server without the wheel
    article = memo(memos)
    assert not article.pdf_generated
    assert "The typesetter (Typst) is not installed on this server" in article.pdf_problem
    page = client.get(article.get_absolute_url())
    assert page.status_code == 200 and b"Download the PDF" not in page.content
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    admin = client.get(f"/admin/articles/article/{article.pk}/change/").content.decode()
    assert "No PDF was made from the text" in admin
    assert "The typesetter (Typst) is not installed on this server" in admin
