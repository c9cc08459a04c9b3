"""The page cache and the HTTP caching headers of every response, in one middleware.

Anonymous readers' pages come from Django's default cache (Redis where REDIS_URL is set, so
every app server shares them) until something readers see changes. It sits early in
MIDDLEWARE, before sessions, CSRF, messages, CSP and history: a hit costs one cache round trip
and none of that work.

What is served from the cache: a GET or HEAD without a session or messages cookie, outside
/admin/. What is stored: the 200 answer to such a GET that sets no cookie, did not use a CSRF
token (a form embedding one would hand one reader's token to everyone) and is not marked
private or uncacheable by its view. Nothing personal can be in it: the request carried no
session, so its user was anonymous (no draft banner, no admin links, no name), and a CSRF
token, a message or a cookie of its own rules it out. The comment form needs no CSRF token
(comments.views.post_comment) and fetches its form token by script, so article pages are cached.
The query parameters only analytics read (utm_*, fbclid …) are dropped from a GET or HEAD
first (`drop_ignored_parameters`): an address with them is the page without them.

Invalidation: one *state* entry in the cache holds the current generation and the time it
stays valid until (core.publishing.next_scheduled_time(): the next scheduled item). Each page
entry records the generation it was rendered under, read before rendering, and is served only
while that generation is current. `content_changed` (every publish, unpublish, change or
deletion of a publishable item or of a credit, and a comment approved or removed) replaces
the state after the transaction commits: every page on every app server is fresh on the next
request. When the scheduled time arrives, the first request after it starts a new generation.
A comment held for moderation changes nothing readers see, so it invalidates nothing.

What a page was made of (`Reading`): a page entry also holds the tokens read while it was made
(of the items it shows, of what lists of a kind hold, of records) unless it ran a query of its
own or used a value kept for one generation; under a later generation it is served once those
tokens are checked unchanged (one more round trip) and the next scheduled time is the same.
An edit of one article, or a comment approved on it, then makes again only the pages that show
that article; a publication, the pages that list its kind.

What outlives a generation (`kept_parts`): parts of pages kept under what they show rather than
under the generation — an article card under its id and the article's token, a home page box
under its items' ids and tokens (`items=`), a comment thread under its comments — and values
made of records alone (`remember(records=True)`: the member directory, a category looked up
for its page). They are all kept under a token that a change to a record readers see (a
person, a category, a membership: `bump(records=True)`) renews. A page made again is made
from these parts, rendering only what the change touched. Values made of the
items of some publishable kinds, or of some items (`kept_values`, `remember(of=…)`: a sitemap
section's date and size, the ids a feed lists, an article's comments) are kept under those
kinds' or items' tokens too, which a change to the item renews (`Renewal`, from
`content_changed`), and under the next scheduled time: an event's publication leaves the
articles' values kept, another article's change leaves an article's comments kept.

HTTP caching: public pages carry an ETag (the body's hash, unless the view set one) and a
Last-Modified (with the page cache on: when the current generation began, i.e. the last change
of content, the same on every server and every re-render), answer 304 to a matching conditional request, and
`Cache-Control: public, max-age, s-maxage, stale-while-revalidate` (settings
PAGE_CACHE_MAX_AGE, _S_MAXAGE, _STALE); anything personal (a signed-in user, /admin/, a
response with a cookie or a CSRF token, the answer to a POST) gets `private, no-store`. The
language is in the path (/ru/…), so the key holds it and `Vary: Accept-Language` is dropped;
`Vary: Cookie` stays where Django put it (the page read the session).

Per-process local memory (no REDIS_URL) would keep one state per gunicorn worker, and a change
made in one worker would not reach the others; there the cache is off unless
DJANGO_PAGE_CACHE_SECONDS is set (a single-process server). docs/ARCHITECTURE.md, "Performance".
"""

import contextvars
import hashlib
import logging
import secrets
import time
from contextlib import contextmanager
from email.utils import formatdate

from django.conf import settings
from django.core.cache import caches
from django.db import connection as database
from django.db import transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import receiver
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.cache import (
    cc_delim_re,
    get_conditional_response,
    patch_cache_control,
    set_response_etag,
)
from django.utils.http import parse_http_date_safe
from django.utils.translation import get_language_from_path

from .publishing import content_changed, next_scheduled_time

