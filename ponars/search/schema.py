"""Vendor-specific storage of the search index: extensions, text-search configurations,
the tsvector column and its indexes (PostgreSQL), the FTS5 table (SQLite), and the
triggers that keep `search_document` current when any source table changes.

Called from this app's migrations (guarded by `connection.vendor`) and, after every
`migrate`, by `ensure()` (see apps.py).
"""

import contextlib

from .kinds import BILINGUAL_TABLES, COLUMNS, EXTRA_COLUMNS, Dialect, registered

# Text-search configurations: accent-insensitive copies of the built-in ones.
PG_CONFIGS = {"en": "ponars_en", "ru": "ponars_ru", "": "ponars_simple"}
PG_CONFIG_SOURCES = [
    ("ponars_en", "english", "english_stem"),
    ("ponars_ru", "russian", "russian_stem"),
    ("ponars_simple", "simple", "simple"),
]
FTS_COLUMNS = ("title", "authors", "topics", "summary", "body")
EVENTS = ("INSERT", "UPDATE", "DELETE")


def pg_config(language):
    return PG_CONFIGS.get(language, PG_CONFIGS[""])


def _pg_vector(config):
    part = "setweight(to_tsvector('{c}'::regconfig, coalesce({col}, '')), '{w}')"
    columns = [("title", "A"), ("summary", "B"), ("authors", "B"), ("topics", "B"), ("body", "C")]
    return " || ".join(part.format(c=config, col=col, w=w) for col, w in columns)


def _single_document_column():
    """The one `document` column of migrations 0001-0005 (0006 splits it by language)."""
    vector = " ".join(
        f"WHEN '{language}' THEN {_pg_vector(config)}"
        for language, config in PG_CONFIGS.items()
        if language
    )
    return [
        f"ALTER TABLE search_document ADD COLUMN document tsvector GENERATED ALWAYS AS "
        f"(CASE language {vector} ELSE {_pg_vector(PG_CONFIGS[''])} END) STORED",
        "CREATE INDEX search_document_gin ON search_document USING gin (document)",
    ]


def _run(connection, statements):
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


# --- base storage (migration 0001) ---------------------------------------------------------


def unaccent_function(connection):
    """search_unaccent(text): unaccent() is only STABLE; an index expression needs an IMMUTABLE
    wrapper. Its body names the extension's schema, because pg_restore runs it with an empty
    search_path while it rebuilds the trigram index (migration 0009 for databases made before).
    """
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT extnamespace::regnamespace::text FROM pg_extension WHERE extname = 'unaccent'"
        )
        schema = cursor.fetchone()[0]
    return (
        "CREATE OR REPLACE FUNCTION search_unaccent(text) RETURNS text "
        "LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT "
        f"AS $$ SELECT {schema}.unaccent('{schema}.unaccent'::regdictionary, $1) $$"
    )


def install_base(connection):
    if connection.vendor == "postgresql":
        statements = [
            "CREATE EXTENSION IF NOT EXISTS unaccent",
            "CREATE EXTENSION IF NOT EXISTS pg_trgm",
        ]
        _run(connection, statements)
        statements = [unaccent_function(connection)]
        for name, source, stem in PG_CONFIG_SOURCES:
            statements += [
                f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name} CASCADE",
                f"CREATE TEXT SEARCH CONFIGURATION {name} (COPY = pg_catalog.{source})",
                f"ALTER TEXT SEARCH CONFIGURATION {name} "
                f"ALTER MAPPING FOR word, hword, hword_part WITH unaccent, {stem}",
            ]
        statements += [
            *_single_document_column(),
            "CREATE INDEX search_document_name_trgm ON search_document "
            "USING gin (search_unaccent(lower(title)) gin_trgm_ops) WHERE kind = 'person'",
        ]
        _run(connection, statements)
    elif connection.vendor == "sqlite":
        columns = ", ".join(FTS_COLUMNS)
        _run(
            connection,
            [
                f"CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5({columns}, "
                "content='search_document', content_rowid='id', "
                "tokenize='porter unicode61 remove_diacritics 2')",
                *_sqlite_fts_triggers(),
            ],
        )


