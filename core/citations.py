"""How to cite an item: formatted citations and reference-manager downloads, from one place.

A model that can be cited gives `get_reference(request) -> Reference` (what a reference
manager needs: kind, title, authors in order, date, series and number, publisher, URL,
language, PDF). From it this module makes, without a query of its own:

- the "Cite this" box (`{% cite_this item %}`, core/templatetags/citations.py): APA 7th,
  Chicago 18th author-date and MLA 9th, rendered by citeproc-py from the official CSL style
  files shipped in `core/csl/` (CC BY-SA 3.0, see its README);
- the downloads under the item's page, `<item URL>cite.bib`, `cite.ris` and `cite.json`
  (BibTeX, RIS, CSL-JSON), through `citation_urls()` in the app's URLconf.

The Highwire Press `citation_*` tags (core.metadata.highwire_tags) come from the same
Reference, so the page, the downloads and what Google Scholar or Zotero reads agree.

Nothing here imports a domain app.
"""

from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache, partial
from pathlib import Path

from django.http import HttpResponse
from django.urls import re_path
from django.utils import timezone, translation
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from . import pagecache

STYLE_DIR = Path(__file__).resolve().parent / "csl"
SHARED_SECONDS = 2 * 24 * 3600  # the access date is part of the data: new keys every day

# (key, label, file in core/csl/), in the order the box shows them.
STYLES = [
    ("apa", _("APA (7th edition)"), "apa.csl"),
    ("chicago", _("Chicago (18th edition, author-date)"), "chicago-author-date.csl"),
    ("mla", _("MLA (9th edition)"), "modern-language-association.csl"),
]

# CSL locales per interface language (citeproc-py ships both).
CSL_LOCALES = {"en": "en-US", "ru": "ru-RU"}
LANGUAGE_NAMES = {"en": "english", "ru": "russian"}  # BibTeX's language field (babel names)


class CiteAs:
    """What an item is, for each format: (CSL type, BibTeX entry type, RIS type)."""

    REPORT = ("report", "techreport", "RPRT")  # a policy memo
    ARTICLE = ("post-weblog", "misc", "BLOG")  # an article on the site
    EPISODE = ("broadcast", "misc", "SOUND")  # a podcast episode
    LECTURE = ("speech", "misc", "VIDEO")  # a recorded lecture
    BOOK = ("book", "book", "BOOK")


@dataclass
class Author:
    name: str
    sort_name: str = ""  # "Surname, Given names"

    def csl(self):
        family, sep, given = (self.sort_name or "").partition(",")
        if sep and family.strip() and given.strip():
            return {"family": family.strip(), "given": given.strip()}
        return {"literal": self.name}

    def inverted(self):
        """ "Surname, Given names" (BibTeX and RIS), or the name as it is."""
        name = self.csl()
        return f"{name['family']}, {name['given']}" if "family" in name else name["literal"]


