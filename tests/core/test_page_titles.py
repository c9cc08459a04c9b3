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

from articles.models import Article
from tests.articles.factories import ArticleFactory, TopicFactory
from tests.helpers.demo import demo_pages
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
