"""The Russian interface: /ru/ pages say nothing in English, switch language in place, declare
each other with hreflang (pages and sitemap), write Russian dates, plurals and emails; and the
catalogue (locale/ru/LC_MESSAGES) is complete and compiled."""

import datetime
import gettext
import re
from pathlib import Path
from urllib.parse import unquote
from xml.etree import ElementTree

import polib
import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.utils import timezone, translation

from comments.models import Comment, CommentStatus
from comments.service import moderate
from members.models import Role, Tier
from newsletter.models import Subscriber
from tests.articles.factories import ArticleFactory, CategoryFactory, TopicFactory
from tests.comments.factories import CommentFactory
from tests.comments.helpers import form_data
from tests.events.factories import EventFactory, LectureFactory, LectureTopicFactory, SeriesFactory
from tests.helpers.seo import document, language_links, links
from tests.members.factories import ExpertiseFactory, make_member
from tests.podcasts.factories import EpisodeFactory, ShowFactory
from tests.resources.factories import (
    BookFactory,
    HubEntryFactory,
    ResourceTopicFactory,
    SyllabusFactory,
)

LOCALE = Path(settings.BASE_DIR) / "locale" / "ru" / "LC_MESSAGES"
PO = LOCALE / "django.po"
MO = LOCALE / "django.mo"
TEMPLATES = Path(settings.BASE_DIR) / "templates"
BASE = "http://testserver"
ARTICLE = "/articles/vybory-v-regionakh/"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%%")


def catalogue():
    return polib.pofile(str(PO))


# --- The catalogue ------------------------------------------------------------------------


def test_every_interface_string_is_translated_and_none_is_fuzzy():
    po = catalogue()
    untranslated = [e.msgid for e in po if not e.translated() or e.obsolete]
    fuzzy = [e.msgid for e in po if "fuzzy" in e.flags]
    assert len(po) > 600
    assert not untranslated, f"untranslated: {untranslated[:10]}"
    assert not fuzzy, f"fuzzy: {fuzzy[:10]}"
    assert po.percent_translated() == 100


def test_translations_keep_every_placeholder():
    for entry in catalogue():
        if entry.msgid_plural:
            wanted = set(PLACEHOLDER.findall(entry.msgid_plural))
            forms = entry.msgstr_plural.values()
            assert len(entry.msgstr_plural) == 4, entry.msgid  # Russian: one, few, many, fraction
        else:
            wanted = set(PLACEHOLDER.findall(entry.msgid))
            forms = [entry.msgstr]
        for form in forms:
            assert set(PLACEHOLDER.findall(form)) <= wanted | {"%%"}, (entry.msgid, form)
            if not entry.msgid_plural:
                assert set(PLACEHOLDER.findall(form)) == wanted, (entry.msgid, form)


def test_the_compiled_catalogue_is_the_po_file():
    """django.mo is committed (no gettext tools needed to run the site); it must say exactly
    what django.po says. After editing the .po: `make messages`."""
    with MO.open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)._catalog
    expected = {}
    for entry in catalogue():
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        if entry.msgid_plural:
            for index, text in entry.msgstr_plural.items():
                expected[(key, int(index))] = text
        else:
            expected[key] = entry.msgstr
    compiled = {k: v for k, v in compiled.items() if k != ""}  # "" is the header
    assert compiled == expected, "django.mo is stale: run `make messages`"


# --- Russian pages --------------------------------------------------------------------------


def _template_text():
    return "\n".join(p.read_text() for p in TEMPLATES.rglob("*") if p.is_file())


