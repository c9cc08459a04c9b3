"""What the site search indexes: one `Kind` per searchable type.

Adding a type is small: write its `source` (a SELECT that yields one index row per item),
name the other tables it reads (`reads`; its own `table` is implied) and the items that credit
a person (`credited`: both the author filter and the dependency on people), say how it is
filtered by topic, and add a migration that calls `schema.index_kinds` after the app's tables
exist.

SQL here is plain and shared by PostgreSQL and SQLite; the few differences (string
aggregation, stripping HTML) go through the `Dialect` helpers.
"""

from dataclasses import dataclass

from django.apps import apps
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

# Tables of names an editor types in English and Russian (`name`, `name_ru`: core.vocabulary).
BILINGUAL_TABLES = frozenset(
    {
        "articles_topic",
        "events_lecturetopic",
        "events_series",
        "podcasts_series",
        "resources_topic",
    }
)


class Dialect:
    def __init__(self, vendor, bilingual=BILINGUAL_TABLES):
        self.vendor = vendor
        # The tables of BILINGUAL_TABLES that have their `name_ru` column yet (a migration
        # from before the apps' vocabulary migrations sees them without it).
        self.bilingual = bilingual

    def name(self, alias, table):
        """Both names of a row of `table` ("Elections Выборы"), so either finds it."""
        if table in self.bilingual:
            return f"trim({alias}.name || ' ' || {alias}.name_ru)"
        return f"{alias}.name"

    def named(self, table, column):
        """The name of the row of `table` that `src.<column>` refers to (both names, as `name`
        gives them), '' when it refers to none."""
        row = f"SELECT {self.name('r', table)} FROM {table} r WHERE r.id = src.{column}"
        return f"coalesce(({row}), '')"

    def joined(self, expr, from_where, order):
        """Comma-separated values of `expr` from a correlated subquery, '' when there are none."""
        if self.vendor == "postgresql":
            return f"coalesce((SELECT string_agg({expr}, ', ' ORDER BY {order}) {from_where}), '')"
        return (
            f"coalesce((SELECT group_concat(x, ', ') FROM "
            f"(SELECT {expr} AS x {from_where} ORDER BY {order})), '')"
        )

    def plain(self, expr):
        """Text of stored (sanitised) HTML. SQLite has no regexp_replace: snippets are cleaned
        in Python there, and FTS5's tokenizer ignores the markup's punctuation."""
        if self.vendor != "postgresql":
            return f"coalesce({expr}, '')"
        text = f"regexp_replace(coalesce({expr}, ''), '<[^>]*>', ' ', 'g')"
        for entity, char in [
            ("&nbsp;", " "),
            ("&lt;", "<"),
            ("&gt;", ">"),
            ("&quot;", '"'),
            ("&#39;", "''"),
            ("&#x27;", "''"),
            ("&amp;", "&"),
        ]:
            text = f"replace({text}, '{entity}', '{char}')"
        return text

    def true(self):
        return "true" if self.vendor == "postgresql" else "1"

    def year_start(self, year):
        """Noon UTC on 1 January of `year` (an integer expression; NULL stays NULL): how an item
        dated only by its year (a book, a syllabus's term) is stored."""
        if self.vendor == "postgresql":
            return f"make_timestamptz({year}, 1, 1, 12, 0, 0, 'UTC')"
        return (
            f"(CASE WHEN {year} IS NULL THEN NULL ELSE printf('%04d-01-01 12:00:00', {year}) END)"
        )

    def year_in(self, text):
        """The first year (19xx or 20xx) written in `text` ("Fall 2022" -> 2022), else NULL."""
        if self.vendor == "postgresql":
            return f"CAST(substring({text} from '(?:19|20)[0-9][0-9]') AS integer)"
        found = [
            f"WHEN substr({text}, instr({text}, '{c}'), 4) GLOB '{c}[0-9][0-9]' "
            f"THEN CAST(substr({text}, instr({text}, '{c}'), 4) AS INTEGER)"
            for c in ("20", "19")
        ]
        return f"(CASE {' '.join(found)} END)"

    def noon_utc(self, expr):
        """A date column as a time: noon UTC, the same calendar day from UTC−11 to UTC+11,
        so the site's zone shows the date as stored and the year filter keeps it."""
        if self.vendor == "postgresql":
            return f"(({expr} + time '12:00') AT TIME ZONE 'UTC')"
        return f"({expr} || ' 12:00:00')"


@dataclass(frozen=True)
class Dependency:
    """Rows of `table` changed: `column` of those rows names affected items directly, or
    `via` (SQL with `{ids}`) maps the column's values to affected item ids."""

    table: str
    column: str = "id"
    via: str | None = None


