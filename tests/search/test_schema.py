"""The index storage on each database: triggers restored after migrations, index usable."""

import pytest
from django.db import connection

from ponars.search import schema
from ponars.search.backends import search
from tests.articles.factories import ArticleFactory

pytestmark = pytest.mark.django_db


def slugs(text):
    return [hit.slug for hit in search(text)[:10]]


def test_missing_triggers_are_restored_and_the_index_rebuilt_after_migrate():
    """On SQLite, another app's migration that remakes a table drops our triggers; the
    post-migrate check puts them back and re-indexes what changed meanwhile."""
    article = ArticleFactory(title="Arctic shipping", slug="arctic")
    table = "articles_article"
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"DROP TRIGGER search_index_update ON {table}")
        else:
            cursor.execute("DROP TRIGGER search_article_articles_article_update")
        cursor.execute(f"UPDATE {table} SET title = 'Arctic railways' WHERE id = %s", [article.pk])
    assert slugs("railways") == []  # the index missed the change
    schema.ensure(connection)
    assert slugs("railways") == ["arctic"]
    assert schema.expected_triggers(connection, schema.available_kinds(connection)) <= (
        schema.existing_triggers(connection)
    )


def test_ensure_changes_nothing_when_everything_is_in_place():
    from django.test.utils import CaptureQueriesContext

    ArticleFactory(title="Arctic shipping")
    with CaptureQueriesContext(connection) as captured:
        schema.ensure(connection)
    statements = " ".join(  # PostgreSQL function bodies are replaced (cheap, no table lock)
        q["sql"]
        for q in captured.captured_queries
        if not q["sql"].startswith("CREATE OR REPLACE FUNCTION")
    )
    for action in ("INSERT INTO search_document", "TRIGGER", "DELETE FROM"):
        assert action not in statements  # no trigger touched, no re-indexing
    assert slugs("shipping")


def test_the_full_text_index_serves_the_query():
    ArticleFactory(title="Arctic shipping")
    results = search("shipping")
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # The match expression alone: a table this small is otherwise read in full.
            sql = "SELECT d.id FROM search_document d WHERE d.document_en @@ %(r_en)s::tsquery"
            cursor.execute("SET LOCAL enable_seqscan = off")
            cursor.execute("EXPLAIN " + sql, results._tsqueries())
            plan = "\n".join(row[0] for row in cursor.fetchall())
            assert "search_document_gin_en" in plan, plan
        else:
            sql, params = results._from()
            cursor.execute("EXPLAIN QUERY PLAN SELECT count(*) " + sql, params)
            plan = "\n".join(str(row) for row in cursor.fetchall())
            assert "VIRTUAL TABLE INDEX" in plan, plan


def test_every_kind_names_the_migration_that_indexes_it():
    from django.db.migrations.loader import MigrationLoader

    from ponars.search.kinds import registered

    names = {
        name
        for app, name in MigrationLoader(None, ignore_no_migrations=True).disk_migrations
        if app == "search"
    }
    for kind in registered():
        assert kind.migration in names, kind.name
    assert {kind.name for kind in schema.available_kinds(connection)} == {
        k.name for k in registered()
    }


def test_rebuild_command_restores_a_wiped_index():
    import io

    from django.core.management import call_command

    ArticleFactory(title="Arctic shipping", slug="arctic")
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM search_document")
    assert slugs("shipping") == []
    out = io.StringIO()
    call_command("search_rebuild", stdout=out)
    assert "Search index rebuilt" in out.getvalue()
    assert slugs("shipping") == ["arctic"]


def test_both_ways_to_fetch_candidates_find_the_same_items():
    """PostgreSQL reads the matches of rare words through the GIN index and those of common
    words along the newest-first index (chosen by the planner's estimate); either way the
    same items are found, newest first."""
    for i in range(6):
        ArticleFactory(title=f"Arctic shipping routes {i}", slug=f"arctic-{i}")
    ArticleFactory(title="Pipelines", slug="pipelines")
    expected = {f"arctic-{i}" for i in range(6)}
    if connection.vendor != "postgresql":
        assert {hit.slug for hit in search("arctic shipping")[:20]} == expected
        return
    found = []
    for use_index in (True, False):
        results = search("arctic shipping")
        results._tsqueries()
        results._use_index = dict.fromkeys(results._use_index, use_index)
        found.append(results._candidate_ids())
        assert {hit.slug for hit in results[:20]} == expected
    assert set(found[0]) == set(found[1]) and len(found[0]) == 6


def test_the_search_gin_indexes_take_entries_directly():
    """No pending list for every search to read in full until a VACUUM (migration 0013)."""
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname, reloptions FROM pg_class WHERE relname = ANY(%s)",
            [schema.gin_indexes()],
        )
        options = dict(cursor.fetchall())
    assert set(options) == set(schema.gin_indexes())
    assert all(o and "fastupdate=off" in o for o in options.values()), options


def test_a_type_filter_finds_its_own_newest_candidates(settings):
    """PostgreSQL, more candidates than the cap: a type filter lists that type's newest
    matches, whether the newest matches of every type are all of it (one query) or not (a
    second query for that type's own)."""
    if connection.vendor != "postgresql":
        return
    import datetime

    from django.utils import timezone

    from ponars.search.backends import Filters
    from tests.podcasts.factories import EpisodeFactory

    settings.SEARCH_MAX_CANDIDATES = 3
    now = timezone.now()
    for i in range(4):
        ArticleFactory(
            title=f"Arctic routes {i}",
            slug=f"arctic-{i}",
            published_at=now - datetime.timedelta(days=i + 2),
        )
    newest = {"arctic-0", "arctic-1", "arctic-2"}
    only = search("arctic", Filters(kinds=["article"]))
    assert (only.count(), only.counts_capped) == (3, True)
    assert {hit.slug for hit in only[:10]} == newest
    EpisodeFactory(title="Arctic podcast", published_at=now - datetime.timedelta(days=1))
    mixed = search("arctic", Filters(kinds=["article"]))
    assert {hit.slug for hit in mixed[:10]} == newest and mixed.count() == 3
    assert {kind.name: n for kind, n in mixed.kind_counts()} == {"article": 3, "episode": 1}