def english_interface_strings():
    """The English strings of the templates, from the catalogue: each msgid that a template
    says (its text between placeholders and tags), and whose Russian is not the same."""
    templates = _template_text()
    found = set()
    for entry in catalogue():
        if entry.msgstr == entry.msgid:  # "PDF", "GUID"
            continue
        text = entry.msgid.replace("&amp;", "&")
        parts = [p.strip(" .,:;!?()“”’→←—-\n") for p in re.split(r"%\(\w+\)[sd]|<[^>]+>|%%", text)]
        parts = [p for p in parts if re.search(r"[A-Za-z]{2}", p)]
        if not parts:
            continue
        if not all(p.replace("&", "&amp;") in templates or p in templates for p in parts):
            continue  # a Python-only string (admin, models)
        whole = len(parts) == 1
        found.update(p for p in parts if whole or len(re.findall(r"[A-Za-z]", p)) >= 4)
    return sorted(found, key=len, reverse=True)


def russian_text(response):
    """What a reader of the page sees or hears: text, alt, aria-label, placeholder, title and
    button values — except what is marked as another language (lang="en": an English article,
    the language switch's "English")."""
    root = document(response)
    chunks = []

    def walk(node, skip):
        lang = node.get("lang")
        if lang is not None:
            skip = not lang.startswith("ru")
        if node.tag in ("script", "style") or not isinstance(node.tag, str):
            return
        if not skip:
            if node.text:
                chunks.append(node.text)
            for attr in ("alt", "aria-label", "placeholder", "title"):
                if node.get(attr):
                    chunks.append(node.get(attr))
            if node.tag == "input" and node.get("type") in ("submit", "button"):
                chunks.append(node.get("value", ""))
        for child in node:
            walk(child, skip)
            if child.tail and not skip:
                chunks.append(child.tail)

    walk(root, False)
    return re.sub(r"\s+", " ", " ".join(chunks))


@pytest.fixture
def russian_site(db):
    """One item of every kind, written in Russian (the content is not the interface)."""
    cache.clear()
    area = ExpertiseFactory(name="Регионы", slug="regiony")
    olga = make_member(
        name="Ольга Кириллова",
        sort_name="Кириллова, Ольга",
        slug="olga-kirillova",
        affiliation="Европейский университет",
        country="RU",
        expertise=[area],
    )
    ivan = make_member(
        name="Иван Петров",
        sort_name="Петров, Иван",
        slug="ivan-petrov",
        affiliation="Университет",
        tier=Tier.COLLEGIUM,
        role=Role.EXECUTIVE_COMMITTEE,
        title="Председатель",
    )
    category = CategoryFactory(name="Комментарии", name_ru="Комментарии", slug="commentary")
    topic = TopicFactory(name="Выборы", slug="vybory")
    published = timezone.make_aware(datetime.datetime(2026, 11, 2, 12, 0))
    article = ArticleFactory(
        title="Выборы в регионах",
        slug="vybory-v-regionakh",
        category=category,
        summary="Краткое изложение доводов.",
        body="<p>Текст статьи о выборах.</p>",
        language="ru",
        published_at=published,
    )
    article.credits.create(person=olga, order=1)
    article.topics.add(topic)
    for n in range(3):
        CommentFactory(target=article, name=f"Читатель {n}", body="Спасибо за статью.")
    series = SeriesFactory(name="Новые голоса", slug="novye-golosa", description="Цикл встреч.")
    event = EventFactory(
        title="Круглый стол о выборах",
        slug="kruglyi-stol",
        summary="Обсуждение итогов.",
        series=series,
        registration_url="https://example.org/register",
    )
    event.credits.create(person=olga, order=1)
    event.credits.create(person=ivan, order=2, role="moderator")
    past = EventFactory(past=True, title="Прошедшая встреча", slug="proshedshaya", summary="Итоги.")
    show = ShowFactory(title="Подкаст сети", description="Разговоры с учёными.", language="ru")
    episode = EpisodeFactory(
        title="Выпуск о выборах",
        slug="vypusk-o-vyborakh",
        summary="Разговор о выборах.",
        show_notes="<p>О чём говорили.</p>",
        host=olga,
        transcript="Расшифровка разговора.",
    )
    episode.credits.create(person=ivan, order=1)
    lecture = LectureFactory(
        title="Лекция о безопасности",
        slug="lektsiya",
        lecturer=ivan,
        summary="Запись лекции.",
        topic=LectureTopicFactory(name="Безопасность", slug="bezopasnost"),
    )
    resource_topic = ResourceTopicFactory(name="Экономика", slug="ekonomika")
    book = BookFactory(
        title="Книга о регионах",
        slug="kniga",
        publisher="Издательство",
        description="Описание книги.",
    )
    book.credits.create(person=olga, order=1)
    book.topics.add(resource_topic)
    syllabus = SyllabusFactory(
        title="Программа курса",
        slug="programma",
        institution="Университет",
        term="Осень 2022",
        summary="О чём курс.",
    )
    syllabus.credits.create(person=ivan, order=1)
    HubEntryFactory(title="Данные о выборах", annotation="Полезный набор.", topic=resource_topic)
    return {
        "olga": olga,
        "article": article,
        "event": event,
        "past": past,
        "series": series,
        "show": show,
        "episode": episode,
        "lecture": lecture,
        "book": book,
        "syllabus": syllabus,
        "topic": topic,
    }


