"""What lists of articles hold — their counts and year choices — is kept until a change that
can alter it (core.pagecache.listing, content_changed's `listed`): a publication, an
unpublication, a new date, category or language. An edit of an article's text or a comment
leaves them kept, and still shows on the next request."""

import datetime

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from comments.models import CommentStatus
from comments.service import moderate
from core import pagecache
from core.publishing import Status
from tests.articles.factories import ArticleFactory, CategoryFactory
from tests.comments.factories import CommentFactory

pytestmark = pytest.mark.django_db


def listing_queries(path):
    """The page at `path`, and its queries that count a list or find its years."""
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(path)
    assert response.status_code == 200
    found = [
        q["sql"]
        for q in queries
        if "COUNT(*)" in q["sql"] or q["sql"].startswith("SELECT DISTINCT")
    ]
    return response.content.decode(), found


@pytest.fixture
def articles():
    category = CategoryFactory(name="Analysis", slug="analysis")
    now = timezone.now()
    return [
        ArticleFactory(title=f"Piece {n}", category=category, published_at=now.replace(year=y))
        for n, y in enumerate([now.year - 1, now.year - 2])
    ]


def test_an_edit_or_a_comment_leaves_counts_and_years_kept(page_cache, committed, articles, editor):
    committed(lambda: None)
    for path in ("/articles/", "/articles/category/analysis/"):
        assert listing_queries(path)[1]  # counted, and the years found

    def retitle():
        articles[0].title = "Piece 0, revised"
        articles[0].save()

    committed(retitle)
    for path in ("/articles/", "/articles/category/analysis/"):
        html, found = listing_queries(path)
        assert "Piece 0, revised" in html and found == []
    held = CommentFactory(article=articles[1], status=CommentStatus.PENDING)
    committed(lambda: moderate([held], CommentStatus.APPROVED, editor))
    assert listing_queries("/articles/")[1] == []


def test_a_publication_a_new_year_or_category_counts_again(page_cache, committed, articles):
    committed(lambda: None)
    listing_queries("/articles/")
    this_year = str(timezone.now().year)
    assert f'<option value="{this_year}">' not in listing_queries("/articles/")[0]
    category = articles[0].category
    committed(lambda: ArticleFactory(title="New piece", category=category))
    html, found = listing_queries("/articles/")
    assert found and f'<option value="{this_year}">' in html

    other = CategoryFactory(name="Essays", slug="essays")

    def move():
        articles[1].category = other
        articles[1].save()

    listing_queries("/articles/category/essays/")
    committed(move)
    html, found = listing_queries("/articles/category/essays/")
    assert found and "Piece 1" in html

    def unpublish():
        articles[0].status = Status.DRAFT
        articles[0].save()

    last_year = str(timezone.now().year - 1)
    assert f'<option value="{last_year}">' in listing_queries("/articles/")[0]
    committed(unpublish)
    html, found = listing_queries("/articles/")  # its only article of last year
    assert found and f'<option value="{last_year}">' not in html


def test_which_changes_renew_what_lists_hold(page_cache, django_capture_on_commit_callbacks):
    article = ArticleFactory(title="Tokens")
    key = pagecache.LISTING_KEY + "articles.article"

    def renewed(change):
        connection.run_on_commit = []  # as if what came before had committed
        with django_capture_on_commit_callbacks() as callbacks:
            change()
        return [c for c in callbacks if isinstance(c, pagecache.Renewal)][0].tokens

    def retitle():
        article.title = "Tokens, revised"
        article.save()

    def redate():
        article.published_at -= datetime.timedelta(days=400)
        article.save()

    assert key not in renewed(retitle)
    assert key in renewed(redate)
    assert key in renewed(lambda: ArticleFactory(title="Another"))
    assert key in renewed(ArticleFactory(title="Withdrawn").delete)
    assert key not in renewed(lambda: CommentFactory(article=article))