logger = logging.getLogger(__name__)
STATE_KEY = "pagecache:state"
RECORDS_KEY = "pagecache:records"  # the token of kept_parts, renewed when a record changes
KIND_KEY = "pagecache:kind:"  # + a model's label: its token, renewed when an item of it changes
ITEM_KEY = "pagecache:item:"  # + label:pk: an item's token, renewed when it changes
LISTING_KEY = "pagecache:listing:"  # + label: renewed when an item may move in or out of lists
# A page's and a value's entry hold what they were made of since 2026-12-06: new keys, so that
# a server still running the code before (a rolling deploy) never reads one in the old shape.
PAGE_KEY = "pagecache:page2:"  # + language:hash of the address
VALUE_KEY = "pagecache:value2:"  # + remember's name


class listing:  # noqa: N801 -- read as a function: of=(listing(Article),)
    """What lists of `model`'s items hold (which items, in what order, how many, their years),
    for `of=`: its token is renewed only by a change that can alter it (content_changed's
    `listed`: a publication, an unpublication, a new date or category), not by an edit of an
    item's text or a comment."""

    def __init__(self, model):
        self.model = model


def token_key(thing):
    """The key of the token of a publishable model (a kind), of what lists of it hold
    (`listing`), or of one item (an instance, or its model and id)."""
    if isinstance(thing, listing):
        return LISTING_KEY + thing.model._meta.label_lower
    if isinstance(thing, tuple):
        model, pk = thing
        return f"{ITEM_KEY}{model._meta.label_lower}:{pk}"
    meta = thing._meta
    if isinstance(thing, type):
        return KIND_KEY + meta.label_lower
    return f"{ITEM_KEY}{meta.label_lower}:{thing.pk}"


PAUSE = 10  # seconds
MESSAGES_COOKIE = "messages"  # django.contrib.messages' CookieStorage
UNCACHEABLE = ("private", "no-store", "no-cache")


def cache():
    return caches[settings.PAGE_CACHE_ALIAS]


_down_until = 0.0  # this process skips the cache until then, after the cache failed


def cache_available():
    """False for PAUSE seconds after the cache failed in this process: skip it meanwhile."""
    return time.monotonic() >= _down_until


def cache_failed(error):
    """A cache that is down costs one timeout per process every PAUSE seconds, not per request:
    pages are rendered meanwhile (as rate limits, the page cache fails open). Every user of the
    cache on a page's way (the page cache, `remember`, core.menus) reports failures here."""
    global _down_until
    _down_until = time.monotonic() + PAUSE
    logger.warning("page cache skipped for %ss: %s", PAUSE, error)


def bump(records=False, item=None, listed=True):
    """Start a new generation once the current transaction commits (at once outside one); once
    per transaction however many changes it holds (an import of a hundred rows). `records`: a
    record readers see changed (a person, a category; not a publishable item or a comment),
    which also renews the token every `kept_parts` entry is kept under. `item`: the
    publishable item that changed (content_changed's instance): its kind's token and its own
    (`kept_values`) are renewed too, and what lists of its kind hold unless `listed` is False.
    A change that names no item (the menu's) is a record's: pages kept by what they were made
    of (`Reading`) would not see a new generation alone."""
    records = records or item is None  # a change that names no item: a record's
    connection = transaction.get_connection()
    renewal = None  # one registered at this level or outside it lasts as long as this change
    if connection.in_atomic_block:
        current = set(connection.savepoint_ids)
        renewal = next(
            (
                registered
                for savepoints, registered, _robust in connection.run_on_commit
                if isinstance(registered, Renewal) and savepoints <= current
            ),
            None,
        )
    new = renewal is None
    if new:
        renewal = Renewal()
    renewal.add(records, item, listed)
    if new:
        transaction.on_commit(renewal)  # outside a transaction: at once, so flagged first


class Renewal:
    """What one transaction's changes renew once it commits: the tokens of the items it
    changed and of their kinds, of records (if one changed), then the generation."""

    def __init__(self):
        self.records, self.tokens = False, set()

    def add(self, records, item, listed=True):
        self.records = self.records or records
        if item is not None:
            self.tokens.update((token_key(type(item)), token_key(item)))
            shown_with = getattr(item, "shown_with", None)
            self.tokens.update(token_key(other) for other in (shown_with() if shown_with else ()))
            if listed:
                self.tokens.add(token_key(listing(type(item))))

    def __call__(self):
        tokens = {key: secrets.token_hex(8) for key in self.tokens}
        if self.records:
            tokens[RECORDS_KEY] = secrets.token_hex(8)
        try:
            if tokens:
                cache().set_many(tokens, timeout=None)  # before the generation: never the
            _new_state()  # new generation with an old token
        except Exception as error:  # noqa: BLE001 -- the change is committed; entries expire anyway
            cache_failed(error)


