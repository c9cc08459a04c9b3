"""One search interface, two backends chosen by the database vendor.

    results = search(text, filters)      # a lazy, sliceable result list for Paginator
    results.count(); results[0:20]       # -> [Hit, ...], best first
    results.suggestion()                 # -> (name, slug) of a person the reader may mean

PostgreSQL: generated per-language tsvectors with word pairs (GIN), websearch_to_tsquery with the
item's own configuration (english / russian / simple), ts_rank × recency, ts_headline,
pg_trgm word similarity for names. SQLite: FTS5 (porter + unicode61, accents removed),
bm25 × recency, snippet()/highlight(), Russian words as prefixes of a crude stem.

PostgreSQL, one search page (median 17-25 ms, p95 37-47 ms on 100,000 articles and 10,000
people, two cores at load 7-8: `manage.py search_benchmark`), at most four statements:

1. the tsqueries: `websearch_to_tsquery` per configuration, the planner's estimate of each
   one's matches (`search_estimate`), word pairs of quoted phrases; sets the trigram threshold.
2. the candidates (`PostgresSearch`): per language the newest `SEARCH_MAX_CANDIDATES` matches,
   through the GIN index (rare words; a phrase through its word pairs only) or along the
   newest-first index (common words), plus people with a similar name — only when the filters
   let people be results. With a type filter, a second one for that type when other types'
   candidates crowd it out.
3. the page: the candidates ranked, `ts_headline` for the page's rows, on a window of the body
   found with one case-insensitive regular expression.
4. "Did you mean", only when the candidates do not answer it: not when their similar-name
   branch compared every name and found none, nor when every word is found in more documents
   than the cap.

The GIN indexes take entries directly (no pending list, migration 0013): with a pending list
each search read it in full until a VACUUM, which was most of a search's time.
"""

import datetime
import difflib
import html
import re
import zoneinfo
from dataclasses import dataclass, field

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django.utils.formats import date_format, time_format
from django.utils.html import escape
from django.utils.safestring import mark_safe

from . import query as q
from . import schema
from .kinds import by_name

START, STOP = "\x02", "\x03"
# Trigram word similarity above which a person's name is offered as "Did you mean …?"
# ("lipmen" ~ "maria lipman" is 0.57; unrelated words score below 0.3).
SUGGESTION_THRESHOLD = 0.5
# Characters of the body given to ts_headline (enough for two 28-word fragments), and how many
# of them come before the first match.
SNIPPET_WINDOW, SNIPPET_LEAD = 700, 150
TAG = re.compile(r"<[^>]*>")
PARTIAL_TAG_START = re.compile(r"^[^<]*?>")
PARTIAL_TAG_END = re.compile(r"<[^>]*$")


def marked_html(text):
    """Escape `text` and turn the backend's highlight markers into <mark> elements."""
    text = text or ""
    if text.count(START) != text.count(STOP):
        text = text.replace(START, "").replace(STOP, "")
    return mark_safe(escape(text).replace(START, "<mark>").replace(STOP, "</mark>"))


def html_fragment_text(fragment):
    """Plain text of a piece of cut-out HTML (SQLite snippets are cut from stored HTML)."""
    fragment = PARTIAL_TAG_END.sub(" ", PARTIAL_TAG_START.sub(" ", fragment, count=1))
    return re.sub(r"\s+", " ", html.unescape(TAG.sub(" ", fragment))).strip()


@dataclass
class Filters:
    kinds: list = field(default_factory=list)
    category_id: int | None = None
    topic_id: int | None = None
    author_id: int | None = None
    year: int | None = None
    language: str = ""

    @property
    def active(self):
        return bool(
            self.kinds
            or self.category_id
            or self.topic_id
            or self.author_id
            or self.year
            or self.language
        )


# --- ranking (docs/ARCHITECTURE.md, "Search: ranking") ------------------------------------------
#
# Results are ordered by (1) the title tier: 2 when the title (a person's name) is what was typed
# (`exact_title`), 1 when every typed word is in the title, else 0; then (2) the score
#     kind weight × text factor × recency
# where the kind weight is `Kind.weight` (articles 1.0 … people 0.3), the text factor
# 0.5 + 0.5 × t / (t + K) squeezes the backend's text score t (ts_rank or −bm25, which weigh the
# title, then summary/authors/topics, then the body) into [0.5, 1), so a better text match
# counts but cannot turn a mere mention in a book into a better result than an article; and the
# recency 0.8 + 0.2 / (1 + age in years) breaks ties towards newer items (undated kinds: 0.9).
TEXT_HALF = {"postgresql": 0.1, "sqlite": 4.0}  # K: the text score that earns 0.75
RECENCY_FLOOR, UNDATED_RECENCY = 0.8, 0.9


