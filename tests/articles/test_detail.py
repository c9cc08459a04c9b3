"""An article's page: its language and the outbound link of a recommended item."""

import pytest
from django.urls import reverse

from articles.models import Language
from tests.articles.factories import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db


def test_russian_article_sets_the_language_of_its_text(client):
    """The page's language is the interface's (English here, Russian under /ru/); the
    article's own text is marked with its language."""
    article = ArticleFactory(language=Language.RUSSIAN, title="Выборы в регионах")
    html = client.get(article.get_absolute_url()).content.decode()
    assert '<html lang="en">' in html
    assert '<article class="article" lang="ru">' in html
    html = client.get("/ru" + article.get_absolute_url()).content.decode()
    assert '<html lang="ru">' in html and '<article class="article" lang="ru">' in html


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