@dataclass
class Reference:
    kind: tuple
    title: str
    url: str  # absolute
    issued: date
    authors: list[Author] = field(default_factory=list)
    publisher: str = ""  # the network, or a book's publisher
    container: str = ""  # the website, the podcast, the lecture series
    genre: str = ""  # e.g. "<SITE_NAME> Policy Memo"
    number: str = ""  # memo or episode number
    language: str = "en"
    pdf_url: str = ""
    year_only: bool = False  # books: the year is all we know
    accessed: date | None = None  # default: today
    abstract: str = ""

    @property
    def key(self):
        """A citation key: first author's surname, year, first word of the title."""
        first = self.authors[0].csl() if self.authors else {"literal": self.publisher}
        surname = first.get("family") or first.get("literal") or "item"
        word = next(iter(slugify(self.title).split("-")), "") or "item"
        return re.sub(r"[^a-z0-9]", "", slugify(surname)) + str(self.issued.year) + word

    @property
    def access_date(self):
        return self.accessed or timezone.localdate()

    # -- CSL-JSON -----------------------------------------------------------------------

    def csl_json(self):
        csl_type, _, _ = self.kind
        parts = [self.issued.year] if self.year_only else list(self.issued.timetuple()[:3])
        accessed = self.access_date
        data = {
            "id": self.key,
            "type": csl_type,
            "title": self.title,
            "author": [author.csl() for author in self.authors],
            "issued": {"date-parts": [parts]},
            "accessed": {"date-parts": [[accessed.year, accessed.month, accessed.day]]},
            "URL": self.url,
            "language": self.language,
        }
        optional = {
            "publisher": self.publisher,
            "container-title": self.container,
            "genre": self.genre,
            "number": self.number,
            "abstract": self.abstract,
        }
        data.update({name: value for name, value in optional.items() if value})
        if not self.url:  # nothing to have accessed
            del data["URL"], data["accessed"]
        if not data["author"]:
            del data["author"]
        return data

    # -- BibTeX -------------------------------------------------------------------------

    def bibtex(self):
        _, entry_type, _ = self.kind
        fields = [
            ("author", " and ".join(_bib_name(author) for author in self.authors)),
            ("title", self.title),
        ]
        if entry_type == "techreport":
            fields += [
                ("institution", self.publisher),
                ("type", self.genre),
                ("number", self.number),
            ]
        elif entry_type == "book":
            fields += [("publisher", self.publisher)]
        else:
            fields += [("howpublished", self.container or self.publisher), ("note", self.genre)]
        fields += [("year", str(self.issued.year))]
        if not self.year_only:
            fields += [
                ("month", _MONTHS[self.issued.month - 1]),
                ("date", self.issued.isoformat()),
            ]
        fields += [
            ("url", self.url),
            ("urldate", self.access_date.isoformat() if self.url else ""),
            ("language", LANGUAGE_NAMES.get(self.language, self.language)),
        ]
        body = ",\n".join(
            f"  {name} = {value}" if name == "month" else f"  {name} = {{{_bib_escape(value)}}}"
            for name, value in fields
            if value
        )
        return f"@{entry_type}{{{self.key},\n{body}\n}}\n"

    # -- RIS (as Zotero's RIS translator reads it) ----------------------------------------

    def ris(self):
        _, _, ris_type = self.kind
        lines = [("TY", ris_type)]
        lines += [("AU", author.inverted()) for author in self.authors]
        lines += [("TI", self.title)]
        if ris_type == "RPRT":
            lines += [("T2", self.genre), ("SN", self.number), ("M3", self.genre)]
        elif ris_type != "BOOK":
            lines += [("T2", self.container), ("M1", self.number)]
        lines += [("PB", self.publisher), ("PY", str(self.issued.year))]
        if not self.year_only:
            lines += [("DA", self.issued.strftime("%Y/%m/%d"))]
        lines += [
            ("UR", self.url),
            ("L1", self.pdf_url),
            ("LA", self.language),
            ("Y2", self.access_date.strftime("%Y/%m/%d") if self.url else ""),
            ("AB", self.abstract),
        ]
        text = "".join(f"{tag}  - {_one_line(value)}\r\n" for tag, value in lines if value)
        return text + "ER  - \r\n"

    # -- formatted ----------------------------------------------------------------------

    def formatted(self, language=None):
        """[(key, label, text)] for each style of STYLES, in the interface language."""
        locale = CSL_LOCALES.get((language or translation.get_language() or "en")[:2], "en-US")
        texts = _render(json.dumps(self.csl_json(), sort_keys=True), locale)
        return [(key, label, text) for (key, label, _), text in zip(STYLES, texts, strict=True)]


_MONTHS = "jan feb mar apr may jun jul aug sep oct nov dec".split()