def public_pages(site):
    """(English path, expected status) of every public page type."""
    return [
        ("/", 200),
        ("/articles/", 200),
        (site["article"].get_absolute_url(), 200),
        ("/articles/category/commentary/", 200),
        ("/articles/topic/vybory/", 200),
        ("/members/", 200),
        ("/members/?country=ZZ", 400),
        ("/members/collegium/", 200),
        ("/members/expertise/regiony/", 200),
        ("/members/executive-committee/", 200),
        (site["olga"].get_absolute_url(), 200),
        ("/podcasts/", 200),
        (site["episode"].get_absolute_url(), 200),
        ("/events/", 200),
        ("/events/past/", 200),
        ("/events/past/?year=1999", 200),
        (site["event"].get_absolute_url(), 200),
        (site["series"].get_absolute_url(), 200),
        ("/academy/", 200),
        (site["lecture"].get_absolute_url(), 200),
        ("/resources/", 200),
        ("/resources/books/", 200),
        ("/resources/books/?topic=nothing", 400),
        (site["book"].get_absolute_url(), 200),
        ("/resources/syllabi/", 200),
        (site["syllabus"].get_absolute_url(), 200),
        ("/newsletter/", 200),
        ("/newsletter/check-your-inbox/", 200),
        ("/newsletter/confirm/not-a-token/", 400),
        ("/comments/unsubscribe/not-a-token/", 400),
        ("/search/", 200),
        ("/search/?q=выборы", 200),
        ("/search/?q=несуществующееслово", 200),
        ("/no-such-page/", 404),
    ]


def _russian(path):
    return "/ru" + path


def test_every_public_page_type_in_russian_has_no_english_interface_string(client, russian_site):
    english = english_interface_strings()
    # The list is the templates' English, as the catalogue has it.
    for expected in ("By", "Related Topics", "Leave a comment", "Post comment", "Search"):
        assert expected in english
    assert "Members" in english or "All Members" in english
    assert "Next →" in english or "Next" in english
    patterns = [(s, re.compile(rf"(?<![\w-]){re.escape(s)}(?![\w-])")) for s in english]
    problems = []
    for path, status in public_pages(russian_site):
        response = client.get(_russian(path))
        assert response.status_code == status, path
        assert response["Content-Language"] == "ru", path
        text = re.sub(r"https?://\S+", " ", russian_text(response))  # addresses are no text
        left = [s for s, pattern in patterns if pattern.search(text)]
        if left:
            problems.append((path, left))
        assert '<html lang="ru">' in response.content.decode(), path
    assert not problems, problems


# Latin text a Russian page may show: names and addresses that are the same in every language.
LATIN_ALLOWED = {
    "PONARS Eurasia",
    "E St NW",
    "Washington, DC",
    "Facebook",
    "Twitter",
    "YouTube",
    "Google",
    "Apple",
    "Outlook",
    "Pocket Casts, gPodder, Overcast",
    "America/New_York",
    "CSL-JSON",  # a file format's name (the citation downloads)
}


