"""`seed_demo`: the demo site, its logins (only with DEBUG) and the synthetic scale."""

import io

import pytest
from django.contrib.flatpages.models import FlatPage
from django.core.management import call_command
from django.db import connection
from django.utils import translation

from articles.models import Article, Category
from members.models import Person, User
from tests.helpers.html import assert_valid_html

pytestmark = pytest.mark.django_db


def seed(*args, **kwargs):
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out, **kwargs)
    return out.getvalue()


def test_seed_demo_is_idempotent_and_builds_the_real_site(client):
    seed()
    counts = (Article.objects.count(), Person.objects.count(), FlatPage.objects.count())
    pdf_before = Article.objects.exclude(pdf="").get().pdf.name
    seed()
    assert (Article.objects.count(), Person.objects.count(), FlatPage.objects.count()) == counts
    assert Article.objects.published().count() >= 28
    # The real site's category names, English and Russian ("Policy Memos | Аналитические
    # записки"); every category has both.
    names = {c.slug: (c.name, c.name_ru) for c in Category.objects.all()}
    assert names["policy-memos"] == ("Policy Memos", "Аналитические записки")
    assert names["commentary"] == ("Commentary", "Комментарии")
    assert names["recommended"] == ("Recommended", "Рекомендуем")
    assert all(name and name_ru for name, name_ru in names.values())
    # Every memo has its number; one has the PDF an editor uploaded, kept across runs.
    memos = Article.objects.published().filter(category__is_policy_memo=True)
    assert memos.count() >= 5 and not memos.filter(memo_number__isnull=True).exists()
    uploaded = list(memos.exclude(pdf=""))
    assert len(uploaded) == 1 and uploaded[0].pdf.name == pdf_before
    with uploaded[0].pdf.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"
    memo_page = client.get(uploaded[0].get_absolute_url()).content.decode()
    assert uploaded[0].pdf.url in memo_page
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


def test_seed_scale_indexes_what_it_loads_for_search_and_keeps_the_triggers():
    """The bulk load indexes once at its end; afterwards an editor's change is indexed again."""
    from ponars.search import schema
    from ponars.search.backends import search
    from ponars.search.models import Document

    seed()
    triggers = schema.existing_triggers(connection)
    seed(scale=60)
    assert schema.existing_triggers(connection) == triggers
    synthetic = Article.objects.filter(slug__startswith="synthetic-").with_bylines().first()
    indexed = Document.objects.get(kind="article", object_id=synthetic.pk)
    assert indexed.title == synthetic.title
    assert synthetic.credited_people[0].name in indexed.authors
    synthetic.title = "Zanzibarian cartography of the steppe"
    synthetic.save()
    assert [r.object_id for r in search("Zanzibarian cartography")[:1]] == [synthetic.pk]