# --- one vector per language, with word pairs (migration 0006) -----------------------------
#
# Each row's vector lives in the column of its language (`document_en`, `document_ru`,
# `document_simple`; the other two are NULL), so the planner's statistics are per language: an
# English word is known to be rare among Russian documents and the right index is chosen.
# Each vector also holds its adjacent word pairs ("infrastructur russia") as extra lexemes,
# so a quoted phrase is found through the GIN index instead of re-reading every document that
# has both words (PostgreSQL's GIN index keeps no word positions).

LANGUAGE_COLUMNS = {"en": "document_en", "ru": "document_ru", "": "document_simple"}


def language_condition(language):
    """SQL true for rows whose vector is in `language`'s column ('' = every other language)."""
    if language:
        return f"language = '{language}'"
    others = ", ".join(f"'{code}'" for code in LANGUAGE_COLUMNS if code)
    return f"language NOT IN ({others})"


def recent_index(language):
    """The newest-first partial index of `language`'s rows (its size: the language's rows)."""
    return f"search_document_recent_{LANGUAGE_COLUMNS[language][9:]}"


def install_language_documents(connection):
    if connection.vendor != "postgresql":
        return
    statements = [
        # The next lexeme after each position: word pairs, as lexemes without positions.
        "CREATE OR REPLACE FUNCTION search_word_pairs(v tsvector) RETURNS tsvector "
        "LANGUAGE sql IMMUTABLE PARALLEL SAFE STRICT AS $$ "
        "SELECT coalesce(array_to_tsvector(array_agg(DISTINCT pair)), ''::tsvector) FROM ("
        "SELECT lexeme || ' ' || lead(lexeme) OVER (ORDER BY position, lexeme) AS pair "
        "FROM (SELECT lexeme, unnest(positions) AS position FROM unnest(v)) words) pairs "
        "WHERE pair IS NOT NULL $$",
        "CREATE OR REPLACE FUNCTION search_vector(config regconfig, title text, summary text, "
        "authors text, topics text, body text) RETURNS tsvector "
        "LANGUAGE plpgsql IMMUTABLE PARALLEL SAFE AS $$ DECLARE v tsvector; BEGIN "
        "v := setweight(to_tsvector(config, title), 'A') "
        "|| setweight(to_tsvector(config, summary), 'B') "
        "|| setweight(to_tsvector(config, authors), 'B') "
        "|| setweight(to_tsvector(config, topics), 'B') "
        "|| setweight(to_tsvector(config, body), 'C'); "
        "RETURN v || search_word_pairs(v); END $$",
        "DROP INDEX IF EXISTS search_document_gin",
        "ALTER TABLE search_document DROP COLUMN IF EXISTS document",
        *_vector_columns("search_vector", pairs_too=False),
        *(
            f"CREATE INDEX search_document_recent_{column[9:]} ON search_document "
            f"(published_at DESC) WHERE {language_condition(language)}"
            for language, column in LANGUAGE_COLUMNS.items()
        ),
    ]
    _run(connection, statements)


# --- word pairs in their own columns (migration 0008) ----------------------------------------
#
# With the pairs inside it, a 600-word document's vector was ~12 KB (TOASTed, six chunks), and
# every row a newest-first scan tests must be de-TOASTed. The pairs move to `pairs_*` columns
# (no positions, read only by the GIN index when a phrase is asked for); `document_*` keeps the
# weighted, positioned vector used to match and rank.

PAIR_COLUMNS = {"en": "pairs_en", "ru": "pairs_ru", "": "pairs_simple"}
_TEXT_COLUMNS = ", ".join(
    f"coalesce({c}, '')" for c in ("title", "summary", "authors", "topics", "body")
)


