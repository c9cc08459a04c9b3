"""What the fuzz suite (tests/ponars/test_fuzz.py) walks: every URL pattern of the site, read from the
URLconf, with slots for its path converters, and the values to fill them with.

Nothing here names a view: a new URL pattern is fuzzed the day it is added.
"""

import itertools
import re
import time
from dataclasses import dataclass, field

from django.apps import apps
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.resolvers import LocalePrefixPattern, RegexPattern, RoutePattern

ROUTE_SLOT = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")


@dataclass(frozen=True)
class Slot:
    """A path parameter: what its converter or regex group accepts."""

    kind: str  # the converter's name (slug, int, str, path, …) or "regex"
    regex: str


@dataclass(frozen=True)
class Route:
    text: str  # e.g. "articles/<slug:slug>/" or "admin/articles/article/<path:object_id>/change/"
    parts: tuple  # literal strings and Slots, in order

    @property
    def slots(self):
        return [part for part in self.parts if isinstance(part, Slot)]

    def fill(self, values):
        """The path with `values` (one per slot, in order) in the slots."""
        values = iter(values)
        return "/" + "".join(part if isinstance(part, str) else next(values) for part in self.parts)

    @property
    def is_admin(self):
        return self.text.startswith("admin/")


def _route_parts(pattern):
    text = str(pattern)
    parts, last = [], 0
    for match in ROUTE_SLOT.finditer(text):
        parts.append(text[last : match.start()])
        converter = pattern.converters[match["name"]]
        parts.append(Slot(match["converter"] or "str", converter.regex))
        last = match.end()
    parts.append(text[last:])
    return parts


def _regex_parts(pattern):
    """Literal text and top-level groups of a re_path() regex (enough for Django's own)."""
    text = pattern._regex.removeprefix("^").removesuffix("$")
    parts, literal, depth, group, i = [], "", 0, "", 0
    while i < len(text):
        char = text[i]
        if char == "\\" and i + 1 < len(text):
            if depth:
                group += text[i : i + 2]
            else:
                literal += text[i + 1]
            i += 2
            continue
        if char == "(":
            depth += 1
            if depth == 1:
                parts.append(literal)
                literal, group = "", ""
                i += 1
                continue
        elif char == ")":
            depth -= 1
            if depth == 0:
                inner = re.sub(r"^\?P<\w+>|^\?:", "", group)
                parts.append(Slot("regex", inner))
                i += 1
                continue
        if depth:
            group += char
        else:
            literal += char
        i += 1
    parts.append(literal)
    return parts


def _parts(pattern):
    if isinstance(pattern, RoutePattern):
        return _route_parts(pattern)
    if isinstance(pattern, RegexPattern):
        return _regex_parts(pattern)
    if isinstance(pattern, LocalePrefixPattern):
        # i18n_patterns: the active language's prefix ("" for English, the default).
        return [pattern.language_prefix]
    raise TypeError(f"unknown URL pattern type {pattern!r}")


def site_routes():
    """Every URL pattern of the site, depth first, as Routes."""
    routes = []

    def walk(patterns, prefix):
        for entry in patterns:
            parts = prefix + _parts(entry.pattern)
            if isinstance(entry, URLResolver):
                walk(entry.url_patterns, parts)
            elif isinstance(entry, URLPattern):
                merged = []
                for part in parts:
                    if isinstance(part, str) and merged and isinstance(merged[-1], str):
                        merged[-1] += part
                    else:
                        merged.append(part)
                text = "".join(p if isinstance(p, str) else f"<{p.kind}>" for p in merged)
                routes.append(Route(text, tuple(merged)))

    walk(get_resolver().url_patterns, [])
    return routes


def regex_choices(regex):
    """The words of an alternation group (`core|collegium|associate`), else []."""
    if re.fullmatch(r"[\w-]+(\|[\w-]+)+", regex):
        return regex.split("|")
    return []


HOSTILE_SEGMENTS = [
    "²",
    "٣",
    "0",
    "-1",
    "9" * 30,
    "abc",
    "a" * 400,
    "%C3%A9t%C3%A9",  # été, percent-encoded UTF-8
    "%FF%FE",  # not UTF-8
    "%zz",
    "%",
    "%2e%2e",
    "..",
    "a%2Fb",
    "%00",
    "%E2%80%AE",  # right-to-left override
    "%F0%9F%99%82",  # an emoji
    "%D0%9C%D0%BE%D1%81%D0%BA%D0%B2%D0%B0",  # Москва
    "__proto__",
    "%3Cscript%3E",
]


ADMIN_OBJECT_ROUTE = re.compile(r"admin/(?P<app>\w+)/(?P<model>\w+)/<")


