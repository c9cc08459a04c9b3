"""The page's Metadata is the one source of <title>, the meta description and the social tags.

`<title>` is the metadata's title, what the page is part of, and the site's name; the meta
description, og:description and twitter:description are one text; og:title and twitter:title
are the title. Checked on every public page type of the demo site.
"""

import io
import re

import pytest
from django.conf import settings
from django.core.management import call_command

from articles.models import Article, Category, Topic
from events.models import Event, EventStatus, Lecture, Series
from members.models import Expertise, Person
from podcasts.models import Episode, Show
from resources.models import Book, Syllabus
from tests.articles.factories import ArticleFactory, TopicFactory
from tests.helpers.seo import document, links, meta_tags
from tests.members.factories import PersonFactory
from tests.podcasts.factories import EpisodeFactory, ShowFactory

pytestmark = pytest.mark.django_db


def head(response):
    tags = meta_tags(response)
    (title,) = [element.text for element in document(response).iter("title")]

    def one(name):
        values = tags.get(name, [None])
        assert len(values) == 1, (name, values)
        return values[0]

    return {
        "title": title,
        "description": one("description"),
        "og:title": one("og:title"),
        "og:description": one("og:description"),
        "twitter:title": one("twitter:title"),
        "twitter:description": one("twitter:description"),
    }


def demo_pages():
    """{path: the <title> it had before the metadata became its source} for every page type."""
    site = settings.SITE_NAME
    published = Article.objects.published()
    article = published.filter(credits__isnull=False).order_by("published_at").first()
    category, topic = Category.objects.get(slug="policy-memos"), Topic.objects.first()
    person = Person.objects.current_members().order_by("sort_name").first()
    episode, show = Episode.objects.published().first(), Show.objects.current()
    event, series = (
        Event.objects.filter(status=EventStatus.PUBLISHED).first(),
        Series.objects.first(),
    )
    cancelled = Event.objects.get(status=EventStatus.CANCELLED)
    lecture = Lecture.objects.published().select_related("topic").first()
    book, syllabus = Book.objects.published().first(), Syllabus.objects.published().first()
    area = Expertise.objects.first()
    past = Event.objects.past().first().start
    return {
        "/": f"{site} · Program on New Approaches to Research and Security in Eurasia",
        "/articles/": f"Articles · {site}",
        article.get_absolute_url(): f"{article.title} · {site}",
        category.get_absolute_url(): f"{category.label} · {site}",
        topic.get_absolute_url(): f"{topic.name} · {site}",
        "/members/": f"Members · {site}",
        "/members/core/": f"Core Members · {site}",
        "/members/?country=UA": f"Members in Ukraine · {site}",
        "/members/executive-committee/": f"Executive Committee · {site}",
        area.get_absolute_url(): f"{area.name} Experts · {site}",
        person.get_absolute_url(): f"{person.display_name} · {site}",
        "/podcasts/": f"{show.title} · {site}",
        episode.get_absolute_url(): f"{episode.title} · {show.title} · {site}",
        "/events/": f"Upcoming Events · {site}",
        "/events/past/": f"Past Events · {site}",
        f"/events/past/?year={past.year}": f"Past Events · {past.year} · {site}",
        f"/events/past/?year={past.year}&month={past.month}": (
            f"Past Events · {past:%B} {past.year} · {site}"
        ),
        event.get_absolute_url(): f"{event.title} · {site}",
        cancelled.get_absolute_url(): f"Cancelled: {cancelled.title} · {site}",
        series.get_absolute_url(): f"{series.name} · {site}",
        "/academy/": f"Online Academy · {site}",
        f"/academy/?topic={lecture.topic.slug}": f"Online Academy · {lecture.topic.name} · {site}",
        lecture.get_absolute_url(): f"{lecture.title} · Online Academy · {site}",
        "/resources/": f"Knowledge Hub · Digital Resources · {site}",
        "/resources/books/": f"Bookstore · Digital Resources · {site}",
        book.get_absolute_url(): f"{book.title} · Bookstore · {site}",
        "/resources/syllabi/": f"Course Syllabi · Digital Resources · {site}",
        syllabus.get_absolute_url(): f"{syllabus.title} · Course Syllabi · {site}",
        "/search/": f"Search · {site}",
        "/search/?q=russia": f"“russia” · Search · {site}",
        "/newsletter/": f"Newsletter · {site}",
        "/newsletter/check-your-inbox/": f"Check your inbox · {site}",
        "/about/": f"About {site} · {site}",
    }


def test_every_public_page_has_one_title_and_one_description(client):
    call_command("seed_demo", stdout=io.StringIO())
    site = settings.SITE_NAME
    for path, title in demo_pages().items():
        response = client.get(path)
        assert response.status_code == 200, path
        tags = head(response)
        assert tags["title"] == title, path
        assert tags["twitter:title"] == tags["og:title"], path
        # <title> is og:title, then what the page is part of, then the site's name.
        assert title.startswith(tags["og:title"]), path
        assert tags["og:title"] == site or title.endswith(f" · {site}"), path
        assert tags["description"], path
        assert tags["description"] == tags["og:description"] == tags["twitter:description"], path


def test_later_pages_of_lists_are_numbered_in_title_and_canonical_link(client, settings):
    settings.ARTICLES_PER_PAGE = settings.PODCAST_EPISODES_PER_PAGE = 1
    topic = TopicFactory(name="Armenia")
    for _ in range(2):
        ArticleFactory().topics.add(topic)
    show = ShowFactory(title="The Show")
    EpisodeFactory.create_batch(2, host=PersonFactory())
    site = settings.SITE_NAME
    for path, title, og_title in [
        ("/articles/?page=2", f"Articles (page 2) · {site}", "Articles (page 2)"),
        # The topic's later pages were not numbered, the podcast's were numbered first.
        (f"{topic.get_absolute_url()}?page=2", f"Armenia (page 2) · {site}", "Armenia (page 2)"),
        ("/podcasts/?page=2", f"{show.title} (page 2) · {site}", f"{show.title} (page 2)"),
    ]:
        response = client.get(path)
        tags = head(response)
        assert (tags["title"], tags["og:title"]) == (title, og_title)
        assert links(response, "canonical")[0]["href"].endswith(path.split("?")[0] + "?page=2")
    # A page that is no list keeps one address, whatever ?page= it is given.
    article = Article.objects.first()
    response = client.get(article.get_absolute_url() + "?page=2")
    assert links(response, "canonical")[0]["href"].endswith(article.get_absolute_url())


def test_answers_that_are_no_page_have_a_title_but_no_social_tags(client):
    article = ArticleFactory(comments_open=False)
    response = client.post(article.comment_url("comment"), {"body": "Late."})
    assert response.status_code == 404
    assert head_title(response) == f"Comments are closed · {settings.SITE_NAME}"
    assert links(response, "canonical") == [] and "og:title" not in meta_tags(response)
    response = client.get("/articles/comments/unsubscribe/not-a-token/")
    assert head_title(response) == f"Comment emails · {settings.SITE_NAME}"
    assert meta_tags(response)["robots"] == ["noindex"] and "og:title" not in meta_tags(response)
    response = client.get("/no-such-page/")
    assert head_title(response) == f"Page not found · {settings.SITE_NAME}"


def head_title(response):
    return re.search(r"<title>(.*?)</title>", response.content.decode()).group(1)
