"""Cyrillic names never break a page (issue 15): transliterated slugs made by one function
(core.slugs) through the admin, the membership import and the ORM; hand-typed slugs checked;
names in English and Russian (core.vocabulary) shown for the active language and found by
search in both."""

import datetime
from urllib.parse import urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone, translation

from articles.models import Article, Topic
from core.publishing import Language
from core.slugs import make_slug
from events.models import Series as EventSeries
from members.models import Expertise, Person
from tests.articles.factories import ArticleFactory, CategoryFactory, TopicFactory
from tests.articles.helpers import article_form
from tests.events.factories import EventFactory, LectureFactory, LectureTopicFactory, SeriesFactory
from tests.members.factories import PersonFactory, make_member
from tests.members.helpers import confirm, upload
from tests.podcasts.factories import EpisodeFactory, ShowFactory
from tests.podcasts.factories import SeriesFactory as PodcastSeriesFactory
from tests.ponars.test_sitemap import crawl
from tests.resources.factories import BookFactory, ResourceTopicFactory

pytestmark = pytest.mark.django_db

YESTERDAY = timezone.now() - datetime.timedelta(days=1)


@pytest.mark.parametrize(
    ("text", "slug"),
    [
        ("Ольга Кириллова", "olga-kirillova"),
        ("Выборы в регионах", "vybory-v-regionakh"),
        ("Регионы", "regiony"),
        ("Хабаровск и Щёлково", "khabarovsk-i-shchelkovo"),
        ("Гражданское общество под давлением", "grazhdanskoe-obshchestvo-pod-davleniem"),
        ("Russia's Regions: U.S. View, 1990s–2010s", "russias-regions-us-view-1990s2010s"),
        ("Łódź, Kraków", "lodz-krakow"),
        ("", "item"),
        ("«»!!!", "item"),
    ],
)
def test_slugs_are_readable_ascii(text, slug):
    assert make_slug(text) == slug


def test_long_titles_are_cut_at_a_word():
    slug = make_slug("Выборы в регионах " * 20, max_length=40)
    assert len(slug) <= 40 and not slug.endswith("-")
    assert slug.startswith("vybory-v-regionakh-vybory")


def test_orm_makes_unique_transliterated_slugs():
    first = Person.objects.create(name="Ольга Кириллова")
    second = Person.objects.create(name="Ольга Кириллова")
    other = Person.objects.create(name="Иван Петров")
    assert (first.slug, second.slug, other.slug) == (
        "olga-kirillova",
        "olga-kirillova-2",
        "ivan-petrov",
    )
    assert Topic.objects.create(name="Выборы в регионах").slug == "vybory-v-regionakh"
    assert Expertise.objects.create(name="Регионы").slug == "regiony"
    assert EventSeries.objects.create(name="Новые голоса").slug == "novye-golosa"
    article = ArticleFactory(title="Регионы и центр", slug="")
    assert article.slug == "regiony-i-tsentr"
    # A reserved directory word is never given to a person.
    assert Person.objects.create(name="Executive Committee").slug == "executive-committee-2"


def test_taggit_adds_topics_and_expertise_by_name_with_ascii_slugs():
    person = PersonFactory()
    person.expertise.add("Регионы", "Выборы")
    article = ArticleFactory()
    article.topics.add("Выборы в регионах")
    assert sorted(person.expertise.values_list("slug", flat=True)) == ["regiony", "vybory"]
    assert list(article.topics.values_list("slug", flat=True)) == ["vybory-v-regionakh"]


def test_editor_adds_a_cyrillic_topic_and_article_in_the_admin(client, editor):
    client.force_login(editor)
    form = client.get(reverse("admin:articles_topic_add")).content.decode()
    assert 'name="name"' in form and 'name="name_ru"' in form
    response = client.post(
        reverse("admin:articles_topic_add"),
        {"name": "Выборы в регионах", "name_ru": "", "slug": ""},
    )
    assert response.status_code == 302, response.content.decode()[-1500:]
    topic = Topic.objects.get(name="Выборы в регионах")
    assert topic.slug == "vybory-v-regionakh"

    response = client.post(
        reverse("admin:articles_topic_add"), {"name": "Регионы", "slug": "регионы"}
    )
    assert response.status_code == 200
    assert "Use only Latin letters without accents" in response.content.decode()
    assert not Topic.objects.filter(name="Регионы").exists()

    category, person = CategoryFactory(), PersonFactory(name="Ольга Кириллова")
    data = article_form(
        category,
        person,
        topic,
        title="Региональные выборы",
        slug="",
        language="ru",
        status="published",
        published_at_0=YESTERDAY.date().isoformat(),
    )
    response = client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302, response.content.decode()[-1500:]
    article = Article.objects.get(title="Региональные выборы")
    assert article.slug == "regionalnye-vybory"
    page = client.get(article.get_absolute_url())
    assert page.status_code == 200
    assert topic.get_absolute_url() in page.content.decode()
    assert client.get("/sitemap-topics.xml").status_code == 200
    assert client.get(topic.get_absolute_url()).status_code == 200