@dataclass(frozen=True)
class Kind:
    name: str
    label: str
    plural: str
    app_name: str  # the installed app (INSTALLED_APPS entry) whose table it indexes
    table: str
    url_name: str | None
    # callable(Dialect) -> the SELECT list of the index columns (COLUMNS, in order) for one row
    # of `table`, aliased `src`; `extra` (callable(Dialect) -> {column: expression}) gives the
    # EXTRA_COLUMNS it fills (the others are '').
    source: object
    # The other tables the source reads, each a Dependency: how a change of its rows maps to the
    # affected items. The kind's own `table` comes first, members_person last (`credited`).
    reads: tuple = ()
    # SQL with `{ids}` (person ids) selecting the ids of the items that credit those people
    # (authors, hosts and guests, speakers …): the search's author filter, and how a change of
    # a person (a new name) reaches the index.
    credited: str | None = None
    topic_sql: str | None = None  # SQL with one %s (topic id) selecting item ids
    has_category: bool = False
    has_language: bool = False
    has_date: bool = True  # False: published_at is only the record's creation (people)
    # True: published_at is when the item happens (an event's start), not a publication time
    # before which it is hidden; public rows are found before that time too.
    future_visible: bool = False
    # When `published_at` is not the publication time (events, lectures): SQL with %(now)s
    # selecting the ids of items whose publication time has not come (scheduled: hidden).
    scheduled_sql: str | None = None
    # The search migration that adds this kind to the index, or the later one after which its
    # source matches its tables (required): before it has run, the kind has no triggers.
    migration: str = ""
    # Ranking (see backends.py and docs/ARCHITECTURE.md, "Search"): how much a match in an
    # item of this kind is worth against the same match in an article (1.0).
    weight: float = 1.0
    extra: object = None
    # callable(slug) -> the item's address, when it is not `url_name` with the slug
    link: object = None

    @property
    def dependencies(self):
        people = (Dependency("members_person", via=self.credited),) if self.credited else ()
        return (Dependency(self.table), *self.reads, *people)

    @property
    def tables(self):
        """Every table the source reads."""
        return tuple(dict.fromkeys(dependency.table for dependency in self.dependencies))

    @property
    def author_sql(self):
        """SQL with %s (a person id) selecting the ids of the items that credit the person."""
        return self.credited.format(ids="%s") if self.credited else None

    def url(self, slug):
        if self.link:
            return self.link(slug)
        return reverse(self.url_name, kwargs={"slug": slug})

    def extra_columns(self, dialect):
        given = self.extra(dialect) if self.extra else {}
        return [given.get(column, "''") for column in EXTRA_COLUMNS]


COLUMNS = (
    "kind",
    "object_id",
    "slug",
    "title",
    "authors",
    "topics",
    "summary",
    "body",
    "language",
    "is_public",
    "published_at",
    "category_id",
)
# Columns added after the first kinds' migrations (search 0011): a migration run before them
# writes only the columns the table has (see schema._upsert).
EXTRA_COLUMNS = (
    "time_zone",  # an event's own zone: its date and time are shown there
    "date_label",  # how the date reads when it is not a day: a book's year, a syllabus's term
)


def article_source(d):
    authors = d.joined(
        "p.name",
        "FROM articles_byline b JOIN members_person p ON p.id = b.person_id "
        "WHERE b.article_id = src.id",
        'b."order", b.id',
    )
    topics = d.joined(
        d.name("t", "articles_topic"),
        "FROM articles_taggedarticle ta JOIN articles_topic t ON t.id = ta.tag_id "
        "WHERE ta.content_object_id = src.id",
        "t.name",
    )
    return (
        f"SELECT 'article', src.id, src.slug, src.title, {authors}, {topics}, "
        "src.summary, "
        f"{d.plain('src.body')}, src.language, src.status = 'published', src.published_at, "
        f"src.category_id"
    )


def person_source(d):
    # Public profile fields only: never email, notes or membership notes.
    details = "trim(src.position || ' ' || src.affiliation || ' ' || src.city)"
    return (
        f"SELECT 'person', src.id, src.slug, src.name, '', '', {details}, {d.plain('src.bio')}, "
        f"'', {d.true()}, src.created, NULL"
    )


ARTICLE = Kind(
    name="article",
    label=_("Article"),
    plural=_("Articles"),
    app_name="articles",
    table="articles_article",
    url_name="articles:detail",
    source=article_source,
    reads=(
        Dependency("articles_byline", "article_id"),
        Dependency("articles_taggedarticle", "content_object_id"),
        Dependency(
            "articles_topic",
            via="SELECT content_object_id FROM articles_taggedarticle WHERE tag_id IN ({ids})",
        ),
    ),
    credited="SELECT article_id FROM articles_byline WHERE person_id IN ({ids})",
    topic_sql="SELECT content_object_id FROM articles_taggedarticle WHERE tag_id = %s",
    has_category=True,
    has_language=True,
    migration="0002_index_articles_people",
)

