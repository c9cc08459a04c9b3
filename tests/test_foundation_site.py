import io
from datetime import timedelta

import pytest
from django.contrib.flatpages.models import FlatPage
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import escape

from articles.models import Article, Language
from members.models import Person, User

from .conftest import assert_valid_html
from .factories import ArticleFactory, CategoryFactory, PersonFactory

pytestmark = pytest.mark.django_db


def seed(*args, **kwargs):
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out, **kwargs)
    return out.getvalue()


def test_seed_demo_is_idempotent_and_builds_the_real_site(client):
    seed()
    counts = (Article.objects.count(), Person.objects.count(), FlatPage.objects.count())
    seed()
    assert (Article.objects.count(), Person.objects.count(), FlatPage.objects.count()) == counts
    assert Article.objects.published().count() >= 28
    article = Article.objects.get(slug__startswith="russian-sponsored-security-organizations")
    assert sorted(article.topics.names()) == ["Armenia", "Azerbaijan", "Nagorno-Karabakh", "Russia"]
    assert article.published_at.date().isoformat() == "2020-11-02"
    response = client.get(article.get_absolute_url())
    html = response.content.decode()
    assert "Jason Strakes" in html and ">Commentary<" in html
    assert "Pushkin House Book Prize 2020" in html  # previous article
    # Names in English and Russian, the real site's where it has them; no "A | Б" strings.
    assert "Commentary | " not in html
    with translation.override("ru"):
        assert article.category.label == "Комментарии"
        assert sorted(t.label for t in article.topics.all()) == [
            "Азербайджан",
            "Армения",
            "Нагорный Карабах",
            "Россия",
        ]
    assert Person.objects.filter(slug__regex=r"[^-a-z0-9_]").count() == 0
    assert "Kurilla" in html  # next article
    assert_valid_html(response)


def test_demo_logins_only_with_debug(settings):
    settings.DEBUG = False
    output = seed()
    assert not User.objects.exists() and "Demo login" not in output
    settings.DEBUG = True
    output = seed()
    assert {"editor", "membership"} == set(User.objects.values_list("username", flat=True))
    assert "Demo login (Editors): editor / " in output
    editor = User.objects.get(username="editor")
    password = output.split("editor / ")[1].split()[0]
    assert editor.check_password(password) and len(password) >= 12
    # Subscribers' addresses are for the Newsletter group, which the demo gives no one.
    for user in User.objects.all():
        assert not user.has_perm("newsletter.view_subscriber"), user.username


def test_seed_scale_adds_synthetic_articles_with_people_and_topics():
    seed()
    before = Article.objects.count()
    seed(scale=300)
    assert Article.objects.count() == before + 300
    synthetic = Article.objects.filter(slug__startswith="synthetic-").with_bylines()
    assert all(article.credited_people for article in synthetic[:50])
    assert Person.objects.filter(slug__startswith="synthetic-person-").count() == 30


@pytest.mark.parametrize(
    "url,title",
    [
        ("/about/", "About PONARS Eurasia"),
        ("/contact/", "Contact"),
        ("/about-membership/", "About Membership"),
        ("/submissions/", "Submissions"),
        ("/permissions-citation-guidelines/", "Permissions & Citation Guidelines"),
    ],
)
def test_editable_pages_are_served_and_linked_from_the_menus(client, url, title):
    from core import demo

    demo.seed(type("Command", (), {"stdout": io.StringIO()})())
    response = client.get(url)
    assert response.status_code == 200
    assert f"<h1>{escape(title)}</h1>" in response.content.decode()
    assert f'href="{url}"' in client.get("/").content.decode()
    assert_valid_html(response)


def test_page_html_is_sanitised_on_save():
    page = FlatPage.objects.create(
        url="/x/", title="X", content="<p>Hi</p><script>alert(1)</script>"
    )
    page.refresh_from_db()
    assert "<script" not in page.content


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


def test_missing_secret_key_fails_loudly_without_debug(monkeypatch):
    import importlib

    from django.core.exceptions import ImproperlyConfigured

    import ponars.settings as settings_module

    monkeypatch.delenv("DJANGO_SECRET_KEY", raising=False)
    monkeypatch.setenv("DJANGO_DEBUG", "0")
    with pytest.raises(ImproperlyConfigured):
        importlib.reload(settings_module)
    monkeypatch.setenv("DJANGO_COMMAND", "runserver")
    with pytest.raises(ImproperlyConfigured):
        importlib.reload(settings_module)
    monkeypatch.setenv("DJANGO_COMMAND", "makemigrations")  # inspects code, signs nothing
    assert len(importlib.reload(settings_module).SECRET_KEY) >= 50
    monkeypatch.setenv("DJANGO_DEBUG", "1")
    reloaded = importlib.reload(settings_module)
    assert reloaded.DEBUG is True and reloaded.SECRET_KEY


def test_database_url_and_redis_url_are_read_from_the_environment(monkeypatch):
    import importlib

    import ponars.settings as settings_module

    monkeypatch.setenv("DJANGO_SECRET_KEY", "k" * 50)
    monkeypatch.setenv("DATABASE_URL", "postgres://u@db.internal:5432/ponars")
    monkeypatch.setenv("REDIS_URL", "redis://cache.internal:6379/1")
    reloaded = importlib.reload(settings_module)
    database = reloaded.DATABASES["default"]
    assert (
        database["HOST"] == "db.internal"
        and database["OPTIONS"]["pool"]  # pooled: connections go back to the pool (issue 16)
        and database["CONN_MAX_AGE"] == 0
        and database["CONN_HEALTH_CHECKS"]
    )
    assert reloaded.CACHES["default"]["LOCATION"] == "redis://cache.internal:6379/1"
    monkeypatch.delenv("DATABASE_URL")
    monkeypatch.delenv("REDIS_URL")
    importlib.reload(settings_module)
