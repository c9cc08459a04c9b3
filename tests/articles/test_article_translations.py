"""An article and its version in the other language link to each other (pages, hreflang),
and lists of articles filter by the language of the text (?language=)."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from articles.models import Article
from core.publishing import Language, Status
from tests.articles.factories import ArticleFactory, CategoryFactory, TopicFactory
from tests.helpers.html import assert_valid_html

pytestmark = pytest.mark.django_db


def hreflangs(response):
    html = response.content.decode()
    return {
        (tag.split('hreflang="')[1].split('"')[0], tag.split('href="')[1].split('"')[0])
        for tag in html.split("<link ")[1:]
        if 'rel="alternate" hreflang=' in tag
    }


def interface_versions(article):
    """What a page without a translation declares: itself in each interface language."""
    base = "http://testserver"
    url = article.get_absolute_url()
    return {("en", base + url), ("ru", base + "/ru" + url), ("x-default", base + url)}


def pair():
    english = ArticleFactory(title="Regional elections and turnout", language=Language.ENGLISH)
    russian = ArticleFactory(title="Региональные выборы и явка", language=Language.RUSSIAN)
    return english, russian


def test_linking_one_article_links_the_other_back():
    english, russian = pair()
    english.translation = russian
    english.save()
    russian.refresh_from_db()
    assert russian.translation == english

    # Choosing another version moves the link: the first one no longer points here.
    other = ArticleFactory(title="Выборы в регионах", language=Language.RUSSIAN)
    english.translation = other
    english.save()
    russian.refresh_from_db()
    other.refresh_from_db()
    assert (russian.translation, other.translation) == (None, english)

    english.translation = None
    english.save()
    other.refresh_from_db()
    assert other.translation is None


def test_translation_must_be_in_the_other_language():
    english, _ = pair()
    english.translation = ArticleFactory(language=Language.ENGLISH)
    with pytest.raises(ValidationError) as error:
        english.full_clean()
    assert "translation" in error.value.message_dict


def test_each_page_links_to_the_other_version_and_declares_it(client):
    english, russian = pair()
    english.translation = russian
    english.save()
    en_page, ru_page = (
        client.get(english.get_absolute_url()),
        client.get(russian.get_absolute_url()),
    )
    assert_valid_html(en_page)
    assert_valid_html(ru_page)
    base = "http://testserver"
    # One set of hreflang links per page (core.metadata.text_versions): each language's own
    # text in that language's interface, the same set on both pages.
    both = {
        ("en", base + english.get_absolute_url()),
        ("ru", base + "/ru" + russian.get_absolute_url()),
        ("x-default", base + english.get_absolute_url()),
    }
    assert hreflangs(en_page) == both == hreflangs(ru_page)
    en_html, ru_html = en_page.content.decode(), ru_page.content.decode()
    # The link takes the reader to the other text in its own language's interface.
    assert f'<a href="/ru{russian.get_absolute_url()}" hreflang="ru" lang="ru">' in en_html
    assert f'<a href="{english.get_absolute_url()}" hreflang="en" lang="en">Read in English' in (
        ru_html
    )
    assert 'property="og:locale:alternate" content="ru_RU"' in en_html
    assert hreflangs(client.get("/ru" + russian.get_absolute_url())) == both


def test_a_draft_translation_is_not_linked(client):
    english, russian = pair()
    russian.status = Status.DRAFT
    russian.save()
    english.translation = russian
    english.save()
    page = client.get(english.get_absolute_url())
    assert hreflangs(page) == interface_versions(english)
    assert russian.get_absolute_url() not in page.content.decode()


def test_article_page_query_budget_with_a_translation(client, django_assert_max_num_queries):
    english, russian = pair()
    english.translation = russian
    english.save()
    with django_assert_max_num_queries(12):  # as without one (test_articles_pages)
        assert client.get(english.get_absolute_url()).status_code == 200


def test_editor_links_a_translation_in_the_admin(client, editor):
    client.force_login(editor)
    english, russian = pair()
    page = client.get(reverse("admin:articles_article_change", args=[english.pk]))
    assert 'name="translation"' in page.content.decode()
    autocomplete = client.get(
        reverse("admin:autocomplete"),
        {
            "term": "выборы",
            "app_label": "articles",
            "model_name": "article",
            "field_name": "translation",
        },
    )
    assert autocomplete.status_code == 200
    assert str(russian.pk) in autocomplete.content.decode()


@pytest.mark.parametrize(
    "url",
    # /articles/ filters by language in its filter form (tests/articles/test_list_filter.py).
    [
        lambda category, topic: category.get_absolute_url(),
        lambda category, topic: topic.get_absolute_url(),
    ],
)
def test_lists_filter_by_the_language_of_the_text(client, url, django_assert_max_num_queries):
    category, topic = CategoryFactory(), TopicFactory(name="Elections")
    english = ArticleFactory(title="In English", category=category, topics=[topic])
    russian = ArticleFactory(
        title="По-русски", category=category, topics=[topic], language=Language.RUSSIAN
    )
    path = url(category, topic)

    def shown(**params):
        with django_assert_max_num_queries(10):
            response = client.get(path, params)
        assert response.status_code == 200
        html = response.content.decode()
        return response, {a.title for a in (english, russian) if a.get_absolute_url() in html}

    response, titles = shown()
    assert titles == {"In English", "По-русски"}
    assert_valid_html(response)
    nav = response.content.decode().split('class="language-filter"')[1].split("</nav>")[0]
    assert '?language=ru"' in nav and 'lang="ru"' in nav and "Русский" in nav
    assert shown(language="ru")[1] == {"По-русски"}
    response, titles = shown(language="en")
    assert titles == {"In English"}
    assert 'href="?language=en" lang="en" hreflang="en" aria-current="page"' in (
        response.content.decode()
    )
    for nonsense in ["xx", "RU", "ru;drop", "", "е"]:
        assert shown(language=nonsense)[1] == {"In English", "По-русски"}


def test_unlinked_articles_declare_no_translation(client):
    article = ArticleFactory()
    assert hreflangs(client.get(article.get_absolute_url())) == interface_versions(article)
    assert Article.objects.filter(translation__isnull=False).count() == 0