def _vector_columns(vector_function, pairs_too):
    """One ALTER TABLE (one rewrite of the table) adding the per-language columns."""
    adds = []
    for language, column in LANGUAGE_COLUMNS.items():
        config = pg_config(language)
        when = f"CASE WHEN {language_condition(language)} THEN"
        adds.append(
            f"ADD COLUMN {column} tsvector GENERATED ALWAYS AS ({when} "
            f"{vector_function}('{config}'::regconfig, {_TEXT_COLUMNS}) END) STORED"
        )
        if pairs_too:
            adds.append(
                f"ADD COLUMN {PAIR_COLUMNS[language]} tsvector GENERATED ALWAYS AS ({when} "
                f"search_word_pairs(search_weighted_vector('{config}'::regconfig, "
                f"{_TEXT_COLUMNS})) END) STORED"
            )
    drops = [f"DROP COLUMN IF EXISTS {c}" for c in LANGUAGE_COLUMNS.values()]
    drops += [f"DROP COLUMN IF EXISTS {c}" for c in PAIR_COLUMNS.values()]
    columns = list(LANGUAGE_COLUMNS.values()) + (list(PAIR_COLUMNS.values()) if pairs_too else [])
    return [
        "ALTER TABLE search_document " + ", ".join(drops + adds),
        *(
            f"CREATE INDEX search_document_gin_{column.split('_', 1)[1]}"
            f"{'_pairs' if column.startswith('pairs') else ''} "
            f"ON search_document USING gin ({column})"
            for column in columns
        ),
    ]


def separate_word_pairs(connection):
    if connection.vendor != "postgresql":
        return
    _run(
        connection,
        [
            "CREATE OR REPLACE FUNCTION search_weighted_vector(config regconfig, title text, "
            "summary text, authors text, topics text, body text) RETURNS tsvector "
            "LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$ "
            "SELECT setweight(to_tsvector(config, title), 'A') "
            "|| setweight(to_tsvector(config, summary), 'B') "
            "|| setweight(to_tsvector(config, authors), 'B') "
            "|| setweight(to_tsvector(config, topics), 'B') "
            "|| setweight(to_tsvector(config, body), 'C') $$",
            *_vector_columns("search_weighted_vector", pairs_too=True),
            ESTIMATE_FUNCTION,
        ],
    )


# The planner's estimate of how many documents of a language match a tsquery (an EXPLAIN, no
# execution): lets the search choose between the GIN index and a newest-first scan, since the
# planner does not count the cost of de-TOASTing each vector a newest-first scan tests.
ESTIMATE_FUNCTION = (
    "CREATE OR REPLACE FUNCTION search_estimate(language text, query tsquery) "
    "RETURNS double precision LANGUAGE plpgsql VOLATILE AS $$ DECLARE plan json; BEGIN "
    "EXECUTE format('EXPLAIN (FORMAT JSON) SELECT 1 FROM search_document WHERE %I @@ %L::tsquery', "
    "CASE language WHEN 'en' THEN 'document_en' WHEN 'ru' THEN 'document_ru' "
    "ELSE 'document_simple' END, query::text) INTO plan; "
    "RETURN (plan -> 0 -> 'Plan' ->> 'Plan Rows')::double precision; END $$"
)


# --- GIN indexes without a pending list (migration 0013) ------------------------------------
#
# By default (`fastupdate`) a GIN index queues new entries in an unsorted pending list that
# every search reads in full until VACUUM (or 4 MB of entries) merges it. On 100,000 documents
# with autovacuum off that list was the whole names index and hundreds of pages of the others:
# 4-6 ms per language branch and 10-25 ms per trigram scan (it compares every queued name), on
# every search. The index is read far more than written (one item saved at a time), so entries
# go straight into the index; the migration merges what was queued.


def gin_indexes():
    """Names of the GIN indexes a search reads (vectors, word pairs, trigram names)."""
    suffixes = [column.split("_", 1)[1] for column in LANGUAGE_COLUMNS.values()]
    return [
        *(f"search_document_gin_{s}" for s in suffixes),
        *(f"search_document_gin_{s}_pairs" for s in suffixes),
        "search_document_name_trgm",
    ]