# The apps whose records readers see on pages without being publishable items themselves:
# people, memberships (the directory), categories, topics, series, a podcast's show, the
# editable pages, the site's name. A change to one of their models starts a new generation as
# `content_changed` does (publishable items send that themselves; comments send it when one is
# shown or hidden; core.menus bumps on a menu change).
READER_APPS = {"members", "articles", "podcasts", "events", "resources", "flatpages", "sites"}
NOT_SHOWN = {"members.user"}  # a sign-in writes last_login: readers see nothing of it


def shows_to_readers(model):
    from .publishing import Publishable

    meta = model._meta
    return (
        meta.app_label in READER_APPS
        and meta.label_lower not in NOT_SHOWN
        and not meta.object_name.startswith("Historical")  # django-simple-history's records
        and not issubclass(model, Publishable)
        # A row that announces its item's change itself and marks the item changed (a credit,
        # members.credits): only that item's parts are made again, not every kept part.
        and not getattr(model, "CHANGES_ITS_ITEM", False)
    )


def _record_changed(sender, **kwargs):
    bump(records=True)


def _relation_changed(sender, instance, action, **kwargs):
    if action.startswith("post_") and shows_to_readers(type(instance)):
        bump(records=True)


def connect_record_changes(models):
    """post_save and post_delete of each model readers see (per model: a post_delete receiver
    for every sender would turn off Django's fast deletes everywhere); m2m changes (topics and
    expertise tags) by their instance's model. Called from CoreConfig.ready()."""
    for model in models:
        if shows_to_readers(model):
            uid = f"pagecache_{model._meta.label_lower}"
            post_save.connect(_record_changed, sender=model, dispatch_uid=f"{uid}_saved")
            post_delete.connect(_record_changed, sender=model, dispatch_uid=f"{uid}_deleted")
    m2m_changed.connect(_relation_changed, dispatch_uid="pagecache_relation_changed")


# What a page is made of. While a page is made (PageCacheMiddleware) and while a value kept for
# pages is computed (`remember`), a Reading collects the tokens read on the way (`kept_parts`:
# the records token and the items' tokens of its parts; `kept_values`: the tokens of what
# its values are made of). If nothing else was read — no query outside a kept part's or a kept
# value's computation (those are accounted for by the tokens they are kept under), no value
# kept for one generation only — what was made is served under later generations as well,
# for as long as none of those tokens changes and no scheduled time comes
# (`_still_current`): an article's edit or a comment on it then makes again only the pages
# that show the article, not every page of the site.
_reading = contextvars.ContextVar("pagecache_reading", default=None)
_declared = contextvars.ContextVar("pagecache_declared", default=False)


class Reading:
    """The tokens read (key: value) and whether anything no token stands for was read too."""

    def __init__(self, outer=None):
        # What was read before may have gone into what is made here (a view's lookups, given
        # to a kept part of its template): it is counted as read here as well.
        self.tokens = dict(outer.tokens) if outer is not None else {}
        self.bound = outer.bound if outer is not None else False

    def add(self, tokens=(), bound=False):
        self.tokens.update(tokens)
        self.bound = self.bound or bound

    def made_of(self):
        """{token key: value} it can be served under across generations, or None: only under
        the generation it was made in."""
        return None if self.bound else dict(self.tokens)


def _note(tokens=(), bound=False):
    current = _reading.get()
    if current is not None:
        current.add(tokens, bound)


def _guard(execute, sql, params, many, context):
    """Every query while something is made: one outside a kept part's or value's computation
    makes it a thing of its generation alone."""
    if not _declared.get():
        _note(bound=True)
    return execute(sql, params, many, context)


@contextmanager
def recording():
    """A Reading of what the code inside reads (nested in the current one, which gets all of
    it). Outside a page (a management command, a task), nothing tells what the caller read
    before: what is made there is kept for its generation only."""
    outer = _reading.get()
    current = Reading(outer)
    if outer is None:
        current.bound = True
    reset = _reading.set(current)
    try:
        yield current
    finally:
        _reading.reset(reset)
        if outer is not None:
            outer.add(current.tokens, current.bound)