PERSON = Kind(
    name="person",
    label=_("Person"),
    plural=_("People"),
    app_name="members",
    table="members_person",
    url_name="members:person",
    source=person_source,
    has_date=False,
    migration="0002_index_articles_people",
    weight=0.3,
)


def episode_source(d):
    people = d.joined(
        "p.name",
        "FROM members_person p LEFT JOIN podcasts_episodeguest g ON g.person_id = p.id "
        "AND g.episode_id = src.id WHERE p.id = src.host_id OR g.id IS NOT NULL",
        'g.id IS NOT NULL, g."order", g.id',
    )
    series = d.named("podcasts_series", "series_id")
    return (
        f"SELECT 'episode', src.id, src.slug, src.title, {people}, {series}, src.summary, "
        f"{d.plain('src.show_notes')} || ' ' || src.transcript, 'en', src.status = 'published', "
        f"src.published_at, NULL"
    )


EPISODE = Kind(
    name="episode",
    label=_("Podcast episode"),
    plural=_("Podcast episodes"),
    app_name="podcasts",
    table="podcasts_episode",
    url_name="podcasts:episode",
    source=episode_source,
    reads=(
        Dependency("podcasts_episodeguest", "episode_id"),
        Dependency(
            "podcasts_series", via="SELECT id FROM podcasts_episode WHERE series_id IN ({ids})"
        ),
    ),
    credited="SELECT id FROM podcasts_episode WHERE host_id IN ({ids}) "
    "UNION SELECT episode_id FROM podcasts_episodeguest WHERE person_id IN ({ids})",
    migration="0003_index_episodes",
    weight=0.85,
)


def resource_kind(name, label, plural, url_name, fk, summary, body, year, date_label, weight):
    """Books and syllabi (resources app): ordered people through a credits table, m2m topics.

    The search form's topic is an article topic; a resource matches it by the same slug."""
    table, credits, topics = (
        f"resources_{name}",
        f"resources_{name}{'author' if name == 'book' else 'instructor'}",
        f"resources_{name}_topics",
    )

    def published(d):
        # Dated by its year (a book's publication, a syllabus's term), not by when its record
        # was made; the record's time only when no year can be read.
        return f"coalesce({d.year_start(year(d))}, src.published_at)"

    def source(d):
        people = d.joined(
            "p.name",
            f"FROM {credits} c JOIN members_person p ON p.id = c.person_id WHERE c.{fk} = src.id",
            'c."order", c.id',
        )
        topic_names = d.joined(
            d.name("t", "resources_topic"),
            f"FROM {topics} bt JOIN resources_topic t ON t.id = bt.topic_id WHERE bt.{fk} = src.id",
            "t.name",
        )
        return (
            f"SELECT '{name}', src.id, src.slug, src.title, {people}, {topic_names}, {summary}, "
            f"{body}, 'en', src.status = 'published', {published(d)}, NULL"
        )

    return Kind(
        name=name,
        label=label,
        plural=plural,
        app_name="resources",
        table=table,
        url_name=url_name,
        source=source,
        reads=(
            Dependency(credits, fk),
            Dependency(topics, fk),
            Dependency(
                "resources_topic", via=f"SELECT {fk} FROM {topics} WHERE topic_id IN ({{ids}})"
            ),
        ),
        credited=f"SELECT {fk} FROM {credits} WHERE person_id IN ({{ids}})",
        topic_sql=f"SELECT bt.{fk} FROM {topics} bt JOIN resources_topic t ON t.id = bt.topic_id "
        "WHERE t.slug = (SELECT slug FROM articles_topic WHERE id = %s)",
        migration="0004_index_books_syllabi",
        weight=weight,
        extra=lambda d: {"date_label": date_label},
    )


BOOK = resource_kind(
    "book",
    _("Book"),
    _("Books"),
    "resources:book",
    "book_id",
    summary="trim(src.publisher || ' ' || CAST(src.year AS TEXT) || ' ' || src.prizes)",
    body="src.description",
    year=lambda d: "src.year",
    date_label="CAST(src.year AS TEXT)",
    weight=0.4,
)
SYLLABUS = resource_kind(
    "syllabus",
    _("Course syllabus"),
    _("Course syllabi"),
    "resources:syllabus",
    "syllabus_id",
    summary="trim(src.institution || ' ' || src.term || ' ' || src.level)",
    body="src.summary",
    year=lambda d: d.year_in("src.term"),
    date_label="src.term",
    weight=0.4,
)