def direct_gin_updates(connection, on=True, names=None):
    """`on`: entries straight into the index, and what is pending merged; off: the default
    pending list (for a bulk rebuild, which it makes faster, and the migration's reverse)."""
    if connection.vendor != "postgresql":
        return
    statements = []
    for name in gin_indexes() if names is None else names:
        statements.append(f"ALTER INDEX {name} SET (fastupdate = {'off' if on else 'on'})")
        if on:
            statements.append(f"SELECT gin_clean_pending_list('{name}'::regclass)")
    _run(connection, statements)


def _direct_gin_indexes(connection):
    """Those of `gin_indexes()` that exist with `fastupdate = off`."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT relname FROM pg_class WHERE relname = ANY(%s) "
            "AND 'fastupdate=off' = ANY(coalesce(reloptions, '{}'))",
            [gin_indexes()],
        )
        return [name for (name,) in cursor.fetchall()]


def join_word_pairs(connection):
    """Reverse of `separate_word_pairs`: migration 0006's columns (vector and pairs together)."""
    if connection.vendor != "postgresql":
        return
    _run(
        connection,
        [
            *_vector_columns("search_vector", pairs_too=False),
            "DROP FUNCTION IF EXISTS search_weighted_vector(regconfig, text, text, text, text, text)",
            "DROP FUNCTION IF EXISTS search_estimate(text, tsquery)",
        ],
    )


def uninstall_language_documents(connection):
    if connection.vendor != "postgresql":
        return
    statements = []
    for column in LANGUAGE_COLUMNS.values():
        statements += [
            f"DROP INDEX IF EXISTS search_document_recent_{column[9:]}",
            f"ALTER TABLE search_document DROP COLUMN IF EXISTS {column}",
        ]
    statements += [
        "DROP FUNCTION IF EXISTS search_vector(regconfig, text, text, text, text, text)",
        "DROP FUNCTION IF EXISTS search_word_pairs(tsvector)",
        *_single_document_column(),
    ]
    _run(connection, statements)


def uninstall_base(connection):
    if connection.vendor == "postgresql":
        statements = [
            "DROP INDEX IF EXISTS search_document_name_trgm",
            "DROP INDEX IF EXISTS search_document_gin",
            "ALTER TABLE search_document DROP COLUMN IF EXISTS document",
        ]
        statements += [
            f"DROP TEXT SEARCH CONFIGURATION IF EXISTS {name}" for name, _, _ in PG_CONFIG_SOURCES
        ]
        statements.append("DROP FUNCTION IF EXISTS search_unaccent(text)")
        _run(connection, statements)
    elif connection.vendor == "sqlite":
        _run(
            connection,
            [f"DROP TRIGGER IF EXISTS search_fts_{e}" for e in ("ai", "ad", "au")]
            + ["DROP TABLE IF EXISTS search_fts"],
        )


def _sqlite_fts_triggers():
    cols = ", ".join(FTS_COLUMNS)
    new = ", ".join(f"new.{c}" for c in FTS_COLUMNS)
    old = ", ".join(f"old.{c}" for c in FTS_COLUMNS)
    insert = f"INSERT INTO search_fts(rowid, {cols}) VALUES (new.id, {new});"
    delete = f"INSERT INTO search_fts(search_fts, rowid, {cols}) VALUES ('delete', old.id, {old});"
    return [
        f"CREATE TRIGGER IF NOT EXISTS search_fts_{name} AFTER {event} ON search_document "
        f"BEGIN {body} END"
        for name, event, body in [
            ("ai", "INSERT", insert),
            ("ad", "DELETE", delete),
            ("au", "UPDATE", f"{delete} {insert}"),
        ]
    ]


# --- per-kind triggers (keep search_document current) --------------------------------------