def test_russian_pages_have_no_unmarked_english_text(client, russian_site):
    """Beyond the catalogue: no run of English words on a Russian page of Russian content
    (a string someone forgot to mark for translation would show here)."""
    words = re.compile(r"[A-Za-z][A-Za-z'’]+(?:[ ,/&-]+[A-Za-z][A-Za-z'’]+)+")
    problems = []
    for path, _status in public_pages(russian_site):
        text = re.sub(r"https?://\S+", " ", russian_text(client.get(_russian(path))))
        for allowed in LATIN_ALLOWED:
            text = text.replace(allowed, " ")
        found = sorted(set(words.findall(text)))
        if found:
            problems.append((path, found))
    assert not problems, problems


def test_english_pages_stay_english_at_their_old_addresses(client, russian_site):
    for path, status in public_pages(russian_site):
        response = client.get(path)
        assert response.status_code == status, path
        assert response["Content-Language"] == "en", path
        assert '<html lang="en">' in response.content.decode(), path
    html = client.get(ARTICLE).content.decode()
    assert "Related Topics" in html and "Leave a comment" in html and "By <a" in html


def test_feeds_sitemaps_media_and_health_keep_their_addresses(client, russian_site):
    assert client.get("/feed/").status_code == 200
    assert client.get("/podcasts/feed/").status_code == 200
    assert client.get("/events/calendar.ics").status_code == 200
    assert client.get("/sitemap.xml").status_code == 200
    assert client.get("/robots.txt").status_code == 200
    assert client.get("/healthz").status_code == 200
    assert client.get("/ru/sitemap.xml").status_code == 404  # one sitemap for both languages
    russian_feed = client.get("/ru/feed/")
    assert russian_feed.status_code == 200
    assert "статьи" in russian_feed.content.decode()  # "PONARS Eurasia: статьи"
    assert client.get("/admin/").status_code == 302
    assert client.get("/ru/admin/").status_code == 302


# --- The language switch and hreflang -----------------------------------------------------


def switch_links(response):
    root = document(response)
    nav = next(n for n in root.iter("nav") if n.get("class") == "language-switch")
    return {a.get("hreflang"): unquote(a.get("href")) for a in nav.iter("a")}


def test_language_switch_keeps_the_reader_on_the_same_page(client, russian_site):
    for path, status in public_pages(russian_site):
        if status != 200:
            continue
        english = client.get(path)
        assert switch_links(english) == {"ru": _russian(path)}, path
        russian = client.get(_russian(path))
        assert switch_links(russian) == {"en": path}, path
    # The query string stays: search results and a list's page switch with their question.
    response = client.get("/ru/search/?q=выборы&type=article")
    assert switch_links(response)["en"] == "/search/?q=выборы&type=article"


def test_the_switch_works_without_javascript_and_names_each_language_in_itself(
    client, russian_site
):
    html = client.get("/").content.decode()
    assert 'lang="ru" rel="alternate">Русский</a>' in html
    assert '<span aria-current="true" lang="en">English</span>' in html
    html = client.get("/ru/").content.decode()
    assert 'lang="en" rel="alternate">English</a>' in html


def test_hreflang_pairs_are_reciprocal_with_a_canonical_per_language(client, russian_site):
    for path, status in public_pages(russian_site):
        if status != 200 or "?" in path:
            continue
        english, russian = client.get(path), client.get(_russian(path))
        expected = {"en": BASE + path, "ru": BASE + _russian(path), "x-default": BASE + path}
        assert language_links(english) == expected, path
        assert language_links(russian) == expected, path
        assert links(english, "canonical")[0]["href"] == BASE + path
        assert links(russian, "canonical")[0]["href"] == BASE + _russian(path)
    # A list's later page keeps its number in both languages.
    other = CategoryFactory(name="Другое", slug="other")
    ArticleFactory.create_batch(25, category=other)
    response = client.get("/ru/articles/?page=2")
    assert language_links(response)["en"] == BASE + "/articles/?page=2"