def title_words(text):
    return q.WORD.findall(q.normalise(html.unescape(text or "")))


def exact_title(title, wanted):
    """Whether `title` is what the reader typed (`wanted`: the typed words, normalised, joined
    by spaces): the same words, or those of the title before its subtitle (“Title: subtitle”)."""
    if not wanted or not title:
        return False
    words = " ".join(title_words(title))
    main = " ".join(title_words(title.split(":", 1)[0])) if ":" in title else None
    return wanted in (words, main)


def kind_weights_sql():
    cases = " ".join(f"WHEN '{k.name}' THEN {k.weight}" for k in by_name().values())
    return f"(CASE d.kind {cases} ELSE 1.0 END)"


def text_factor_sql(text, vendor):
    return f"(0.5 + 0.5 * ({text}) / (({text}) + {TEXT_HALF[vendor]}))"


@dataclass
class Hit:
    kind: object
    object_id: int
    slug: str
    title: str
    snippet: str
    authors: str
    language: str
    published_at: object
    category_id: int | None
    score: float
    time_zone: str = ""
    date_label: str = ""

    @property
    def url(self):
        return self.kind.url(self.slug)

    @property
    def date_attr(self):
        """The `<time datetime>` value: a year, a day, or (events) a time to the minute in the
        event's own zone; '' for undated kinds."""
        if not self.kind.has_date or self.published_at is None:
            return ""
        if self.date_label:
            return str(self.published_at.year)
        if self.time_zone:
            return self._local().isoformat(timespec="minutes")
        return timezone.localdate(self.published_at).isoformat()

    @property
    def date_text(self):
        """The date as a reader means it: a book's year, a syllabus's term, an event's start in
        its own zone, else the day of publication in the site's zone."""
        if not self.date_attr:
            return ""
        if self.date_label:
            return self.date_label
        if self.time_zone:
            from events.models import zone_label

            local = self._local()
            when = f"{date_format(local, 'DATE_FORMAT')}, {time_format(local, 'TIME_FORMAT')}"
            return f"{when} ({zone_label(self.time_zone)})"
        # In the language's own date format ("May 11, 2026", "11 мая 2026 г.").
        return date_format(timezone.localtime(self.published_at), "DATE_FORMAT")

    def _local(self):
        try:
            return self.published_at.astimezone(zoneinfo.ZoneInfo(self.time_zone))
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            return timezone.localtime(self.published_at)