def available_kinds(connection, including=(), excluding=()):
    """Kinds whose app is installed, whose tables exist and whose search migration has run
    (or is running: `including`), less `excluding` (a migration being reversed)."""
    from django.db.migrations.recorder import MigrationRecorder

    tables = set(connection.introspection.table_names())
    recorder = MigrationRecorder(connection)
    applied = (
        {name for app, name in recorder.applied_migrations() if app == "search"}
        if recorder.has_table()
        else set()
    )
    names = {kind.name for kind in including}
    return [
        kind
        for kind in registered()
        if set(kind.tables) <= tables
        and (kind.migration in applied or kind.name in names)
        and kind not in excluding
    ]


def present_extras(connection):
    """The EXTRA_COLUMNS the index table has (all of them once migration 0011 has run)."""
    with connection.cursor() as cursor:
        names = {
            c.name
            for c in connection.introspection.get_table_description(cursor, "search_document")
        }
    return tuple(c for c in EXTRA_COLUMNS if c in names)


def _upsert(kind, dialect, where, extras=EXTRA_COLUMNS):
    names = COLUMNS + tuple(extras)
    values = [
        e for c, e in zip(EXTRA_COLUMNS, kind.extra_columns(dialect), strict=True) if c in extras
    ]
    columns = ", ".join(names)
    updates = ", ".join(f"{c} = excluded.{c}" for c in names if c not in ("kind", "object_id"))
    select = kind.source(dialect) + "".join(f", {v}" for v in values)
    return (
        f"INSERT INTO search_document ({columns}) {select} FROM {kind.table} src WHERE {where} "
        f"ON CONFLICT (kind, object_id) DO UPDATE SET {updates}"
    )


def _delete_orphans(kind, where):
    return (
        f"DELETE FROM search_document WHERE kind = '{kind.name}' AND {where} "
        f"AND NOT EXISTS (SELECT 1 FROM {kind.table} s WHERE s.id = search_document.object_id)"
    )


def _tables(kinds):
    """{table: [(kind, dependency), ...]} for every table some kind depends on."""
    result = {}
    for kind in kinds:
        for dependency in kind.dependencies:
            result.setdefault(dependency.table, []).append((kind, dependency))
    return result


def _affected(dependency, rows):
    """SQL listing affected item ids, given SQL listing the changed rows' key values."""
    return dependency.via.format(ids=rows) if dependency.via else rows


def dialect_for(connection):
    """The Dialect of `connection`, knowing which bilingual tables have `name_ru` yet."""
    tables = BILINGUAL_TABLES & set(connection.introspection.table_names())
    bilingual = set()
    with connection.cursor() as cursor:
        for table in tables:
            columns = connection.introspection.get_table_description(cursor, table)
            if any(column.name == "name_ru" for column in columns):
                bilingual.add(table)
    return Dialect(connection.vendor, frozenset(bilingual))


def _pg_statements(kinds, extras, dialect):
    statements = []
    for kind in kinds:
        statements.append(
            f"CREATE OR REPLACE FUNCTION search_refresh_{kind.name}(ids bigint[]) RETURNS void "
            f"LANGUAGE plpgsql AS $$ BEGIN "
            f"{_delete_orphans(kind, 'object_id = ANY(ids)')}; "
            f"{_upsert(kind, dialect, 'src.id = ANY(ids)', extras)}; "
            f"END $$"
        )
    for table, pairs in _tables(kinds).items():
        for event in EVENTS:
            rowsets = {
                "INSERT": ["new_rows"],
                "DELETE": ["old_rows"],
                "UPDATE": ["new_rows", "old_rows"],
            }[event]
            calls = []
            for kind, dependency in pairs:
                rows = " UNION ".join(f"SELECT {dependency.column} FROM {r}" for r in rowsets)
                affected = _affected(dependency, rows)
                calls.append(f"PERFORM search_refresh_{kind.name}(ARRAY({affected})::bigint[]);")
            function = f"search_on_{table}_{event.lower()}"
            statements.append(
                f"CREATE OR REPLACE FUNCTION {function}() RETURNS trigger LANGUAGE plpgsql AS $$ "
                f"BEGIN {' '.join(calls)} RETURN NULL; END $$"
            )
            referencing = " ".join(
                f"{'NEW' if r == 'new_rows' else 'OLD'} TABLE AS {r}" for r in rowsets
            )
            statements.append(
                f"CREATE OR REPLACE TRIGGER search_index_{event.lower()} AFTER {event} ON {table} "
                f"REFERENCING {referencing} FOR EACH STATEMENT EXECUTE FUNCTION {function}()"
            )
    return statements