_BIB_SPECIAL = {
    "\\": r"\textbackslash{}",
    "{": r"\{",
    "}": r"\}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}


def _bib_escape(value):
    return "".join(_BIB_SPECIAL.get(char, char) for char in _one_line(value))


def _bib_name(author):
    name = author.csl()
    if "family" in name:
        return f"{name['family']}, {name['given']}"
    return "{" + name["literal"] + "}"  # an organisation or a one-word name: kept whole


def _one_line(value):
    return re.sub(r"\s+", " ", str(value)).strip()


@lru_cache(maxsize=1)
def _citeproc():
    """citeproc-py, imported when a citation is first rendered, not with this module (which
    the models import): it brings lxml, some 4 MiB that a process serving no "Cite this" box
    never needs.

    citeproc-py (0.11) does not know CSL 1.0.2's `initialize="false"` on cs:name, with which
    the current Chicago and MLA styles ask for full given names under a style-wide
    initialize-with: without this it would print "Smith, J." where the style says
    "Smith, John". Honour it: no initials for such a name."""
    import citeproc
    import citeproc.source.json
    from citeproc.model import Name

    get_option = Name.get_option

    def name_option(self, name, context=None, sort_options=None):
        if name == "initialize-with" and self.get("initialize") == "false":
            return None
        return get_option(self, name, context, sort_options)

    Name.get_option = name_option
    return citeproc


@lru_cache(maxsize=1024)
def _render(data_json, locale):
    """The item's text in each style. citeproc-py takes some 35 ms for the three styles, so a
    page does not pay it on every view: the same data (the access date is part of it, so at
    most a day) in the same locale is rendered once for every app server, kept in the shared
    cache (`pagecache.shared`: Redis, where configured), and once more per process in memory.
    A process that only reads them never imports citeproc-py and lxml (4.4 MiB)."""
    digest = hashlib.md5(f"{locale}\n{data_json}".encode(), usedforsecurity=False).hexdigest()
    render = partial(_render_here, data_json, locale)
    return tuple(pagecache.shared(f"citation:{digest}", render, SHARED_SECONDS))


def _render_here(data_json, locale):
    citeproc = _citeproc()
    data = json.loads(data_json)
    texts = []
    for _key, _label, filename in STYLES:
        bibliography = citeproc.CitationStylesBibliography(
            _style(filename, locale),
            citeproc.source.json.CiteProcJSON([data]),
            citeproc.formatter.plain,
        )
        bibliography.register(citeproc.Citation([citeproc.CitationItem(data["id"])]))
        texts.append(re.sub(r"\s+", " ", str(bibliography.bibliography()[0])).strip())
    return tuple(texts)


def _style(filename, locale):
    """A parsed style: 1–2.5 ms to parse, 0.8–2.2 MiB to keep (six, for two languages, were 8
    MiB in every worker), so parsed again for each of the rare renders (`_render`)."""
    return _citeproc().CitationStylesStyle(str(STYLE_DIR / filename), locale=locale, validate=False)


# -- downloads --------------------------------------------------------------------------

FORMATS = {
    # format: (file extension, Content-Type, label)
    "bib": ("bib", "application/x-bibtex; charset=utf-8", "BibTeX"),
    "ris": ("ris", "application/x-research-info-systems; charset=utf-8", "RIS"),
    "json": ("json", "application/vnd.citationstyles.csl+json; charset=utf-8", "CSL-JSON"),
}


def download(reference, fmt, filename):
    """The reference as a file to save (BibTeX, RIS or CSL-JSON)."""
    extension, content_type, _ = FORMATS[fmt]
    if fmt == "bib":
        body = reference.bibtex()
    elif fmt == "ris":
        body = reference.ris()
    else:
        body = json.dumps([reference.csl_json()], ensure_ascii=False, indent=2) + "\n"
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}.{extension}"'
    return response


def citation_urls(visible, prefix=""):
    """URL patterns `<prefix><slug>/cite.bib|ris|json` for an app's URLconf.

    `visible(request, slug)` returns the item its page would show (404 otherwise, with the
    same preview rule as the page)."""

    def view(request, slug, fmt):
        item = visible(request, slug)
        return download(item.get_reference(request), fmt, slugify(item.slug)[:80] or "reference")

    return [
        re_path(
            rf"^{re.escape(prefix)}(?P<slug>[-a-zA-Z0-9_]+)/cite\.(?P<fmt>bib|ris|json)$",
            view,
            name="cite",
        )
    ]


def download_links(item):
    """[(label, path)] of an item's downloads (beside its page: `<page>cite.<format>`)."""
    base = item.get_absolute_url()
    return [(label, f"{base}cite.{fmt}") for fmt, (_, _, label) in FORMATS.items()]