class BaseSearch:
    def __init__(self, text, filters=None, now=None):
        self.parsed = q.parse(text)
        self.filters = filters or Filters()
        self.now = now or timezone.now()
        self._count = None

    # What the reader asked for: words (ranked) or only filters (newest first).
    @property
    def browsing(self):
        return self.parsed.is_empty and self.filters.active

    @property
    def runnable(self):
        return not self.parsed.is_empty or self.filters.active

    def _dt(self, value):
        return connection.ops.adapt_datetimefield_value(value)

    def wanted_words(self):
        """The typed words, normalised, for `exact_title` ('' when the query has alternatives)."""
        if any(len(group) > 1 for group in self.parsed.groups):
            return ""
        return " ".join(w for w in title_words(" ".join(self.parsed.words)))

    def _where(self, all_kinds=False):
        """Visibility and filters, shared by both backends; `all_kinds`: leave out the type
        filter (the counts per kind are for every type)."""
        where, params, _ = self._where_kinds(all_kinds)
        return where, params

    def _where_kinds(self, all_kinds=False):
        """`_where()` and the names of the kinds it admits."""
        f = self.filters
        kinds = by_name()
        # Scheduled items wait for their time; events (dated by their start) do not.
        future = ", ".join(f"'{k.name}'" for k in kinds.values() if k.future_visible)
        clauses = [
            "d.is_public = %(true)s",
            "(d.published_at IS NULL OR d.published_at <= %(now)s"
            + (f" OR d.kind IN ({future}))" if future else ")"),
        ]
        params = {"true": True, "now": self._dt(self.now)}
        # Kinds dated by something else than their publication time: scheduled ones wait too.
        clauses += [
            f"NOT (d.kind = '{k.name}' AND d.object_id IN ({k.scheduled_sql}))"
            for k in kinds.values()
            if k.scheduled_sql
        ]
        wanted = [k for k in kinds.values() if all_kinds or not f.kinds or k.name in f.kinds]
        if f.category_id:
            wanted = [k for k in wanted if k.has_category]
            clauses.append("d.category_id = %(category)s")
            params["category"] = f.category_id
        if f.language:
            wanted = [k for k in wanted if k.has_language]
            clauses.append("d.language = %(language)s")
            params["language"] = f.language
        if f.year:
            wanted = [k for k in wanted if k.has_date]
            tz = timezone.get_current_timezone()
            clauses.append("d.published_at >= %(year_start)s AND d.published_at < %(year_end)s")
            params["year_start"] = self._dt(datetime.datetime(f.year, 1, 1, tzinfo=tz))
            params["year_end"] = self._dt(datetime.datetime(f.year + 1, 1, 1, tzinfo=tz))
        for name, value, attr in (
            ("topic", f.topic_id, "topic_sql"),
            ("author", f.author_id, "author_sql"),
        ):
            if value:
                wanted = [k for k in wanted if getattr(k, attr)]
                params[name] = value
                parts = [
                    f"(d.kind = '{k.name}' AND d.object_id IN "
                    f"({getattr(k, attr).replace('%s', f'%({name})s')}))"
                    for k in wanted
                ]
                clauses.append("(" + " OR ".join(parts or ["1 = 0"]) + ")")
        if not wanted:
            clauses.append("1 = 0")
        elif len(wanted) < len(kinds):
            clauses.append("d.kind IN (" + ", ".join(f"'{k.name}'" for k in wanted) + ")")
        return " AND ".join(clauses), params, {k.name for k in wanted}

    def _fetch(self, sql, params):
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def count(self):
        """Results of the chosen types."""
        if self._count is None:
            counts = self._kind_counts() if self.runnable else {}
            chosen = self.filters.kinds
            self._count = sum(n for kind, n in counts.items() if not chosen or kind in chosen)
        return self._count

    def kind_counts(self):
        """[(kind, count)] of every type with results for the words and the other filters,
        in display order: what narrowing to each type would give."""
        counts = self._kind_counts() if self.runnable else {}
        return [(kind, counts[name]) for name, kind in by_name().items() if counts.get(name)]

    counts_capped = False  # PostgreSQL: counts are of the first SEARCH_MAX_CANDIDATES only

    def __len__(self):
        return self.count()

    def __getitem__(self, item):
        if not isinstance(item, slice):
            return self[item : item + 1][0]
        start, stop = item.start or 0, item.stop
        if not self.runnable or stop is not None and stop <= start:
            return []
        rows = self._run_page(start, (stop - start) if stop is not None else 1000)
        kinds = by_name()
        return [self._hit(kinds, row) for row in rows if row[1] in kinds]

    def _hit(self, kinds, row):
        (
            _id,
            kind,
            object_id,
            slug,
            language,
            published_at,
            category_id,
            authors,
            score,
            title,
            snippet,
            summary,
            time_zone,
            date_label,
        ) = row
        if isinstance(published_at, str):  # SQLite returns raw text from a raw query
            published_at = _parse_sqlite_datetime(published_at)
        elif published_at is not None and timezone.is_naive(published_at):  # SQLite: UTC
            published_at = timezone.make_aware(published_at, datetime.UTC)
        snippet_html = marked_html(snippet) if snippet and snippet.strip() else marked_html(summary)
        return Hit(
            kinds[kind],
            object_id,
            slug,
            marked_html(title),
            snippet_html,
            authors,
            language,
            published_at,
            category_id,
            score,
            time_zone or "",
            date_label or "",
        )


def undated_kinds():
    """SQL list of kinds whose date is not a publication date (no recency, no year)."""
    return ", ".join(f"'{k.name}'" for k in by_name().values() if not k.has_date) or "''"


def _parse_sqlite_datetime(value):
    from django.utils.dateparse import parse_datetime

    parsed = parse_datetime(value)
    if parsed is not None and timezone.is_naive(parsed):
        parsed = timezone.make_aware(parsed, datetime.UTC)
    return parsed


