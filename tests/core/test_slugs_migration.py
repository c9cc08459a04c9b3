"""Upgrading a database whose topics and areas of expertise have Cyrillic slugs (taggit made
them before issue 15): articles 0010 and members 0005 transliterate them, and the old
addresses answer a permanent redirect to the new. A fresh install has nothing to rename.
Runs on SQLite and PostgreSQL alike (Django's MigrationExecutor, as test_comments_migration)."""

import pytest
from django.contrib.contenttypes.models import ContentType
from django.contrib.redirects.models import Redirect
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from articles.models import Topic
from members.models import Expertise

BEFORE = [("articles", "0009_credits"), ("members", "0004_checked_uploads")]

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def migrate_back():
    """The database as before the vocabulary migrations (`migrate` runs the search app's
    signals, which keep its triggers in step); the migration state's apps there."""
    for app, name in BEFORE:
        call_command("migrate", app, name, verbosity=0)
    return MigrationExecutor(connection).loader.project_state(BEFORE).apps


def migrate_forward():
    call_command("migrate", verbosity=0)
    ContentType.objects.clear_cache()


def test_fresh_install_has_no_redirects():
    assert Redirect.objects.count() == 0


def test_upgrade_transliterates_cyrillic_slugs_and_redirects_the_old_addresses(client):
    old = migrate_back()
    old_topic = old.get_model("articles", "Topic")
    old_expertise = old.get_model("members", "Expertise")
    old_topic.objects.create(name="Выборы в регионах", slug="выборы-в-регионах")
    old_topic.objects.create(name="Vybory v regionakh", slug="vybory-v-regionakh")  # taken
    old_topic.objects.create(name="Armenia", slug="armenia")
    old_expertise.objects.create(name="Регионы", slug="регионы")
    try:
        migrate_forward()
        renamed = Topic.objects.get(name="Выборы в регионах")
        assert renamed.slug == "vybory-v-regionakh-2"
        assert Topic.objects.get(name="Armenia").slug == "armenia"
        assert Expertise.objects.get(name="Регионы").slug == "regiony"

        response = client.get("/articles/topic/выборы-в-регионах/")
        assert response.status_code == 301
        assert response["Location"] == "/articles/topic/vybory-v-regionakh-2/"
        assert client.get(response["Location"]).status_code == 200
        response = client.get("/feed/topic/выборы-в-регионах/")
        assert (response.status_code, response["Location"]) == (
            301,
            "/feed/topic/vybory-v-regionakh-2/",
        )
        response = client.get("/members/expertise/регионы/")
        assert (response.status_code, response["Location"]) == (
            301,
            "/members/expertise/regiony/",
        )
        assert client.get("/articles/topic/armenia/").status_code == 200
    finally:
        migrate_forward()