@contextmanager
def _page_reading():
    """The Reading of a whole request: what its page is made of."""
    current = Reading()
    reset = _reading.set(current)
    try:
        with database.execute_wrapper(_guard):
            yield current
    finally:
        _reading.reset(reset)


@contextmanager
def declared():
    """Queries run inside are accounted for by the tokens of what they make (a kept part's
    name and the records token, a kept value's `of`)."""
    reset = _declared.set(True)
    try:
        yield
    finally:
        _declared.reset(reset)


def _still_current(state, until, made_of):
    """Whether something made under an earlier generation from `made_of` ({token key: value})
    is what would be made now: no scheduled time came since (the same `until`) and none of
    those tokens changed. One round trip."""
    if made_of is None or until != state["until"]:
        return False
    if not made_of:
        return True
    try:
        found = cache().get_many(list(made_of))
    except Exception as error:  # noqa: BLE001 -- Redis down: make it again
        cache_failed(error)
        return False
    return all(found.get(key) == value for key, value in made_of.items())


def _new_state():
    with declared():  # the state's own query: nothing a page shows
        until = next_scheduled_time()
    state = {
        "generation": secrets.token_hex(8),
        "until": until.timestamp() if until else None,
        "since": int(time.time()),  # nothing readers see has changed since (Last-Modified)
    }
    cache().set(STATE_KEY, state, timeout=None)
    return state


def current_state(stored):
    """The generation pages may be served under; a new one when the scheduled time came."""
    if stored is None or (stored["until"] is not None and time.time() >= stored["until"]):
        return _new_state()
    return stored


class NotKept(Exception):  # noqa: N818 -- a result, not an error
    """Raised by a `remember` computation whose value must not be shared (it holds something
    personal, such as a CSRF token): `remember` returns `value` without keeping it."""

    def __init__(self, value):
        super().__init__()
        self.value = value


def remember(name, compute, records=False, of=None):
    """compute() once per generation, shared by every app server: for per-request work that
    only a change of content (or a scheduled time) alters — a sitemap's dates, a feed's
    validators, a page's content (`fragment`). Computed each time while the page cache is off
    or the cache is down.

    `records`: a value made of records readers see and nothing publishable (a category, a
    person, the member directory), kept across generations until such a record changes
    (`kept_parts`' token): a publication or a comment does not make it again. `of`: the
    publishable models or items it is made of besides records (`kept_values`): kept until one
    of those items, or an item of one of those models, changes too."""
    if records or of is not None:
        return _kept_value(name, compute, of)
    if settings.PAGE_CACHE_SECONDS <= 0 or not cache_available():
        return _compute(compute)
    key = f"{VALUE_KEY}{name}"
    try:
        found = cache().get_many([STATE_KEY, key])
        state = current_state(found.get(STATE_KEY))
    except Exception as error:  # noqa: BLE001 -- Redis down: compute it
        cache_failed(error)
        return _compute(compute)
    entry = found.get(key)
    if entry is not None and len(entry) == 4:  # (generation, until, made of, value)
        generation, until, made_of, value = entry
        if generation == state["generation"] or _still_current(state, until, made_of):
            _note(made_of or (), bound=made_of is None)
            return value
    with recording() as reading:
        try:
            value = compute()
        except NotKept as unkept:
            return unkept.value
    try:
        entry = (state["generation"], state["until"], reading.made_of(), value)
        cache().set(key, entry, _timeout(state))
    except Exception as error:  # noqa: BLE001
        cache_failed(error)
    return value


def shared(key, compute, timeout):
    """compute() once for every app server, kept under `key` for `timeout` seconds whatever
    content changes: for a value that depends on nothing but its key (a citation's text for its
    data, core.citations). Computed here while the shared cache is off or down (one timeout per
    process every PAUSE seconds, as for `remember`)."""
    if settings.PAGE_CACHE_SECONDS <= 0 or not cache_available():
        return compute()
    key = f"pagecache:shared:{key}"
    try:
        value = cache().get(key)
    except Exception as error:  # noqa: BLE001 -- Redis down: compute it
        cache_failed(error)
        return compute()
    if value is None:
        value = compute()
        try:
            cache().set(key, value, timeout)
        except Exception as error:  # noqa: BLE001
            cache_failed(error)
    return value


