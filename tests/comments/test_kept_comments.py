"""An item's comments are kept until that item changes (comments.views.comments_context over
core.pagecache.remember(of=(item,))): a comment approved or removed on one article shows on
its page at once, and leaves every other article's comments kept."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from comments.models import Comment, CommentStatus
from comments.service import moderate
from tests.articles.factories import ArticleFactory
from tests.comments.factories import CommentFactory
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db


def comment_queries(item):
    """The page of `item`, and how many of its queries load comments (not counts of them)."""
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(item.get_absolute_url())
    assert response.status_code == 200
    found = [q for q in queries if q["sql"].startswith('SELECT "comments_comment"."id"')]
    return response.content.decode(), len(found)


def test_a_comment_approved_on_one_item_leaves_the_others_comments_kept(
    page_cache, committed, editor
):
    first, second = ArticleFactory(title="First"), ArticleFactory(title="Second")
    event = EventFactory(title="A round table")
    CommentFactory(article=second, name="Anna", body="On the second piece.")
    CommentFactory(target=event, name="Boris", body="On the event.")
    held = CommentFactory(article=first, name="Vera", status=CommentStatus.PENDING)
    committed(lambda: None)
    for item in (first, second, event):
        comment_queries(item)

    committed(lambda: moderate([held], CommentStatus.APPROVED, editor))
    html, reads = comment_queries(first)
    assert "Vera" in html and reads >= 1
    for item, name in ((second, "Anna"), (event, "Boris")):
        html, reads = comment_queries(item)
        assert name in html and reads == 0

    committed(lambda: Comment.objects.get(name="Anna").delete())
    html, reads = comment_queries(second)
    assert "Anna" not in html and reads >= 1


def test_an_edited_comment_shows_at_once(page_cache, committed):
    article = ArticleFactory(title="Edited")
    comment = CommentFactory(article=article, body="Frist!")
    committed(lambda: None)
    assert "Frist!" in comment_queries(article)[0]

    def edit():
        comment.body = "First, corrected."
        comment.save()

    committed(edit)
    html, _reads = comment_queries(article)
    assert "First, corrected." in html and "Frist!" not in html