def test_membership_staff_adds_a_cyrillic_person_in_the_admin(client, membership_staff):
    client.force_login(membership_staff)
    data = {
        "name": "Ольга Кириллова",
        "sort_name": "Кириллова, Ольга",
        "slug": "",
        "expertise": "Регионы",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
    }
    response = client.post(reverse("admin:members_person_add"), data)
    assert response.status_code == 302, response.content.decode()[-1500:]
    person = Person.objects.get(name="Ольга Кириллова")
    assert person.slug == "olga-kirillova"
    assert client.get(person.get_absolute_url()).status_code == 200
    response = client.post(
        reverse("admin:members_person_add"), {**data, "slug": "ольга", "name": "Ольга"}
    )
    assert response.status_code == 200
    assert "Use only Latin letters without accents" in response.content.decode()


def test_import_of_cyrillic_names_and_expertise_gives_readable_addresses(client, membership_staff):
    client.force_login(membership_staff)
    csv = (
        "name,email,affiliation,country,expertise,tier,status,role,title,started,ended\n"
        "Ольга Кириллова,olga@example.org,МГУ,RU,Регионы; Выборы,core,active,member,,"
        "2020-01-01,\n"
        "Иван Петров,ivan@example.org,СПбГУ,RU,Регионы,associate,active,member,,2021-01-01,\n"
    )
    done = confirm(client, upload(client, csv))
    assert done.status_code == 200
    olga, ivan = Person.objects.get(name="Ольга Кириллова"), Person.objects.get(name="Иван Петров")
    assert (olga.slug, ivan.slug) == ("olga-kirillova", "ivan-petrov")
    regions = Expertise.objects.get(name="Регионы")
    assert regions.slug == "regiony"
    for path in [olga.get_absolute_url(), ivan.get_absolute_url(), regions.get_absolute_url()]:
        assert client.get(path).status_code == 200, path
    page = client.get(olga.get_absolute_url()).content.decode()
    assert regions.get_absolute_url() in page
    found = crawl(client)
    assert any(urlsplit(url).path == "/members/olga-kirillova/" for url in found)


@pytest.fixture
def cyrillic_site():
    """Every vocabulary with a Cyrillic name, on published content of every kind."""
    ShowFactory()
    topic = TopicFactory(name="Выборы в регионах", slug="")
    expert = make_member(name="Ольга Кириллова", slug="")
    expert.expertise.add("Регионы")
    category = CategoryFactory(name="Комментарии", slug="")
    article = ArticleFactory(
        title="Региональные выборы",
        slug="",
        category=category,
        language=Language.RUSSIAN,
        authors=[expert],
        topics=[topic],
    )
    event_series = SeriesFactory(name="Новые голоса", slug="")
    EventFactory(title="Лекция о выборах", slug="", series=event_series, speakers=[expert])
    LectureFactory(title="Память и история", slug="", topic=LectureTopicFactory(name="История"))
    EpisodeFactory(
        title="Выпуск о регионах",
        slug="",
        series=PodcastSeriesFactory(name="Серия Липман"),
        host=expert,
    )
    book = BookFactory(title="Регионы России", slug="", authors=[expert])
    book.topics.add(ResourceTopicFactory(name="Регионы России", slug=""))
    return {"topic": topic, "expert": expert, "article": article, "category": category}


def test_cyrillic_names_give_no_error_on_any_page_feed_or_search(client, cyrillic_site):
    found = crawl(client)
    paths = {urlsplit(url).path for url in found}
    for path in paths:
        response = client.get(path)
        assert response.status_code == 200, path
        assert all(ord(c) < 128 for c in path), path
    article, topic = cyrillic_site["article"], cyrillic_site["topic"]
    expert, category = cyrillic_site["expert"], cyrillic_site["category"]
    assert {
        article.get_absolute_url(),
        topic.get_absolute_url(),
        expert.get_absolute_url(),
        category.get_absolute_url(),
        "/events/series/novye-golosa/",
    } <= paths
    feeds = [
        "/members/expertise/regiony/",
        reverse("feeds:articles"),
        reverse("feeds:topic", args=[topic.slug]),
        reverse("feeds:category", args=[category.slug]),
        reverse("feeds:author", args=[expert.slug]),
        reverse("podcasts:feed"),
        reverse("events:calendar"),
        reverse("events:series_calendar", args=["novye-golosa"]),
    ]
    for path in feeds:
        assert client.get(path).status_code == 200, path
    for query in ["Выборы", "регионах", "Кириллова", "Новые голоса"]:
        response = client.get("/search/", {"q": query})
        assert response.status_code == 200, query
    html = client.get("/search/", {"q": "Выборы в регионах"}).content.decode()
    assert article.get_absolute_url() in html


def test_names_follow_the_active_language_and_fall_back_to_english():
    topic = TopicFactory(name="Elections", name_ru="Выборы")
    plain = TopicFactory(name="Sanctions")
    category = CategoryFactory(name="Commentary", name_ru="Комментарии")
    assert (topic.label, plain.label, str(category)) == ("Elections", "Sanctions", "Commentary")
    with translation.override("ru"):
        assert (topic.label, plain.label, str(category)) == ("Выборы", "Sanctions", "Комментарии")
        assert "|" not in category.label


def test_search_finds_a_topic_by_either_name(client):
    topic = TopicFactory(name="Elections", name_ru="Выборы")
    article = ArticleFactory(title="Turnout in the regions", topics=[topic])
    for query in ["Elections", "Выборы"]:
        html = client.get("/search/", {"q": query}).content.decode()
        assert article.get_absolute_url() in html, query
    series = SeriesFactory(name="New Voices", name_ru="Новые голоса")
    event = EventFactory(title="Refugee assistance", series=series)
    html = client.get("/search/", {"q": "Новые голоса"}).content.decode()
    assert event.get_absolute_url() in html