def parts_kept():
    """Whether `kept_parts` keeps anything (the page cache is on and the cache answering)."""
    return settings.PAGE_CACHE_SECONDS > 0 and cache_available()


def kept_parts(names, render, items=None, scheduled=False):
    """The HTML of parts of pages that outlive a generation: {name: html} for each of `names`,
    the ones not kept made by `render(missing_names)` (a dict too) and kept, for every app
    server, PAGE_CACHE_SECONDS at most. A change to one article then re-renders only its own
    card, not the twenty beside it in every list.

    A part's name must hold everything about it that a change of an item alters, unless it
    names the items (`items`, below): a comment thread's, its comments; an article card's, its
    id, the language and the card's options, with the article as its item. What no item tells
    — a change to a record readers see, such as a person's name or a category's
    (`bump(records=True)`) — renews a token every part is kept under, so that all of them are
    made again. With the page cache off or the cache down,
    `render` makes every part.

    `items`: {name: the publishable items the part shows ((model, id) pairs; or whatever else
    has a token: a model, `listing(Model)`)}: such a part is kept until one of them changes
    too (its token, renewed by `content_changed`), so that its name need not tell their
    versions (an article's card: its id, the language and the options). `scheduled`: and
    until the next scheduled time comes (`kept_values`). All read in one round trip."""
    names = list(dict.fromkeys(names))
    if not names or not parts_kept():
        return render(names)
    items = items or {}
    keys = {
        name: "pagecache:part:" + hashlib.md5(name.encode(), usedforsecurity=False).hexdigest()
        for name in names
    }
    shown = {name: sorted({token_key(item) for item in items.get(name, ())}) for name in names}
    item_keys = list(dict.fromkeys(key for found in shown.values() for key in found))
    try:
        state_key = [STATE_KEY] if scheduled else []
        found = cache().get_many([*state_key, RECORDS_KEY, *item_keys, *keys.values()])
        records = _token(found, RECORDS_KEY)
        tokens = {key: _token(found, key) for key in item_keys}
        # With `scheduled`, the time the next scheduled item goes live is part of each stamp.
        until = current_state(found.get(STATE_KEY))["until"] if scheduled else None
    except Exception as error:  # noqa: BLE001 -- Redis down: make them here
        cache_failed(error)
        return render(names)
    _note({RECORDS_KEY: records, **tokens})
    base = (until, records) if scheduled else records
    stamps = {
        name: (base, *(tokens[key] for key in shown[name])) if shown[name] else base
        for name in names
    }
    parts, missing = {}, []
    for name, key in keys.items():
        entry = found.get(key)
        if entry is not None and entry[0] == stamps[name]:
            parts[name] = entry[1]
        else:
            missing.append(name)
    if missing:
        with declared():  # each part is kept under its name and tokens: they account for it
            made = render(missing)
        parts.update(made)
        try:
            cache().set_many(
                {keys[name]: (stamps[name], html) for name, html in made.items()},
                settings.PAGE_CACHE_SECONDS,
            )
        except Exception as error:  # noqa: BLE001
            cache_failed(error)
    return parts


def kept_values(wanted, compute):
    """{name: value} for each name of `wanted` ({name: what its value is made of besides
    records: publishable models and items}), each kept across generations until one of those
    items changes (its token, renewed by `content_changed`), an item of one of those models
    changes (its kind's token), a record readers see changes (`kept_parts`' token) or the next
    scheduled time comes; compute(missing) makes the others ({name: value}). A sitemap
    section's date and size outlive a comment or an event's publication; an article's comments
    outlive every other article's change. Computed each time while the page cache is off or
    the cache is down."""
    if not wanted or not parts_kept():
        return compute(list(wanted))
    names = {f"values:{name}": name for name in wanted}

    def make(missing):
        return {
            f"values:{name}": value for name, value in compute([names[k] for k in missing]).items()
        }

    made_of = {key: wanted[name] for key, name in names.items()}
    found = kept_parts(names, make, items=made_of, scheduled=True)
    return {names[key]: value for key, value in found.items()}


def _token(found, key):
    """The token under `key` in `found` (a get_many), or a new one when it was never set or
    was evicted: never an old one back, which would bring back what was kept under it."""
    token = found.get(key)
    if token is None:
        token = secrets.token_hex(8)
        if not cache().add(key, token, timeout=None):  # another server set one meanwhile
            token = cache().get(key)
    return token


