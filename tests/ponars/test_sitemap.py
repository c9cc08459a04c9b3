"""/sitemap.xml and /robots.txt, checked against the sitemaps.org schema rules."""

import datetime
from urllib.parse import urlsplit

import pytest
from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from core.demo_images import picture
from core.publishing import Status
from ponars.sitemaps import SECTIONS
from tests.articles.factories import ArticleFactory, TopicFactory
from tests.helpers.seo import validate_sitemap, validate_sitemap_index
from tests.members.factories import PersonFactory
from tests.podcasts.factories import EpisodeFactory, ShowFactory
from tests.resources.factories import BookFactory, SyllabusFactory

pytestmark = pytest.mark.django_db

BASE = "http://testserver"


def path_of(url):
    parts = urlsplit(url)
    assert f"{parts.scheme}://{parts.netloc}" == BASE, url
    return parts.path + (f"?{parts.query}" if parts.query else "")


@pytest.fixture
def site_content():
    person = PersonFactory(
        name="Maria Lipman", slug="maria-lipman", photo=picture("lipman", 400, 400)
    )
    quiet = PersonFactory(name="No Articles Yet", slug="no-articles-yet")
    armenia = TopicFactory(name="Armenia")
    TopicFactory(name="Only in drafts")
    article = ArticleFactory(
        authors=[person], topics=[armenia], image=picture("karabakh", 1300, 800), image_alt="A road"
    )
    draft = ArticleFactory(status=Status.DRAFT, title="Secret draft", slug="secret-draft")
    scheduled = ArticleFactory(
        slug="not-yet", published_at=timezone.now() + datetime.timedelta(days=1)
    )
    ShowFactory()
    episode = EpisodeFactory(host=person, slug="first-episode")
    hidden_episode = EpisodeFactory(host=person, slug="draft-episode", status="draft")
    book = BookFactory(authors=[person], slug="a-book")
    hidden_book = BookFactory(slug="draft-book", status="draft")
    syllabus = SyllabusFactory(instructors=[person], slug="a-syllabus")
    page = FlatPage.objects.create(url="/about/", title="About", content="<p>About us.</p>")
    page.sites.add(Site.objects.get_current())
    private = FlatPage.objects.create(
        url="/members-only/", title="Private", content="x", registration_required=True
    )
    private.sites.add(Site.objects.get_current())
    return locals()


def crawl(client):
    """Every section of the index, validated; returns {loc: (lastmod, images)}."""
    index = client.get("/sitemap.xml")
    assert index.status_code == 200
    assert index["Content-Type"] == "application/xml"
    sections = validate_sitemap_index(index.content)
    assert [urlsplit(loc).path for loc, _ in sections] == [
        "/sitemap-pages.xml",
        "/sitemap-articles.xml",
        "/sitemap-categories.xml",
        "/sitemap-topics.xml",
        "/sitemap-people.xml",
        "/sitemap-episodes.xml",
        "/sitemap-books.xml",
        "/sitemap-syllabi.xml",
        "/sitemap-events.xml",
        "/sitemap-event-series.xml",
        "/sitemap-academy.xml",
    ]
    found = {}
    for loc, _ in sections:
        response = client.get(path_of(loc))
        assert response.status_code == 200, loc
        for url, lastmod, images in validate_sitemap(response.content):
            assert url not in found, f"{url} listed twice"
            found[url] = (lastmod, images)
    return found


def test_every_public_page_is_listed_and_answers_200(client, site_content):
    found = crawl(client)
    for url in found:
        response = client.get(path_of(url))
        assert response.status_code == 200, url
    translation.activate("en")  # the crawl's last page may have been a Russian one
    expected = [
        "/",
        "/articles/",
        "/podcasts/",
        "/newsletter/",
        "/about/",
        site_content["article"].get_absolute_url(),
        site_content["article"].category.get_absolute_url(),
        "/articles/topic/armenia/",
        "/members/maria-lipman/",
        "/members/no-articles-yet/",
        site_content["episode"].get_absolute_url(),
        "/resources/",
        "/resources/books/",
        "/resources/syllabi/",
        site_content["book"].get_absolute_url(),
        site_content["syllabus"].get_absolute_url(),
        "/events/",
        "/events/past/",
        "/academy/",
    ]
    # Every page in English and in Russian (/ru/…).
    both = [BASE + path for path in expected] + [BASE + "/ru" + path for path in expected]
    assert sorted(both) == sorted(found)