@dataclass
class Pools:
    """Values for path slots, from the data in the database, by converter kind; and, for the
    admin's per-object pages, the ids (and history ids) of the route's own model."""

    slugs: list = field(default_factory=list)
    ids: list = field(default_factory=list)
    tokens: list = field(default_factory=list)
    admin_ids: dict = field(
        default_factory=dict
    )  # (app_label, model_name) -> [[ids], [history ids]]
    shortcuts: list = field(default_factory=list)  # (content type id, object id) for "view on site"

    @classmethod
    def from_database(cls, tokens=()):
        from django.contrib.contenttypes.models import ContentType

        slugs, ids, admin_ids, shortcuts = set(), set(), {}, []
        for model in apps.get_models():
            names = {f.name for f in model._meta.get_fields()}
            queryset = model._default_manager.order_by("pk")[:5]
            if "slug" in names:
                slugs.update(s for s in queryset.values_list("slug", flat=True) if s)
            if model not in admin.site._registry:
                continue
            pks = [str(pk) for pk in queryset.values_list("pk", flat=True)]
            ids.update(pks)
            history = getattr(model, "history", None)
            versions = []
            if pks and history is not None and hasattr(history, "model"):
                versions = [
                    str(v) for v in history.filter(pk=pks[0]).values_list("history_id", flat=True)
                ]
            admin_ids[(model._meta.app_label, model._meta.model_name)] = [pks, versions]
            if pks and hasattr(model, "get_absolute_url"):
                shortcuts.append((str(ContentType.objects.get_for_model(model).pk), pks[0]))
        return cls(sorted(slugs), sorted(ids, key=int), list(tokens), admin_ids, shortcuts)

    def valid_for(self, slot):
        """Values the slot accepts that name something in the database (best guesses)."""
        if slot.kind == "slug":
            return self.slugs
        if slot.kind in {"int", "path"}:
            return self.ids
        if slot.kind == "str":
            return [*self.ids[:2], *self.tokens, *self.slugs[:1]]
        choices = regex_choices(slot.regex)
        if choices:
            return choices
        candidates = [*self.ids, *self.slugs, *self.tokens]
        return [v for v in candidates if re.fullmatch(slot.regex, v)] or ["x"]

    def valid_fills(self, route, limit):
        """Up to `limit` fills of the route's slots that name real records."""
        slots = route.slots
        match = ADMIN_OBJECT_ROUTE.match(route.text)
        if match and (match["app"], match["model"]) in self.admin_ids:
            # A ModelAdmin's object pages: its own ids, then (history) that object's versions.
            pks, versions = self.admin_ids[(match["app"], match["model"])]
            choices = [pks, versions][: len(slots)]
        elif route.is_admin and len(slots) == 2 and all(s.kind == "path" for s in slots):
            return self.shortcuts[:limit]  # Django's "view on site": a content type, an object
        else:
            choices = [self.valid_for(slot)[:limit] for slot in slots]
        return [list(fill) for fill in itertools.islice(itertools.product(*choices), limit)]


def admin_query_keys():
    """Query parameters the registered ModelAdmins read: filters, date hierarchy, list controls."""
    keys = {"q", "o", "p", "e", "all", "_to_field", "_popup", "_changelist_filters"}  # ChangeList's
    for model_admin in admin.site._registry.values():
        for entry in model_admin.list_filter:
            spec = entry[0] if isinstance(entry, tuple) else entry
            if isinstance(spec, str):
                keys.update({f"{spec}__exact", f"{spec}__isnull", f"{spec}__gte", f"{spec}__lt"})
                keys.add(f"{spec}__id__exact")
            elif getattr(spec, "parameter_name", None):
                keys.add(spec.parameter_name)
        if model_admin.date_hierarchy:
            keys.update(
                f"{model_admin.date_hierarchy}__{part}" for part in ("year", "month", "day")
            )
    return sorted(keys)


class Counter:
    """Requests sent and 5xx answers seen, for the summary at the end of the run."""

    requests = 0
    server_errors = 0
    seconds = 0.0
    _started = None

    @classmethod
    def start(cls):
        cls._started = time.monotonic()

    @classmethod
    def stop(cls):
        if cls._started is not None:
            cls.seconds += time.monotonic() - cls._started
            cls._started = None

    @classmethod
    def figures(cls):
        return {
            "requests": cls.requests,
            "server_errors": cls.server_errors,
            "seconds": cls.seconds,
        }

    @classmethod
    def add(cls, figures):
        """Add the figures a pytest-xdist worker sent (see tests/conftest.py)."""
        if figures:
            cls.requests += figures["requests"]
            cls.server_errors += figures["server_errors"]
            cls.seconds += figures["seconds"]
