"""An article's page: its language and the outbound link of a recommended item."""

import pytest
from django.urls import reverse

from articles.models import Language

from .factories import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db


def test_russian_article_sets_the_page_language(client):
    article = ArticleFactory(language=Language.RUSSIAN, title="Выборы в регионах")
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<html lang="ru">' in html
    assert '<header class="site-header" lang="en">' in html


def test_recommended_item_links_out_with_a_view_button(client):
    recommended = CategoryFactory(
        name="Recommended", slug="recommended", name_ru="Рекомендуем", links_out=True
    )
    article = ArticleFactory(category=recommended, external_url="https://www.foreignaffairs.com/x")
    response = client.get(article.get_absolute_url())
    assert (
        'href="https://www.foreignaffairs.com/x" rel="noopener">View' in response.content.decode()
    )
    home = client.get(reverse("home")).content.decode()
    assert article.title in home and "Recommended" in home