def event_source(d):
    # Speakers, then moderators, each in their order on the event's page.
    people = d.joined(
        "p.name",
        "FROM events_participant c JOIN members_person p ON p.id = c.person_id "
        "WHERE c.event_id = src.id",
        "c.role = 'moderator', c.\"order\", c.id",
    )
    series = d.named("events_series", "series_id")
    # A cancelled event's page stays public and says so in its title; so does its result.
    title = "CASE WHEN src.status = 'cancelled' THEN 'Cancelled: ' || src.title ELSE src.title END"
    return (
        f"SELECT 'event', src.id, src.slug, {title}, {people}, {series}, src.summary, "
        f"{d.plain('src.description')}, 'en', src.status IN ('published', 'cancelled'), "
        f"src.start, NULL"
    )


EVENT = Kind(
    name="event",
    label=_("Event"),
    plural=_("Events"),
    app_name="events",
    table="events_event",
    url_name="events:detail",
    source=event_source,
    reads=(
        Dependency("events_participant", "event_id"),
        Dependency("events_series", via="SELECT id FROM events_event WHERE series_id IN ({ids})"),
    ),
    credited="SELECT event_id FROM events_participant WHERE person_id IN ({ids})",
    future_visible=True,  # dated by its start: upcoming events are found
    scheduled_sql="SELECT id FROM events_event WHERE published_at > %(now)s",
    migration="0007_index_events",
    weight=0.75,
    extra=lambda d: {"time_zone": "src.time_zone"},
)


def lecture_source(d):
    lecturer = d.named("members_person", "lecturer_id")
    topic = d.named("events_lecturetopic", "topic_id")
    return (
        f"SELECT 'lecture', src.id, src.slug, src.title, {lecturer}, {topic}, src.summary, '', "
        f"'en', src.status = 'published', {d.noon_utc('src.recorded_on')}, NULL"
    )


LECTURE = Kind(
    name="lecture",
    label=_("Online Academy lecture"),
    plural=_("Online Academy lectures"),
    app_name="events",
    table="events_lecture",
    url_name="academy:lecture",
    source=lecture_source,
    reads=(
        Dependency(
            "events_lecturetopic", via="SELECT id FROM events_lecture WHERE topic_id IN ({ids})"
        ),
    ),
    credited="SELECT id FROM events_lecture WHERE lecturer_id IN ({ids})",
    scheduled_sql="SELECT id FROM events_lecture WHERE published_at > %(now)s",
    # The search form's topic is an article topic; a lecture matches it by the same slug.
    topic_sql="SELECT l.id FROM events_lecture l JOIN events_lecturetopic t ON t.id = l.topic_id "
    "WHERE t.slug = (SELECT slug FROM articles_topic WHERE id = %s)",
    migration="0009_lectures_status",  # reads `status` (events 0006), no longer `is_published`
    weight=0.8,
)


def hub_source(d):
    topic = "coalesce((SELECT t.name FROM resources_topic t WHERE t.id = src.topic_id), '')"
    slug = "coalesce((SELECT t.slug FROM resources_topic t WHERE t.id = src.topic_id), '')"
    return (
        f"SELECT 'hub', src.id, {slug}, src.title, '', {topic}, src.annotation, src.url, 'en', "
        "src.status = 'published', src.published_at, NULL"
    )


def hub_link(topic_slug):
    return reverse("resources:hub") + f"#topic-{topic_slug}"


HUB = Kind(
    name="hub",
    label=_("Knowledge Hub entry"),
    plural=_("Knowledge Hub entries"),
    app_name="resources",
    table="resources_hubentry",
    url_name=None,
    link=hub_link,  # its place on the Knowledge Hub page, under its topic
    source=hub_source,
    reads=(
        Dependency(
            "resources_topic", via="SELECT id FROM resources_hubentry WHERE topic_id IN ({ids})"
        ),
    ),
    migration="0011_dates_hub_pages",
    weight=0.7,
)


def page_source(d):
    # The editable pages (django.contrib.flatpages): public unless they require signing in;
    # a page under /ru/ is in Russian.
    return (
        "SELECT 'page', src.id, src.url, src.title, '', '', '', "
        f"{d.plain('src.content')}, CASE WHEN src.url LIKE '/ru/%' THEN 'ru' ELSE 'en' END, "
        "NOT src.registration_required, NULL, NULL"
    )


PAGE = Kind(
    name="page",
    label=_("Page"),
    plural=_("Pages"),
    app_name="django.contrib.flatpages",
    table="django_flatpage",
    url_name=None,
    link=lambda url: url,  # a page's slug in the index is its address
    source=page_source,
    has_date=False,
    migration="0011_dates_hub_pages",
    weight=0.7,
)

# Display order of the type filter.
ALL_KINDS = [ARTICLE, EPISODE, EVENT, LECTURE, BOOK, SYLLABUS, HUB, PAGE, PERSON]


def registered():
    """Kinds whose app is installed, in display order."""
    return [kind for kind in ALL_KINDS if apps.is_installed(kind.app_name)]


def by_name():
    return {kind.name: kind for kind in registered()}