class PostgresSearch(BaseSearch):
    """Two steps, each served by an index, so a search costs about the same on 100 or 100,000
    documents:

    1. candidates: the ids of the newest `SEARCH_MAX_CANDIDATES` matching documents (the GIN
       index for selective terms, the newest-first index for common ones — the planner picks
       by the term's statistics, which is why the tsqueries are sent as constants), plus people
       whose name is close to what was typed (trigram index) when the filters admit people.
       Fetched once; `count()` is their number; `suggestion()` reads them first.
    2. the page: those ids ranked (ts_rank × recency), then headlines for that page only.
    """

    CONFIGS = (
        "CASE d.language WHEN 'en' THEN 'ponars_en' WHEN 'ru' THEN 'ponars_ru' "
        "ELSE 'ponars_simple' END"
    )
    FUZZY_PEOPLE = 20

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._ids = None
        self._exact = []
        self._counts = {}
        self._queries = None
        self._use_index = {}  # language -> read its matches through the GIN index (see below)
        self._all_names_compared = False  # see `_candidates`
        self._no_close_names = False  # see `suggestion`

    def _tsqueries(self):
        """The reader's query in each language's configuration, as tsquery text: `r_*` to match,
        rank and highlight, and `p_*` the word pairs of its quoted phrases ('' if none)."""
        if self._queries is None:
            phrases = [term for group in self.parsed.groups for term in group if term.phrase]
            pairs = ", ".join(
                f"tsvector_to_array(search_word_pairs(to_tsvector('{schema.pg_config(code)}', "
                f"%(p{i})s)))"
                for code in LANGUAGE_CONFIGS
                for i in range(len(phrases))
            )
            params = {f"p{i}": " ".join(term.words) for i, term in enumerate(phrases)}
            # The same round trip sets this session's threshold of the trigram operator %>.
            row = self._fetch(
                "SELECT "
                + "".join(
                    f"websearch_to_tsquery('{schema.pg_config(code)}', %(q)s)::text, "
                    for code in LANGUAGE_CONFIGS
                )
                + "".join(
                    f"search_estimate('{code}', websearch_to_tsquery('{schema.pg_config(code)}', "
                    "%(q)s)), "
                    for code in LANGUAGE_CONFIGS
                )
                # Each language's number of rows: its newest-first index's (kept by ANALYZE).
                + "ARRAY["
                + ", ".join(
                    "(SELECT reltuples FROM pg_class WHERE oid = "
                    f"to_regclass('{schema.recent_index(code)}'))"
                    for code in LANGUAGE_CONFIGS
                )
                + "], "
                + "set_config('pg_trgm.word_similarity_threshold', %(threshold)s, false)"
                + (f", {pairs}" if pairs else ""),
                {
                    **params,
                    "q": q.websearch_text(self.parsed),
                    "threshold": str(SUGGESTION_THRESHOLD),
                },
            )[0]
            n = len(LANGUAGE_CONFIGS)
            tsqueries, estimates, documents = row[:n], row[n : 2 * n], row[2 * n]
            pair_lists = row[2 * n + 2 :]  # per language, one list per phrase
            self._queries = {}
            for i, (code, suffix) in enumerate(LANGUAGE_CONFIGS.items()):
                ranked, matches = tsqueries[i], estimates[i]
                own_pairs = pair_lists[i * len(phrases) : (i + 1) * len(phrases)]
                term_pairs = dict(zip(map(id, phrases), own_pairs, strict=True))
                # A newest-first scan tests ~cap × the language's rows / matches vectors (each
                # read from TOAST); the GIN index visits each match's row once (no vector
                # read). Take the index when that is cheaper (a vector read costs ~3 row
                # visits). The language's own rows, not the table's: "россия" is in nearly
                # every Russian document, so a walk finds 200 after ~200, where the index
                # visited all 5,000.
                rows = documents[i] or 0
                self._use_index[code] = bool(
                    matches is not None
                    and matches**2 < 3 * settings.SEARCH_MAX_CANDIDATES * max(rows, 1)
                )
                self._queries[f"r_{suffix}"] = ranked
                self._queries[f"p_{suffix}"] = (
                    _pairs_query(self.parsed.groups, term_pairs) if ranked else ""
                )
        return self._queries

    def _tsquery(self):
        return (
            "CASE d.language WHEN 'en' THEN %(r_en)s::tsquery WHEN 'ru' THEN %(r_ru)s::tsquery "
            "ELSE %(r_simple)s::tsquery END"
        )

    def _fuzzy(self):
        """People whose name is close to a short query (a misspelt name still finds them)."""
        return len(self.parsed.words) <= 3 and not self.parsed.excluded

    def _match(self, language=None, walk=False):
        """Rows of `language` (default: any) whose vector matches the query (and, for a
        phrase, whose word pairs include the phrase's); `walk`: for a walk down the
        newest-first index (the vector's GIN index not offered to the planner)."""
        languages = LANGUAGE_CONFIGS if language is None else [language]
        queries = self._tsqueries()
        conditions = []
        for code in languages:
            suffix = LANGUAGE_CONFIGS[code]
            vector, ranked = f"d.{schema.LANGUAGE_COLUMNS[code]}", f"%(r_{suffix})s::tsquery"
            if queries[f"p_{suffix}"]:
                # The pairs find the few rows with the phrase; `@@` written as its function is
                # no index condition, so the planner does not AND in the vector's GIN bitmap
                # of every row with both words (43,000 of 100,000 for two common words: 15 ms).
                condition = (
                    f"d.{schema.language_condition(code)} AND ts_match_vq({vector}, {ranked}) "
                    f"AND d.{schema.PAIR_COLUMNS[code]} @@ %(p_{suffix})s::tsquery"
                )
            elif walk:
                # Not `@@`: the planner multiplies the selectivities of the language and of the
                # words as if unrelated (the vector is NULL outside its language), expects a
                # fraction of the real matches and reads them all through the GIN index
                # ("россия": 5,000 rows, where the walk stops after ~200).
                condition = (
                    f"d.{schema.language_condition(code)} AND ts_match_vq({vector}, {ranked})"
                )
            else:
                condition = f"d.{schema.language_condition(code)} AND {vector} @@ {ranked}"
            conditions.append(f"({condition})")
        return "(" + " OR ".join(conditions) + ")"

    def _name_text(self):
        """What the trigram searches for names compare: the typed words, normalised (the
        websearch text when the query has alternatives, so the fuzzy people match as before)."""
        if any(len(group) > 1 for group in self.parsed.groups):
            return q.websearch_text(self.parsed)
        return q.normalise(" ".join(self.parsed.words))

    def _candidates(self, all_kinds=True):
        """SQL for the candidates, grouped by kind: (kind, count, ids, titles)."""
        where, params, admitted = self._where_kinds(all_kinds=all_kinds)
        params["cap"] = settings.SEARCH_MAX_CANDIDATES
        newest = "ORDER BY d.published_at DESC NULLS FIRST LIMIT %(cap)s"
        if self.parsed.is_empty:
            sql = f"SELECT d.id, d.kind, d.title FROM search_document d WHERE {where} {newest}"
            return _grouped(sql), params
        params.update(self._tsqueries())
        # One branch per language, so each is planned with its own column's statistics (the
        # GIN index for a rare word, the language's newest-first index for a common one).
        languages = [self.filters.language] if self.filters.language else LANGUAGE_CONFIGS
        # A branch whose words are rare enough reads all its matches through the GIN index
        # (OFFSET 0 keeps the planner from walking the newest-first index instead).
        branches = []
        for code in languages:
            matches = (
                f"SELECT d.id, d.published_at, d.kind, d.title FROM search_document d "
                f"WHERE {where} AND {self._match(code, walk=not self._use_index[code])}"
            )
            if self._use_index[code]:
                matches = (
                    f"SELECT d.id, d.published_at, d.kind, d.title FROM ({matches} OFFSET 0) d"
                )
            branches.append(f"({matches} {newest})")
        branches = " UNION ALL ".join(branches)
        sql = (
            f"SELECT m.id, m.kind, m.title FROM ({branches}) m "
            "ORDER BY m.published_at DESC NULLS FIRST LIMIT %(cap)s"
        )
        # Similar names only where people can be results (a type, year or language filter
        # that leaves them out would still pay for the trigram scan, ~10-25 ms on 10,000 names).
        fuzzy = self._fuzzy() and "person" in admitted
        if all_kinds:
            # The fuzzy branch saw every public person with the words `suggestion()` compares
            # (people are dated by their creation, always past; a person-admitting filter is a
            # type filter, which `all_kinds` leaves out): no person among the candidates then
            # means no name is close enough to suggest.
            f = self.filters
            self._all_names_compared = (
                fuzzy
                and not self.parsed.excluded
                and not any(len(group) > 1 for group in self.parsed.groups)
                and not (f.category_id or f.topic_id or f.author_id or f.year or f.language)
            )
        if fuzzy:
            params.update(typed=self._name_text(), fuzzy_cap=self.FUZZY_PEOPLE)
            sql = (
                f"({sql}) UNION (SELECT d.id, d.kind, d.title FROM search_document d "
                f"WHERE {where} AND d.kind = 'person' "
                "AND search_unaccent(lower(d.title)) %%> search_unaccent(lower(%(typed)s)) "
                "LIMIT %(fuzzy_cap)s)"
            )
        return _grouped(sql), params

    def _fetch_candidates(self, all_kinds):
        sql, params = self._candidates(all_kinds)
        return {kind: (n, ids, titles) for kind, n, ids, titles in self._fetch(sql, params)}

    def _kind_counts(self):
        """One query: the candidates of every type, counted per kind (GROUP BY). With a type
        filter, more candidates than the cap and some of another type, a second query fetches
        that type's own."""
        if self._ids is None:
            groups = self._fetch_candidates(all_kinds=True)
            self.counts_capped = (
                sum(n for n, _, _ in groups.values()) >= settings.SEARCH_MAX_CANDIDATES
            )
            self._no_close_names = self._all_names_compared and "person" not in groups
            self._counts = {kind: n for kind, (n, _, _) in groups.items()}
            chosen = self.filters.kinds
            # The chosen types' own candidates, unless every candidate is of a chosen type
            # already: then the newest matches of those types are these.
            if chosen and self.counts_capped and not set(groups) <= set(chosen):
                groups = self._fetch_candidates(all_kinds=False)
                self._counts.update({kind: n for kind, (n, _, _) in groups.items()})
            wanted = self.wanted_words()
            self._ids, self._exact = [], []
            for kind, (_, ids, titles) in groups.items():
                if chosen and kind not in chosen:
                    continue
                self._ids += ids
                self._exact += [
                    i for i, t in zip(ids, titles, strict=True) if exact_title(t, wanted)
                ]
        return self._counts

    def _candidate_ids(self):
        self._kind_counts()
        return self._ids

    def _score(self):
        """(tier, score) SQL: see "ranking" at the top of this module."""
        recency = (
            f"CASE WHEN d.kind IN ({undated_kinds()}) OR d.published_at IS NULL "
            f"THEN {UNDATED_RECENCY} ELSE {RECENCY_FLOOR} + {1 - RECENCY_FLOOR} / (1 + greatest(0, "
            "extract(epoch FROM (%(now)s - d.published_at)) / 86400.0 / 365.0)) END"
        )
        if self.parsed.is_empty:
            return "0", recency
        fuzzy = (
            "CASE WHEN d.kind = 'person' THEN 0.5 * word_similarity("
            "search_unaccent(lower(%(typed)s)), search_unaccent(lower(d.title))) ELSE 0 END"
        )
        document = "coalesce(d.document_en, d.document_ru, d.document_simple)"
        text = f"greatest(ts_rank({document}, {self._tsquery()}, 1), {fuzzy})"
        # Every typed word in the title: the title parsed again (a few words) rather than the
        # stored vector read from TOAST a second time.
        in_title = f"to_tsvector({self.CONFIGS}::regconfig, d.title) @@ {self._tsquery()}"
        tier = f"CASE WHEN d.id = ANY(%(exact)s) THEN 2 WHEN {in_title} THEN 1 ELSE 0 END"
        return tier, f"{kind_weights_sql()} * {text_factor_sql(text, 'postgresql')} * ({recency})"

    def _run_page(self, offset, limit):
        ids = self._candidate_ids()
        if not ids:
            return []
        params = {
            "ids": ids,
            "exact": self._exact,
            "now": self._dt(self.now),
            "offset": offset,
            "limit": limit,
            "typed": q.websearch_text(self.parsed),
        }
        options = f"StartSel={START}, StopSel={STOP}"
        if self.parsed.is_empty:
            title, snippet = "d.title", "''"
        else:
            params.update(self._tsqueries())
            title = (
                f"ts_headline({self.CONFIGS}::regconfig, d.title, {self._tsquery()}, "
                f"'HighlightAll=true, {options}')"
            )
            # ts_headline re-parses the text it is given (~1 ms for a 600-word body), so it is
            # given a window of the body: from a little before the first place one of the
            # reader's words (cut to its first five letters, to catch other forms) appears.
            # One case-insensitive pass of a regular expression over the body (the words are
            # letters and digits only: `query.WORD`), not a lower-cased copy of it per word.
            params["starts"] = "|".join(sorted({q.normalise(w)[:5] for w in self.parsed.words}))
            first = "nullif(regexp_instr(d.body, %(starts)s, 1, 1, 0, 'i'), 0)"
            window = (
                f"substr(d.body, greatest(1, coalesce({first}, 1) - {SNIPPET_LEAD}), "
                f"{SNIPPET_WINDOW})"
            )
            snippet = (
                f"ts_headline({self.CONFIGS}::regconfig, {window}, {self._tsquery()}, "
                f"'MaxFragments=2, MaxWords=28, MinWords=12, FragmentDelimiter=\" … \", {options}')"
            )
        tier, score = self._score()
        sql = (
            f"WITH ranked AS (SELECT d.id, {tier} AS tier, {score} AS score "
            "FROM search_document d WHERE d.id = ANY(%(ids)s) "
            "ORDER BY tier DESC, score DESC, d.published_at DESC NULLS LAST, d.id "
            "LIMIT %(limit)s OFFSET %(offset)s) "
            "SELECT d.id, d.kind, d.object_id, d.slug, d.language, d.published_at, d.category_id, "
            f"d.authors, r.score, {title}, {snippet}, d.summary, d.time_zone, d.date_label "
            "FROM ranked r JOIN search_document d ON d.id = r.id "
            "ORDER BY r.tier DESC, r.score DESC, d.published_at DESC NULLS LAST, d.id"
        )
        return self._fetch(sql, params)

    def suggestion(self):
        words = q.normalise(" ".join(self.parsed.words))
        if not words or len(self.parsed.words) > 3:
            return None
        if self._ids is not None:  # the candidates were fetched: they may answer already
            if self._no_close_names:
                return None  # their fuzzy branch compared every name: none is close
            if self.counts_capped and all(len(group) == 1 for group in self.parsed.groups):
                # Every word is found (in more documents than the cap): nothing was mistyped.
                return None
        self._tsqueries()  # also sets the %> operator's threshold for this session
        rows = self._fetch(
            "SELECT title, slug FROM (SELECT title, slug, "
            "word_similarity(search_unaccent(lower(%(q)s)), search_unaccent(lower(title))) AS s "
            "FROM search_document WHERE kind = 'person' AND is_public "
            "AND search_unaccent(lower(title)) %%> search_unaccent(lower(%(q)s))) n "
            "WHERE s >= %(threshold)s ORDER BY s DESC, title LIMIT 1",
            {"q": words, "threshold": SUGGESTION_THRESHOLD},
        )
        return _unless_exact(rows[0] if rows else None, words)