def _kept_value(name, compute, of=None):
    """`remember`'s value kept under the records token (`of` None) or `kept_values`' tokens;
    a NotKept computation's value is returned and not kept."""
    key = f"value:{name}" if of is None else name
    unkept = []

    def make(missing):
        try:
            return {key: compute()}
        except NotKept as error:
            unkept.append(error.value)
            return {}

    found = kept_parts([key], make) if of is None else kept_values({key: of}, make)
    return found[key] if key in found else unkept[0]


def _compute(compute):
    try:
        return compute()
    except NotKept as unkept:
        return unkept.value


def fragment(request, name, render, records=False):
    """The HTML `render()` makes for part of the page at this address (scheme, host, path and
    query, language), made once per generation and shared by every reader, staff included:
    what costs a page its time (lists of cards, comments, sections) is then rendered once per
    change of content instead of on every request the page cache cannot answer (a signed-in
    reader, staff, a page-cache miss). The part must be the same for everyone who can see the
    page: the `{% kept %}` tag (core.templatetags.kept) keeps only what a GET renders, and
    nothing that used a CSRF token."""
    if request is None or request.method not in ("GET", "HEAD"):
        return render()

    def compute():
        html = render()
        if csrf_used(request):  # by this part, or earlier: it cannot be told which
            raise NotKept(html)
        return html

    language = get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
    return remember(f"fragment:{name}:{page_key(request, language)}", compute, records)


_shapes = {}


def item_key(model, name, lookup):
    """The `remember` name of an item looked up by `lookup` (core.publishing.get_visible_or_404).
    It holds the model's columns, so that an item kept by a server running an older version of
    the code (a deploy that changed the model) is never read back as the new one."""
    shape = _shapes.get(model)
    if shape is None:
        columns = ",".join(field.attname for field in model._meta.concrete_fields)
        shape = _shapes[model] = hashlib.md5(columns.encode(), usedforsecurity=False).hexdigest()
    found = hashlib.md5(repr(sorted(lookup.items())).encode(), usedforsecurity=False).hexdigest()
    return f"item:{model._meta.label_lower}:{name}:{shape[:8]}:{found}"


def get_kept_or_404(queryset, name="page", **lookup):
    """get_object_or_404(queryset, **lookup), kept until a record changes: a record readers see
    that is not a publishable item (a person, a category, a topic, a series, an area of
    expertise; their changes renew the token of `kept_parts`, READER_APPS), looked up once per
    such change instead of on every request; a publication or a comment leaves it kept. `name` tells apart querysets of one model that prefetch
    different things. Publishable items: core.publishing.get_visible_or_404."""
    model = queryset if isinstance(queryset, type) else queryset.model
    return remember(
        item_key(model, name, lookup), lambda: get_object_or_404(queryset, **lookup), records=True
    )


def _timeout(state):
    timeout = settings.PAGE_CACHE_SECONDS
    if state["until"] is not None:
        timeout = min(timeout, max(1, int(state["until"] - time.time())))
    return timeout


@receiver(content_changed, dispatch_uid="pagecache_content_changed")
def _content_changed(sender, **kwargs):
    from .publishing import Publishable

    # A file moved on a record (core.uploads) is a record's change: every kept part made again.
    bump(
        records=not issubclass(sender, Publishable),
        item=kwargs.get("instance"),
        listed=kwargs.get("listed", True),
    )


def page_key(request, language):
    url = f"{request.scheme}://{request.get_host()}{request.get_full_path()}"
    return f"{PAGE_KEY}{language}:{hashlib.md5(url.encode(), usedforsecurity=False).hexdigest()}"


def is_ignored(name, ignored):
    name = name.lower()
    return any(name.startswith(p) if p.endswith("_") else name == p for p in ignored)


def drop_ignored_parameters(request):
    """Take the query parameters no page reads (settings.IGNORED_QUERY_PARAMETERS: utm_source,
    Facebook's fbclid, Yandex's ysclid …) out of the request, before the page cache makes its
    key and before a view reads request.GET. A page asked for with them is then the page
    without them: every click from a newsletter or a social network (fbclid and ysclid differ
    on each click) is served the one cached page instead of rendering and storing its own, and
    links the page makes from its own address (pagination, replies) do not carry them on. The
    other parameters stay as they came, byte for byte."""
    query = request.META.get("QUERY_STRING", "")
    if not query:
        return
    ignored = [name.lower() for name in settings.IGNORED_QUERY_PARAMETERS]
    parts = query.split("&")
    kept = [part for part in parts if not is_ignored(part.split("=", 1)[0], ignored)]
    if len(kept) != len(parts):
        request.META["QUERY_STRING"] = "&".join(kept)
        request.__dict__.pop("GET", None)  # WSGIRequest.GET is made from it on first use