def _sqlite_statements(kinds, extras, dialect):
    statements = []
    for table, pairs in _tables(kinds).items():
        for event in EVENTS:
            for kind, dependency in pairs:
                refs = {"INSERT": ["NEW"], "DELETE": ["OLD"], "UPDATE": ["NEW", "OLD"]}[event]
                rows = ", ".join(f"{r}.{dependency.column}" for r in refs)
                where = f"IN ({_affected(dependency, rows)})"
                name = _sqlite_trigger_name(kind, table, event)
                statements += [
                    f"DROP TRIGGER IF EXISTS {name}",
                    f"CREATE TRIGGER {name} AFTER {event} ON {table} BEGIN "
                    f"{_delete_orphans(kind, 'object_id ' + where)}; "
                    f"{_upsert(kind, dialect, 'src.id ' + where, extras)}; END",
                ]
    return statements


def _sqlite_trigger_name(kind, table, event):
    return f"search_{kind.name}_{table}_{event.lower()}"


def expected_triggers(connection, kinds):
    """(table, trigger name) pairs that must exist for `kinds`."""
    if connection.vendor == "postgresql":
        return {(table, f"search_index_{e.lower()}") for table in _tables(kinds) for e in EVENTS}
    return {
        (table, _sqlite_trigger_name(kind, table, e))
        for table, pairs in _tables(kinds).items()
        for kind, _ in pairs
        for e in EVENTS
    } | {("search_document", f"search_fts_{e}") for e in ("ai", "ad", "au")}


def existing_triggers(connection):
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT c.relname, t.tgname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid "
                "WHERE t.tgname LIKE 'search_%%' AND NOT t.tgisinternal"
            )
        else:
            cursor.execute("SELECT tbl_name, name FROM sqlite_master WHERE type = 'trigger'")
        return set(cursor.fetchall())


def suspend(connection):
    """SQLite: drop the per-kind triggers for the length of a migration run (see apps.py)."""
    if (
        connection.vendor != "sqlite"
        or "search_document" not in connection.introspection.table_names()
    ):
        return
    names = [
        name
        for table, name in existing_triggers(connection)
        if name.startswith("search_") and table != "search_document"
    ]
    _run(connection, [f"DROP TRIGGER IF EXISTS {name}" for name in names])


@contextlib.contextmanager
def paused(connection):
    """For a bulk load (`seed_demo --scale`): the triggers on the source tables are off while it
    runs, and the index is rebuilt once after it, with one set-based statement per kind, instead
    of re-deriving the same items after each insert into each table. The triggers are back
    and the index is whole afterwards, also when the load fails half-way."""
    if (
        connection.vendor not in ("postgresql", "sqlite")
        or "search_document" not in connection.introspection.table_names()
    ):
        yield
        return
    kinds = available_kinds(connection)

    def switch(verb):
        # Within a transaction (a test), ALTER TABLE wants no deferred foreign-key checks
        # pending: run them now.
        _run(
            connection,
            ["SET CONSTRAINTS ALL IMMEDIATE"]
            + [f"ALTER TABLE {t} {verb} TRIGGER {n}" for t, n in triggers]
            + ["SET CONSTRAINTS ALL DEFERRED"],
        )

    if connection.vendor == "postgresql":
        triggers = [(t, n) for t, n in existing_triggers(connection) if t != "search_document"]
        switch("DISABLE")
    else:
        suspend(connection)
    try:
        yield
    finally:
        if connection.vendor == "postgresql":
            switch("ENABLE")
        else:
            sync(connection, kinds)
        rebuild(connection, kinds)