# Language code -> suffix of the tsquery parameters; also the configurations' order.
LANGUAGE_CONFIGS = {"en": "en", "ru": "ru", "": "simple"}


def _grouped(candidates):
    return (
        "SELECT c.kind, count(*), array_agg(c.id), array_agg(c.title) "
        f"FROM ({candidates}) c GROUP BY c.kind"
    )


def _tsquery_lexeme(lexeme):
    return "'" + lexeme.replace("\\", "\\\\").replace("'", "''") + "'"


def _pairs_query(groups, term_pairs):
    """A tsquery over the word-pair columns: for every group made only of phrases, one of its
    phrases' word pairs ('' when no group is). A document with the phrase has its pairs, so
    requiring them finds the same documents; it lets the GIN index find the few documents
    with the phrase, which the phrase operator alone cannot (the index keeps no positions)."""
    required = []
    for group in groups:
        alternatives = [term_pairs.get(id(term)) for term in group]
        if not all(alternatives):  # a single word, or a phrase of one word: nothing to add
            continue
        required.append(
            " | ".join(
                "(" + " & ".join(_tsquery_lexeme(p) for p in sorted(pairs)) + ")"
                for pairs in alternatives
            )
        )
    return " & ".join(f"({r})" for r in required)


def _unless_exact(candidate, words):
    """No "Did you mean" when every word the reader typed is already in the name."""
    if candidate is None:
        return None
    name_words = set(q.WORD.findall(q.normalise(candidate[0])))
    return None if set(q.WORD.findall(words)) <= name_words else candidate


