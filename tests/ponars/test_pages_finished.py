"""Pages that look finished: valid heading outlines, forms without empty actions, times with a
zone a reader can read."""

import datetime
import zoneinfo

import pytest

from tests.articles.factories import ArticleFactory, CategoryFactory, TopicFactory
from tests.comments.factories import CommentFactory
from tests.events.factories import EventFactory
from tests.helpers.seo import document

pytestmark = pytest.mark.django_db


def headings(response):
    return [
        int(el.tag[1])
        for el in document(response).iter()
        if el.tag in {f"h{n}" for n in range(1, 7)}
    ]


def assert_no_skipped_level(response, page):
    levels = headings(response)
    assert levels and levels[0] == 1, page
    for before, after in zip(levels, levels[1:], strict=False):
        assert after <= before + 1, f"{page}: h{before} followed by h{after}"


def test_article_lists_do_not_skip_a_heading_level(client):
    topic = TopicFactory(name="Armenia")
    article = ArticleFactory(category=CategoryFactory(name="Commentary"))
    article.topics.add(topic)
    for page in ("/articles/", "/articles/category/commentary/", "/articles/topic/armenia/"):
        assert_no_skipped_level(client.get(page), page)


def test_filter_forms_have_no_empty_action(client):
    for page in ("/members/", "/resources/books/", "/resources/syllabi/"):
        forms = list(document(client.get(page)).iter("form"))
        assert forms, page
        assert all(form.get("action") != "" for form in forms), page


def test_comment_times_say_their_zone(client):
    comment = CommentFactory(
        created=datetime.datetime(2026, 1, 15, 17, 30, tzinfo=datetime.UTC), name="Reader"
    )
    page = client.get(comment.target.get_absolute_url()).content.decode()
    assert "January 15, 2026 at 12:30 p.m. EST" in page  # the site's zone, America/New_York


def test_a_zone_without_an_abbreviation_reads_as_an_offset(client):
    tbilisi = zoneinfo.ZoneInfo("Asia/Tbilisi")
    event = EventFactory(
        time_zone="Asia/Tbilisi",
        start=datetime.datetime(2025, 5, 20, 18, 0, tzinfo=tbilisi),
        end=datetime.datetime(2025, 5, 20, 20, 0, tzinfo=tbilisi),
    )
    page = client.get(event.get_absolute_url()).content.decode()
    assert "+04" not in page.replace("+04:00", "")  # only inside machine-readable datetimes
    assert "UTC+4" in page