def sync(connection, kinds=None, dialect=None):
    """Create or replace the functions and triggers for `kinds` (default: all available);
    `dialect` (default: `dialect_for(connection)`) for a migration that is about to drop
    columns the current one would read."""
    kinds = available_kinds(connection) if kinds is None else kinds
    extras = present_extras(connection)
    dialect = dialect or dialect_for(connection)
    if connection.vendor == "postgresql":
        _run(connection, _pg_statements(kinds, extras, dialect))
    elif connection.vendor == "sqlite":
        _run(connection, _sqlite_fts_triggers() + _sqlite_statements(kinds, extras, dialect))
    _drop_stale(connection, kinds)


def index_kinds(connection, kinds):
    """What a migration that adds `kinds` does. PostgreSQL: triggers now, then index the
    existing rows. SQLite: nothing yet, since triggers on other tables must not exist while
    migrations run (see apps.py); the post-migrate `ensure()` creates them and indexes."""
    if connection.vendor == "postgresql":
        sync(connection, available_kinds(connection, including=kinds))
        rebuild(connection, kinds)


def _drop_stale(connection, kinds):
    """Drop triggers no kind needs any more (a kind's migration was reversed)."""
    stale = {
        (table, name) for table, name in existing_triggers(connection) if name.startswith("search_")
    } - expected_triggers(connection, kinds)
    if connection.vendor == "postgresql":
        _run(connection, [f"DROP TRIGGER IF EXISTS {name} ON {table}" for table, name in stale])
    else:
        _run(connection, [f"DROP TRIGGER IF EXISTS {name}" for _, name in stale])


def rebuild(connection, kinds=None):
    """Re-derive every index row of `kinds` from the source tables."""
    kinds = available_kinds(connection) if kinds is None else kinds
    dialect = dialect_for(connection)
    extras = present_extras(connection)
    statements = []
    for kind in kinds:
        statements += [
            _delete_orphans(kind, dialect.true()),
            _upsert(kind, dialect, dialect.true(), extras),
        ]
    if connection.vendor == "sqlite":
        statements.append("INSERT INTO search_fts(search_fts) VALUES ('rebuild')")
        _run(connection, statements)
        return
    # PostgreSQL: the GIN indexes queue the rows' entries for the length of the rebuild and
    # merge them in one pass at its end; fresh statistics for the planner's estimates
    # (`search_estimate`), which a bulk load changes and autovacuum may not refresh.
    direct = _direct_gin_indexes(connection) if connection.vendor == "postgresql" else []
    direct_gin_updates(connection, on=False, names=direct)
    _run(connection, statements)
    direct_gin_updates(connection, on=True, names=direct)
    if connection.vendor == "postgresql":
        _run(connection, ["ANALYZE search_document"])


def unsync(connection, kinds):
    """Reverse of a migration that added `kinds`: triggers for the others only, rows gone."""
    if connection.vendor == "postgresql":
        sync(connection, available_kinds(connection, excluding=kinds))
    else:
        suspend(connection)  # the post-migrate ensure() re-creates what the other kinds need
    names = ", ".join(f"'{kind.name}'" for kind in kinds)
    _run(connection, [f"DELETE FROM search_document WHERE kind IN ({names})"])


def ensure(connection):
    """After migrate: put back any missing trigger (and then re-index); refresh functions."""
    if connection.vendor not in ("postgresql", "sqlite"):
        return
    if "search_document" not in connection.introspection.table_names():
        return
    kinds = available_kinds(connection)
    if not kinds:
        return
    missing = expected_triggers(connection, kinds) - existing_triggers(connection)
    if missing:
        sync(connection, kinds)
        rebuild(connection, kinds)
    elif connection.vendor == "postgresql":
        # Function bodies follow the code (no table lock needed to replace them).
        _run(
            connection,
            [
                s
                for s in _pg_statements(kinds, present_extras(connection), dialect_for(connection))
                if s.startswith("CREATE OR REPLACE FUNCTION")
            ],
        )