class SQLiteSearch(BaseSearch):
    WEIGHTS = "10.0, 4.0, 4.0, 4.0, 1.0"  # title, authors, topics, summary, body

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._counts = None

    def _recency(self):
        return (
            f"(CASE WHEN d.published_at IS NULL OR d.kind IN ({undated_kinds()}) "
            f"THEN {UNDATED_RECENCY} ELSE {RECENCY_FLOOR} + {1 - RECENCY_FLOOR} / (1 + "
            "max(0, julianday(%(now)s) - julianday(d.published_at)) / 365.0) END)"
        )

    def _from(self, all_kinds=False):
        where, params = self._where(all_kinds=all_kinds)
        if self.parsed.is_empty:
            return f"FROM search_document d WHERE {where}", params
        params["match"] = q.fts5_match(self.parsed)
        return (
            f"FROM search_fts JOIN search_document d ON d.id = search_fts.rowid "
            f"WHERE search_fts MATCH %(match)s AND {where}",
            params,
        )

    def _kind_counts(self):
        """One query: the matches of every type, counted per kind (GROUP BY)."""
        if self._counts is None:
            sql, params = self._from(all_kinds=True)
            self._counts = dict(
                self._fetch(f"SELECT d.kind, count(*) {sql} GROUP BY d.kind", params)
            )
        return self._counts

    def _tier(self, params):
        """2: the title is what was typed; 1: every typed word is in the title (FTS5 column
        filter); else 0."""
        positive = q.ParsedQuery(text="", groups=self.parsed.groups)
        params.update(wanted=self.wanted_words(), in_title=f"title : ({q.fts5_match(positive)})")
        return (
            "CASE WHEN search_exact_title(d.title, %(wanted)s) THEN 2 WHEN d.id IN "
            "(SELECT rowid FROM search_fts WHERE search_fts MATCH %(in_title)s) THEN 1 ELSE 0 END"
        )

    def _run_page(self, offset, limit):
        sql, params = self._from()
        params.update(offset=offset, limit=limit)
        if self.parsed.is_empty:
            tier, score, title, snippet = "0", self._recency(), "d.title", "''"
        else:
            tier = self._tier(params)
            text = text_factor_sql(f"-bm25(search_fts, {self.WEIGHTS})", "sqlite")
            score = f"{kind_weights_sql()} * {text} * {self._recency()}"
            title = "highlight(search_fts, 0, char(2), char(3))"
            snippet = "snippet(search_fts, 4, char(2), char(3), '…', 30)"
        rows = self._fetch(
            "SELECT d.id, d.kind, d.object_id, d.slug, d.language, d.published_at, d.category_id, "
            f"d.authors, {score} AS score, {title}, {snippet}, d.summary, d.time_zone, "
            f"d.date_label, {tier} AS tier {sql} "
            "ORDER BY tier DESC, score DESC, d.published_at DESC, d.id "
            "LIMIT %(limit)s OFFSET %(offset)s",
            params,
        )
        # Snippets are cut from stored HTML here: keep the text, drop the markup.
        return [(*row[:10], html_fragment_text(row[10] or ""), *row[11:14]) for row in rows]

    def suggestion(self):
        words = q.normalise(" ".join(self.parsed.words))
        if not words or len(self.parsed.words) > 3:
            return None
        best, best_score = None, 0.0
        typed = q.WORD.findall(words)
        for name, slug in self._fetch(
            "SELECT title, slug FROM search_document "
            "WHERE kind = 'person' AND is_public = %(true)s",
            {"true": True},
        ):
            name_words = q.WORD.findall(q.normalise(name))
            if not name_words:
                continue
            score = sum(
                max(difflib.SequenceMatcher(None, w, n).ratio() for n in name_words) for w in typed
            ) / len(typed)
            if score > best_score:
                best, best_score = (name, slug), score
        return _unless_exact(best, words) if best_score >= 0.8 else None


def search(text, filters=None, now=None):
    """The one entry point: a result list whose backend follows the database."""
    backend = PostgresSearch if connection.vendor == "postgresql" else SQLiteSearch
    return backend(text, filters, now)