def is_personal(request):
    cookies = request.COOKIES
    return (
        settings.SESSION_COOKIE_NAME in cookies
        or MESSAGES_COOKIE in cookies
        or request.path.startswith("/admin/")
    )


def csrf_used(request):
    """True once something asked for the request's CSRF token (django.middleware.csrf.get_token
    flags the cookie for sending): a page or part holding it is that reader's alone."""
    return bool(request.META.get("CSRF_COOKIE_NEEDS_UPDATE"))


def is_storable(request, response):
    return (
        request.method == "GET"
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not csrf_used(request)
        and not any(word in response.get("Cache-Control", "") for word in UNCACHEABLE)
    )


class PageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in ("GET", "HEAD"):
            drop_ignored_parameters(request)
        if request.method not in ("GET", "HEAD") or is_personal(request):
            # Staff, a signed-in user, the admin, a message, a form's answer: theirs alone.
            response = self.get_response(request)
            if request.method in ("GET", "HEAD") or not 300 <= response.status_code < 400:
                patch_cache_control(response, private=True, no_store=True)
            return response

        seconds = settings.PAGE_CACHE_SECONDS
        if seconds <= 0 or not cache_available():
            return self.conditional(request, self.public(request, self.get_response(request)))

        language = get_language_from_path(request.path_info) or settings.LANGUAGE_CODE
        key = page_key(request, language)
        try:
            found = cache().get_many([STATE_KEY, key, RECORDS_KEY])
            state = current_state(found.get(STATE_KEY))
            records = _token(found, RECORDS_KEY)
        except Exception as error:  # noqa: BLE001 -- Redis down: render the page
            cache_failed(error)
            return self.conditional(request, self.public(request, self.get_response(request)))
        entry = found.get(key)
        if entry is not None and len(entry) == 6:
            generation, until, made_of, status, headers, content = entry
            if generation == state["generation"] or _still_current(state, until, made_of):
                response = HttpResponse(content, status=status)
                for name, value in headers:
                    response[name] = value
                return self.conditional(request, response)

        with _page_reading() as reading:
            reading.add({RECORDS_KEY: records})  # the menu, the site's name: records
            response = self.public(request, self.get_response(request), state.get("since"))
        if is_storable(request, response):
            entry = (
                state["generation"],
                state["until"],
                reading.made_of(),
                response.status_code,
                list(response.items()),
                response.content,
            )
            cache().set(key, entry, _timeout(state))
        return self.conditional(request, response)

    def public(self, request, response, since=None):
        """The HTTP caching headers of the answer to an anonymous GET or HEAD."""
        if not is_storable(request, response):
            if response.status_code == 200 and "Cache-Control" not in response:
                response["Cache-Control"] = "private, no-store"  # a cookie or a CSRF token
            return response
        if "ETag" not in response:
            set_response_etag(response)
        if "Last-Modified" not in response and since is not None:
            response["Last-Modified"] = formatdate(since, usegmt=True)
        if "Cache-Control" not in response:
            patch_cache_control(
                response,
                public=True,
                max_age=settings.PAGE_CACHE_MAX_AGE,
                s_maxage=settings.PAGE_CACHE_S_MAXAGE,
                stale_while_revalidate=settings.PAGE_CACHE_STALE,
            )
        if "Vary" in response:
            # The language is in the path (/ru/…): never negotiated from Accept-Language.
            vary = [
                v for v in cc_delim_re.split(response["Vary"]) if v.lower() != "accept-language"
            ]
            if vary:
                response["Vary"] = ", ".join(vary)
            else:
                del response["Vary"]
        return response

    def conditional(self, request, response):
        """304 Not Modified when the client's copy (ETag or date) is the current one."""
        meta = request.META
        if response.status_code != 200 or not (
            meta.get("HTTP_IF_NONE_MATCH") or meta.get("HTTP_IF_MODIFIED_SINCE")
        ):
            return response
        return get_conditional_response(
            request,
            etag=response.get("ETag"),
            last_modified=parse_http_date_safe(response.get("Last-Modified", "")),
            response=response,
        )