def test_hidden_content_stays_out_of_the_sitemap(client, site_content):
    listed = " ".join(crawl(client))
    for hidden in [
        "secret-draft",
        "not-yet",
        "draft-episode",
        "members-only",
        "only-in-drafts",
        "draft-book",
    ]:
        assert hidden not in listed


def test_lastmod_and_images(client, site_content):
    found = crawl(client)
    article = site_content["article"]
    lastmod, images = found[BASE + article.get_absolute_url()]
    assert datetime.datetime.fromisoformat(lastmod) == max(
        article.updated, article.published_at
    ).replace(microsecond=datetime.datetime.fromisoformat(lastmod).microsecond)
    assert images == [BASE + article.image_large_fallback.url]
    assert found[BASE + "/members/maria-lipman/"][1] == [
        BASE + site_content["person"].photo_card_fallback.url
    ]
    assert found[BASE + "/members/no-articles-yet/"][1] == []


def test_index_has_each_sections_newest_change(client, site_content):
    index = validate_sitemap_index(client.get("/sitemap.xml").content)
    lastmods = {urlsplit(loc).path: lastmod for loc, lastmod in index}
    article = site_content["article"]
    newest = datetime.datetime.fromisoformat(lastmods["/sitemap-articles.xml"])
    assert abs(newest - max(article.updated, article.published_at)) < datetime.timedelta(seconds=1)


def test_sections_are_paginated_and_bad_pages_are_404(client, site_content, monkeypatch):
    from core.sitemaps import SiteSitemap

    monkeypatch.setattr(SiteSitemap, "limit", 1)
    PersonFactory(slug="third-person")
    index = validate_sitemap_index(client.get("/sitemap.xml").content)
    people = [loc for loc, _ in index if "sitemap-people" in loc]
    # Three people, each listed in English and in Russian: six entries, one a page.
    assert [urlsplit(loc).query for loc in people] == ["", "p=2", "p=3", "p=4", "p=5", "p=6"]
    for loc in people:
        assert len(validate_sitemap(client.get(path_of(loc)).content)) == 1
    for bad in ["/sitemap-people.xml?p=99", "/sitemap-people.xml?p=x", "/sitemap-nothing.xml"]:
        assert client.get(bad).status_code == 404


@pytest.mark.parametrize("count", [1, 30])
def test_sitemap_query_count_is_constant(client, django_assert_max_num_queries, count):
    for _ in range(count):
        ArticleFactory(authors=[PersonFactory()])
    # one per section (its latest change and its count in one aggregate, or the count of a
    # section without dates), and a second for the editable pages' list
    with django_assert_max_num_queries(len(SECTIONS) + 1):
        assert client.get("/sitemap.xml").status_code == 200
    for section in ["articles", "people", "topics", "pages", "episodes", "books", "syllabi"]:
        with django_assert_max_num_queries(3):
            assert client.get(f"/sitemap-{section}.xml").status_code == 200


def test_robots_txt_points_at_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    assert "Disallow: /admin/" in lines
    assert "Disallow: /newsletter/unsubscribe/" in lines
    assert "Sitemap: http://testserver/sitemap.xml" in lines
    assert client.get("/sitemap.xml").status_code == 200


def test_the_index_counts_and_a_page_loads_only_its_own_items(client, db, monkeypatch):
    """10,000 articles made the index load 56,000 model instances; now a COUNT per section,
    and a section's page loads the items it lists."""
    from django.db.models.signals import post_init

    from articles.models import Article
    from core.sitemaps import SiteSitemap

    articles = [ArticleFactory() for _ in range(5)]
    monkeypatch.setattr(SiteSitemap, "limit", 4)  # two articles a page, in two languages
    loaded = []

    def count(sender, instance, **kwargs):
        loaded.append(instance.pk)

    post_init.connect(count, sender=Article)
    try:
        index = validate_sitemap_index(client.get("/sitemap.xml").content)
        assert loaded == []
        pages = [loc for loc, _ in index if "sitemap-articles" in loc]
        assert [urlsplit(loc).query for loc in pages] == ["", "p=2", "p=3"]
        listed = []
        for loc in pages:
            loaded.clear()
            entries = validate_sitemap(client.get(path_of(loc)).content)
            assert len(set(loaded)) <= 2
            listed += entries
    finally:
        post_init.disconnect(count, sender=Article)
    newest_first = sorted(articles, key=lambda a: (a.published_at, a.id), reverse=True)
    paths = [urlsplit(loc).path for loc, _lastmod, _images in listed]
    english = [path for path in paths if not path.startswith("/ru/")]
    assert english == [a.get_absolute_url() for a in newest_first]
    assert len(listed) == 10


