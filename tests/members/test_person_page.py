"""A person's page: their published articles, newest first, nothing private, constant queries."""

from datetime import timedelta

import pytest
from django.utils import timezone

from tests.articles.factories import ArticleFactory
from tests.helpers.html import assert_valid_html
from tests.members.factories import PersonFactory

pytestmark = pytest.mark.django_db


def test_person_page_lists_published_articles_newest_first(client):
    person = PersonFactory(
        name="Irina Busygina", email="secret-irina@example.org", notes="private note"
    )
    now = timezone.now()
    older = ArticleFactory(
        authors=[person], title="Older memo", published_at=now - timedelta(days=30)
    )
    newer = ArticleFactory(
        authors=[person], title="Newer memo", published_at=now - timedelta(days=2)
    )
    ArticleFactory(authors=[person], title="Hidden draft", status="draft")
    response = client.get(person.get_absolute_url())
    html = response.content.decode()
    assert_valid_html(response)
    assert html.index(newer.title) < html.index(older.title)
    assert "Hidden draft" not in html
    assert "secret-irina@example.org" not in html and "private note" not in html


@pytest.mark.parametrize("count", [1, 50])
def test_person_page_query_budget(client, django_assert_max_num_queries, count):
    person = PersonFactory()
    for _ in range(count):
        ArticleFactory(authors=[person, PersonFactory()])
    with django_assert_max_num_queries(10):
        assert client.get(person.get_absolute_url()).status_code == 200