def test_error_pages_answer_in_the_language_of_the_address(client, russian_site):
    response = client.get("/ru/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Страница не найдена" in html and "Page not found" not in html
    assert 'href="/ru/"' in html  # "Перейти на главную страницу"
    assert "Page not found" in client.get("/no-such-page/").content.decode()


def test_server_error_page_in_russian(rf, russian_site):
    from ponars.views import server_error

    request = rf.get("/ru/")
    with translation.override("ru"):
        response = server_error(request)
    assert response.status_code == 500
    html = response.content.decode()
    assert "У нас что-то пошло не так" in html and '<html lang="ru">' in html


def test_sitemap_lists_each_page_in_each_language_with_alternates(client, russian_site):
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9", "x": "http://www.w3.org/1999/xhtml"}
    for section in ("pages", "articles", "people", "events", "episodes", "books"):
        response = client.get(f"/sitemap-{section}.xml")
        assert response.status_code == 200
        root = ElementTree.fromstring(response.content)
        entries = {}
        for url in root.findall("s:url", ns):
            alternates = {
                link.get("hreflang"): link.get("href") for link in url.findall("x:link", ns)
            }
            entries[url.find("s:loc", ns).text] = alternates
        assert entries, section
        for loc, alternates in entries.items():
            assert set(alternates) == {"en", "ru", "x-default"}, loc
            assert alternates["x-default"] == alternates["en"]
            assert alternates["ru"] == alternates["en"].replace(BASE, BASE + "/ru", 1)
            # Reciprocal: each alternate is itself an entry naming the same set.
            for href in (alternates["en"], alternates["ru"]):
                assert entries[href] == alternates, href
    xml = client.get("/sitemap-articles.xml").content.decode()
    assert f"<loc>{BASE}/ru/articles/vybory-v-regionakh/</loc>" in xml


# --- Dates and plurals ------------------------------------------------------------------------


def test_russian_dates_and_plural_forms(client, russian_site):
    html = client.get("/ru" + ARTICLE).content.decode()
    assert "2 ноября 2026 г." in html
    assert "3 комментария" in html
    CommentFactory.create_batch(2, target=russian_site["article"], body="Ещё комментарий.")
    html = client.get("/ru" + ARTICLE).content.decode()
    assert "5 комментариев" in html
    html = client.get("/ru/articles/").content.decode()
    assert "5 комментариев" in html  # the card's count
    english = client.get(ARTICLE).content.decode()
    assert "November 2, 2026" in english and "5 Comments" in english
    directory = client.get("/ru/members/").content.decode()
    assert "2 участника" in directory
    with translation.override("ru"):
        from django.template import Context, Template

        one = Template(
            "{% load i18n %}{% blocktranslate count counter=n %}{{ counter }} comment"
            "{% plural %}{{ counter }} comments{% endblocktranslate %}"
        )
        said = [one.render(Context({"n": n})) for n in (1, 2, 5, 11, 21, 22, 25)]
    assert said == [
        "1 комментарий",
        "2 комментария",
        "5 комментариев",
        "11 комментариев",
        "21 комментарий",
        "22 комментария",
        "25 комментариев",
    ]


def test_event_times_and_month_names_in_russian(client, russian_site):
    html = client.get("/ru" + russian_site["event"].get_absolute_url()).content.decode()
    assert re.search(
        r"\d{1,2} (января|февраля|марта|апреля|мая|июня|июля|августа|сентября|"
        r"октября|ноября|декабря) \d{4} г\.",
        html,
    )
    assert "p.m." not in html and "a.m." not in html
    past = client.get("/ru/events/past/").content.decode()
    assert ">Январь<" in past or ">январь<" in past  # the month menu


# --- Emails in the reader's language --------------------------------------------------------


def test_comment_and_reply_emails_come_in_the_language_the_reader_used(
    russian_site, django_capture_on_commit_callbacks
):
    article = russian_site["article"]
    reader = Client()
    with translation.override("ru"):
        url = article.comment_url("comment")
    assert url.startswith("/ru/")
    with django_capture_on_commit_callbacks(execute=True):
        response = reader.post(
            url, form_data(article, name="Анна", email="anna@private.example", notify_replies="on")
        )
    assert response.status_code == 303 and response["Location"].startswith("/ru/")
    comment = Comment.objects.get(email="anna@private.example")
    assert comment.language == "ru"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        moderate([comment], CommentStatus.APPROVED, None)
    (approved,) = mail.outbox
    assert approved.subject == "Ваш комментарий к «Выборы в регионах» опубликован"
    assert "Здравствуйте, Анна!" in approved.body
    assert "/ru/articles/vybory-v-regionakh/" in approved.body
    assert "/ru/comments/unsubscribe/" in approved.body
    assert "Hello" not in approved.body
    # An English reader answers: the Russian reader's notification is still Russian.
    mail.outbox.clear()
    english = Client()
    with translation.override("en"):
        english_url = article.comment_url("comment")
    with django_capture_on_commit_callbacks(execute=True):
        english.post(
            english_url,
            form_data(article, name="Ben", email="ben@private.example", parent=comment.pk),
        )
    reply = Comment.objects.get(email="ben@private.example")
    assert reply.language == "en"
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        moderate([reply], CommentStatus.APPROVED, None)
    (notice,) = mail.outbox
    assert notice.to == ["anna@private.example"]
    assert notice.subject == "Ben ответил(а) на ваш комментарий к «Выборы в регионах»"
    assert "Прочитать и ответить:" in notice.body


def test_newsletter_emails_come_in_the_language_of_the_sign_up_page(
    client, db, django_capture_on_commit_callbacks
):
    cache.clear()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/ru/newsletter/", {"email": "olga@example.org"})
    assert response.status_code in (302, 303)
    assert response["Location"].startswith("/ru/newsletter/")
    assert Subscriber.objects.get().language == "ru"
    (message,) = mail.outbox
    assert message.subject.startswith("Подтвердите подписку на рассылку")
    assert "Здравствуйте!" in message.body and "/ru/newsletter/confirm/" in message.body
    assert "3 дней" in message.body
    page = client.get(response["Location"]).content.decode()
    assert "Проверьте почту" in page
    # Signing up again from the English page: the next email is English.
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/newsletter/", {"email": "olga@example.org"})
    assert Subscriber.objects.get().language == "en"
    assert mail.outbox[0].subject.startswith("Confirm your newsletter subscription")


def test_form_errors_in_russian(client, russian_site):
    response = client.post(
        "/ru" + ARTICLE + "comment/",
        form_data(russian_site["article"], name="", body=""),
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Укажите своё имя." in html and "Напишите комментарий" in html


def test_admin_is_translated_under_ru(client, russian_site):
    from tests.members.factories import UserFactory

    admin = UserFactory(username="boss", is_staff=True, is_superuser=True)
    client.force_login(admin)
    html = client.get("/ru/admin/").content.decode()
    assert "Администрирование" in html or "Начало" in html
    assert 'href="/admin/"' in html  # the switch to English
    html = client.get("/ru/admin/comments/comment/").content.decode()
    assert "Одобрить выбранные комментарии" in html
    english = client.get("/admin/").content.decode()
    assert 'href="/ru/admin/"' in english


def test_error_pages_footer_follows_the_language_after_pages_in_the_other_one(client, russian_site):
    """The footer is rendered once per process and language; error pages (rendered without the
    request's context) must not take another language's copy."""
    assert "The network" in client.get("/no-such-page/").content.decode()
    russian = client.get("/ru/no-such-page/").content.decode()
    assert "О сети" in russian and "The network" not in russian
    client.get("/ru/")
    english = client.get("/no-such-page/").content.decode()
    assert "The network" in english and "О сети" not in english