def index_of(client):
    return {
        urlsplit(loc).path + (f"?{urlsplit(loc).query}" if urlsplit(loc).query else ""): lastmod
        for loc, lastmod in validate_sitemap_index(client.get("/sitemap.xml").content)
    }


def test_every_section_names_what_its_summary_is_made_of():
    for name, section in SECTIONS.items():
        assert section().kinds is not None, name


def test_the_index_keeps_each_sections_summary_until_its_kind_changes(
    page_cache, site_content, monkeypatch, django_capture_on_commit_callbacks
):
    """The index's sections are kept per kind (core.pagecache.kept_values): an event's
    publication counts only the events and their series again; an article's counts the
    articles and topics; a person's change, every section of records."""
    from django.test import Client

    from core.sitemaps import PublishedSitemap, SiteSitemap
    from tests.events.factories import EventFactory
    from tests.helpers.pagecache import commit

    counted = []

    def counting(original):
        def summary(self):
            counted.append(type(self).__name__)
            return original(self)

        return summary

    for cls in (SiteSitemap, PublishedSitemap):
        monkeypatch.setattr(cls, "summary", counting(cls.summary))
    monkeypatch.setattr(SiteSitemap, "limit", 2)  # one page per item and language
    commit(django_capture_on_commit_callbacks, lambda: None)
    before = index_of(Client())
    assert len(counted) == len(SECTIONS)
    counted.clear()

    commit(django_capture_on_commit_callbacks, lambda: EventFactory(title="A new round table"))
    assert index_of(Client()).keys() == before.keys()
    assert sorted(counted) == ["EventSitemap", "SeriesSitemap"]
    counted.clear()

    category = site_content["article"].category  # a new category would be a record's change
    commit(
        django_capture_on_commit_callbacks,
        lambda: ArticleFactory(title="A new piece", category=category),
    )
    after = index_of(Client())
    assert sorted(counted) == ["ArticleSitemap", "TopicSitemap"]
    pages = [path for path in after if path.startswith("/sitemap-articles.xml")]
    assert len(pages) == len([p for p in before if p.startswith("/sitemap-articles.xml")]) + 1
    counted.clear()

    def retitle():
        site_content["article"].title = "Retitled"
        site_content["article"].save()

    commit(django_capture_on_commit_callbacks, retitle)  # not a change of which are live
    with CaptureQueriesContext(connection) as queries:
        index_of(Client())
    assert counted == ["ArticleSitemap"]
    # Its date only: the count is kept until which articles are live changes.
    assert [q["sql"] for q in queries if "COUNT(" in q["sql"]] == []
    assert len(queries) == 1
    counted.clear()

    people = [path for path in after if path.startswith("/sitemap-people.xml")]
    commit(django_capture_on_commit_callbacks, lambda: PersonFactory(slug="one-more"))
    now = [path for path in index_of(Client()) if path.startswith("/sitemap-people.xml")]
    assert len(now) == len(people) + 1
    assert {"PersonSitemap", "CategorySitemap", "PageSitemap"} <= set(counted)


def test_the_index_counts_a_scheduled_article_once_its_time_comes(page_cache, site_content):
    import time_machine
    from django.test import Client

    from core.sitemaps import SiteSitemap

    SiteSitemap.limit, limit = 2, SiteSitemap.limit
    try:
        # Sooner than kept entries expire (PAGE_CACHE_SECONDS): the schedule alone must tell.
        when = timezone.now() + datetime.timedelta(minutes=2)
        ArticleFactory(title="Embargoed", published_at=when)
        before = [p for p in index_of(Client()) if p.startswith("/sitemap-articles.xml")]
        with time_machine.travel(when + datetime.timedelta(seconds=1)):
            after = [p for p in index_of(Client()) if p.startswith("/sitemap-articles.xml")]
    finally:
        SiteSitemap.limit = limit
    assert len(after) == len(before) + 1
