"""Registries that let content apps add blocks to pages they do not own.

`members` must not import the content apps, and the home page should not need editing
for every new app. A content app's AppConfig derives from `SectionsConfig` and names the
functions of its `sections` module:

    sections = {"home": [(order, "func")],    # func(request) -> Section | None
                "person": [(order, "func")],  # func(person) -> Section | None
                "people": [(order, "func")]}  # func(people) -> Section | None

Each function runs a constant number of queries, so a page stays O(1) in queries.
"""

import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module

from django.apps import AppConfig
from django.utils.translation import get_language


@dataclass
class Section:
    template: str
    context: dict = field(default_factory=dict)
    title: str = ""
    feeds: list = field(default_factory=list)  # core.metadata.FeedLink for the page's <head>
    # A section made by kept_section(): what it shows, and the function making its context;
    # `of`: whose section it is, where the template shows more than the items (a person's).
    shows: list | None = None
    load: Callable[[], dict] | None = None
    of: str = ""

    def kept_name(self, language):
        """The name its HTML is kept under (core.pagecache.kept_parts): the template, whose it
        is, the language and the ids of the items it shows (`shows`: (model, id) pairs, whose
        tokens the part is kept under too)."""
        ids = [pk for _model, pk in self.shows]
        digest = hashlib.md5(repr(ids).encode(), usedforsecurity=False).hexdigest()
        return f"section:{self.template}:{self.of}:{language}:{digest}"


def kept_section(template, items, load, title="", empty=False):
    """A Section whose HTML is kept across changes of content (core.pagecache.kept_parts) until
    one of `items` changes (a QuerySet: what the section shows, in order; their tokens), so
    that a change to anything else does not make it again; which items it shows (their ids) is
    kept until what lists of their kind hold changes (`pagecache.listing`: a publication, not
    an edit), a record readers see changes or the next scheduled time comes, and for
    PAGE_CACHE_SECONDS at most (the next events: one that ended leaves the list then). The
    section is the same on every page that shows it. `load()` makes its context (the
    section's full queries), only when the HTML is not kept; a name instead of a function:
    the context is the items as a list under that name. Without items, None (no section),
    unless `empty`: the section says there is nothing. The template must show nothing but those
    items, the language and records readers see (whose changes renew every kept part), and no
    form. With kept parts off, `load()` is called here and `items` never read: the queries are
    the section's own."""
    from . import pagecache  # this module is imported by app configs, before the models

    if isinstance(load, str):
        name = load

        def load():
            found = list(items)
            return {name: found} if found or empty else None

    if not pagecache.parts_kept():
        context = load()
        return Section(template, context, title) if context is not None else None
    model = items.model
    ids = pagecache.remember(
        f"ids:section:{template}:{get_language()}",
        lambda: list(items.values_list("pk", flat=True)),
        of=(pagecache.listing(model),),
    )
    shows = [(model, pk) for pk in ids]
    if not shows and not empty:
        return None
    return Section(template, title=title, shows=shows, load=load)


_person_sections: list = []
_home_sections: list = []


def register_person_section(order, func):
    _person_sections.append((order, func))
    _person_sections.sort(key=lambda item: item[0])


def register_home_section(order, func):
    _home_sections.append((order, func))
    _home_sections.sort(key=lambda item: item[0])


def person_sections(person):
    return [s for _, func in _person_sections if (s := func(person)) is not None]


def home_sections(request):
    return [s for _, func in _home_sections if (s := func(request)) is not None]


# Content by a group of people (e.g. "articles by this book's authors"): an app that owns
# such content registers func(people) -> Section | None, with a constant number of queries.
# A page owned by another app (a book, a syllabus) shows the sections without importing it.
_people_sections: list = []


def register_people_section(order, func):
    _people_sections.append((order, func))
    _people_sections.sort(key=lambda item: item[0])


def people_sections(people):
    people = list(people)
    if not people:
        return []
    return [s for _, func in _people_sections if (s := func(people)) is not None]


_REGISTRIES = {
    "home": register_home_section,
    "person": register_person_section,
    "people": register_people_section,
}


class SectionsConfig(AppConfig):
    """The AppConfig of an app that adds blocks to other apps' pages (see the module's
    docstring). Not a candidate for Django's automatic AppConfig choice itself (`default`)."""

    default = False
    sections: dict = {}

    def ready(self):
        module = import_module(f"{self.name}.sections")
        for registry, entries in self.sections.items():
            for order, name in entries:
                _REGISTRIES[registry](order, getattr(module, name))
