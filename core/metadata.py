"""Page metadata for search engines and link previews, from one place per model.

A model (or a view, for pages that are not one object) describes itself with a
`Metadata` value; `templates/base.html` renders it once through `{% page_metadata %}`
and `templates/includes/metadata.html`: the canonical link, OpenGraph and Twitter-card
tags, `<link rel="alternate">` feeds and one JSON-LD block per schema.org object.

The protocol (see docs/ARCHITECTURE.md, "Metadata"):

    class Episode(models.Model):
        def get_metadata(self, request) -> Metadata: ...

    # in the view's context:
    {"metadata": episode}            # an object with get_metadata(request), or
    {"metadata": Metadata(...)}      # a Metadata value built by the view

Without `metadata` in the context, `object` (generic views) and `flatpage` are tried, then
site-wide defaults. Paths are made absolute with the request's scheme and host.

Nothing here imports a domain app.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse, translate_url
from django.utils import translation
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import gettext, gettext_lazy

from .citations import CiteAs, Reference
from .feeds import ATOM_SUFFIX

SCHEMA_CONTEXT = "https://schema.org"
DEFAULT_DESCRIPTION = gettext_lazy(
    "Analysis and policy memos from an international network of scholars of Russia and Eurasia."
)
DEFAULT_IMAGE = "img/social.png"  # static file, 1200×630
DEFAULT_IMAGE_SIZE = (1200, 630)
LOGO = "img/logo.png"  # static file, 512×512
SOCIAL_PROFILES = [
    "https://www.facebook.com/PONARSEurasia",
    "https://twitter.com/PONARSEurasia",
    "https://www.youtube.com/@PONARSEurasia",
]
OG_LOCALES = {"en": "en_US", "ru": "ru_RU"}

# Feeds offered on every page (<link rel="alternate">): (title, URL name), added by apps
# in AppConfig.ready() with register_site_feed().
_site_feeds: list[tuple[str, str, bool]] = []


def register_site_feed(title, url_name, atom=False):
    """A feed for every page: `title` is its text, or a function that returns it (called for
    each page, so that a title made from settings follows them); `atom`: it has an Atom twin."""
    if url_name not in {name for _, name, _ in _site_feeds}:
        _site_feeds.append((title, url_name, atom))


@dataclass
class FeedLink:
    title: str
    url: str
    type: str = "application/rss+xml"
    atom: bool = False  # an Atom twin at url + "atom/" (core.feeds.atom): announced too


@dataclass
class Translation:
    """The same text in another language (an article and its translation), not the same
    page in another interface language."""

    language: str  # "en", "ru"
    url: str  # path or URL of that version


@dataclass
class Metadata:
    """What a page tells search engines and link previews about itself."""

    title: str
    description: str = ""
    url: str = ""  # canonical path or URL; default: the request's path
    type: str = "website"  # og:type: website, article, profile, …
    image: str = ""  # path or URL of a preview image (≥1200×630 for the large card)
    image_alt: str = ""
    image_width: int | None = None
    image_height: int | None = None
    language: str = ""  # the text's language (og:locale); default: the interface's
    json_ld: list[dict] = field(default_factory=list)  # schema.org objects, one block each
    feeds: list[FeedLink] = field(default_factory=list)  # page-specific feeds
    properties: list[tuple[str, str]] = field(default_factory=list)  # more og:/article: tags
    robots: str = ""  # e.g. "noindex" for a draft seen in preview
    # Versions of this text in other languages: the page's hreflang links name them
    # (`text_versions`), and og:locale:alternate.
    translations: list[Translation] = field(default_factory=list)
    # What the page is part of, for <title> only: "<title> · <within…> · <site name>".
    within: list[str] = field(default_factory=list)
    # False for answers that are no page to link to (errors, "comments are closed"): no
    # canonical link, OpenGraph/Twitter tags, feeds or JSON-LD.
    share: bool = True
    # What a scholarly page is, for Google Scholar and Zotero: the Highwire Press
    # citation_* tags are made from it (highwire_tags).
    citation: Reference | None = None
    # The same page in each interface language, {language code: path or URL}; default: this
    # page's address in every language of settings.LANGUAGES (see `language_versions`).
    alternates: dict[str, str] = field(default_factory=dict)


@dataclass
class Alternate:
    """One `<link rel="alternate" hreflang=…>`: the page in another language (or x-default)."""

    hreflang: str
    url: str
    name: str = ""  # the language named in itself, for the language switch
    current: bool = False


def absolute(request, url):
    """`url` (a path or an absolute URL) as an absolute URL on the request's host; without a
    request (the task worker), on SITE_URL."""
    if not url:
        return ""
    if url.startswith(("http://", "https://")):
        return url
    if request is None:
        return site_url(url)
    return request.build_absolute_uri(url)


def site_url(path):
    """A page's address on `SITE_URL`, never a request's host: for emails and what the worker
    makes (PDFs). Emails are sent away from the request that caused them and must link to the
    public site whoever caused them (pages and feeds use the request's host, as their
    canonical links do)."""
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def collection_page(request, title, description, url="", feeds=(), within=()):
    """Metadata for a page that lists things (a category, topic, series, directory …)."""
    url = url or request.path
    return Metadata(
        title=title,
        description=description,
        url=url,
        json_ld=[{"@type": "CollectionPage", "name": title, "url": absolute(request, url)}],
        feeds=list(feeds),
        within=list(within),
    )


class CollectionMetadata:
    """`get_metadata` of a model whose page lists things (a category, topic, series): its
    `label`, `collection_description()` and `collection_feeds()`."""

    def collection_description(self):
        raise NotImplementedError

    def collection_feeds(self):
        return []

    def get_metadata(self, request):
        return collection_page(
            request,
            self.label,
            self.collection_description(),
            url=self.get_absolute_url(),
            feeds=self.collection_feeds(),
        )


def plain_text(value, words=40, html=True):
    """A description from rich text (tags stripped) or plain text: whitespace folded, truncated."""
    value = value or ""
    text = re.sub(r"\s+", " ", strip_tags(value) if html else value).strip()
    return Truncator(text).words(words, truncate="…")


def organization(request):
    """The network as a schema.org Organization (publisher of articles, home page)."""
    return {
        "@type": "Organization",
        "@id": absolute(request, "/#organization"),
        "name": settings.SITE_NAME,
        "url": absolute(request, "/"),
        "logo": {
            "@type": "ImageObject",
            "url": absolute(request, static(LOGO)),
            "width": 512,
            "height": 512,
        },
        "sameAs": SOCIAL_PROFILES,
    }


def website(request, search_url_name="search:search"):
    """The site as a schema.org WebSite, with its search box when search exists."""
    data = {
        "@type": "WebSite",
        "@id": absolute(request, "/#website"),
        "name": settings.SITE_NAME,
        "url": absolute(request, "/"),
        "publisher": {"@id": absolute(request, "/#organization")},
    }
    try:
        search = reverse(search_url_name)
    except NoReverseMatch:
        return data
    data["potentialAction"] = {
        "@type": "SearchAction",
        "target": {
            "@type": "EntryPoint",
            "urlTemplate": absolute(request, search) + "?q={search_term_string}",
        },
        "query-input": "required name=search_term_string",
    }
    return data


def breadcrumbs(request, trail):
    """A BreadcrumbList from [(name, path), …]."""
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {"@type": "ListItem", "position": n, "name": name, "item": absolute(request, url)}
            for n, (name, url) in enumerate(trail, start=1)
        ],
    }


_JSON_ESCAPES = {
    ord("<"): "\\u003C",
    ord(">"): "\\u003E",
    ord("&"): "\\u0026",
    0x2028: "\\u2028",
    0x2029: "\\u2029",
}


def json_ld_script(data) -> SafeString:
    """A `<script type="application/ld+json">` data block.

    The same escaping as Django's json_script: `<`, `>` and `&` become \\u escapes, so no
    value can close the element (`</script>`) or open a comment. A data block is not
    executed, so the Content-Security-Policy (no inline scripts) does not apply to it.
    """
    if "@context" not in data:
        data = {"@context": SCHEMA_CONTEXT, **data}
    text = json.dumps(data, cls=DjangoJSONEncoder, ensure_ascii=False).translate(_JSON_ESCAPES)
    return mark_safe(f'<script type="application/ld+json">{text}</script>')  # noqa: S308 (escaped above)


@dataclass
class Resolved:
    """A Metadata value with every URL made absolute, ready for the template."""

    document_title: str  # <title>
    title: str  # og:title, twitter:title
    description: str
    canonical: str
    type: str
    image: str
    image_alt: str
    image_width: int | None
    image_height: int | None
    locale: str
    site_name: str
    twitter_card: str
    properties: list
    feeds: list
    json_ld: list
    robots: str
    citation_tags: list = field(default_factory=list)
    language: str = "en"  # the interface's language: <html lang>
    alternates: list = field(default_factory=list)  # Alternate, with x-default last
    # The language switch: this very address (query string too) in each language.
    switch: list = field(default_factory=list)
    alternate_locales: list = field(default_factory=list)  # og:locale:alternate


def resolve_kept(request, make, page=None, name="", **made_of) -> Resolved:
    """resolve(request, make(), page), kept for this address (scheme, host, path and query, the
    language) and `name` with what `made_of` says the page's subject is made of
    (core.pagecache.remember: records=True for a record or the site itself, of=… for items):
    a <head> is then made again when its subject changes, not after every publication.
    {% page_metadata %} shows a Resolved as it is. A form's answer (POST) is resolved here."""
    if request is None or request.method not in ("GET", "HEAD"):
        return resolve(request, make(), page)
    from . import pagecache  # it imports core.publishing, which imports the models' modules

    address = pagecache.page_key(request, translation.get_language())
    return pagecache.remember(
        f"head:{name}:{address}", lambda: resolve(request, make(), page), **made_of
    )


def resolve(request, source=None, page=None) -> Resolved:
    """What base.html renders in <head>: `<title>`, the description and, for a page to share,
    the canonical link, OpenGraph/Twitter tags, feeds and JSON-LD.

    `source` is a Metadata value or an object with get_metadata(request); `page` the list's
    page (core.pagination), whose number from 2 on goes into the title and canonical link.
    Without a request (error pages) nothing needs an absolute URL: the page is not shared.
    """
    if source is not None and not isinstance(source, Metadata):
        getter = getattr(source, "get_metadata", None)
        source = getter(request) if getter else _adapt(request, source)
    meta = source or Metadata(title=settings.SITE_NAME, description=DEFAULT_DESCRIPTION)
    number = getattr(page, "number", 1)
    title = str(meta.title)
    if number > 1:
        title = gettext("%(title)s (page %(number)s)") % {"title": title, "number": number}
    parts = [title, *(str(part) for part in meta.within)]
    if meta.title != settings.SITE_NAME:
        parts.append(settings.SITE_NAME)
    resolved = Resolved(
        document_title=" · ".join(parts),
        title=title,
        description=meta.description or DEFAULT_DESCRIPTION,
        canonical="",
        type=meta.type,
        image="",
        image_alt="",
        image_width=None,
        image_height=None,
        locale=OG_LOCALES.get(meta.language or translation.get_language(), "en_US"),
        site_name=settings.SITE_NAME,
        twitter_card="summary",
        properties=[],
        feeds=[],
        json_ld=[],
        robots=meta.robots,
        language=translation.get_language() or settings.LANGUAGE_CODE,
    )
    if request is not None:
        resolved.switch = [  # paths: a link within the site
            Alternate(code, url, name, code == resolved.language)
            for code, name, url in language_versions(full_path(request))
        ]
    if request is None or not meta.share:
        return resolved
    image, width, height = meta.image, meta.image_width, meta.image_height
    if not image:
        image, (width, height) = static(DEFAULT_IMAGE), DEFAULT_IMAGE_SIZE
    feeds = list(meta.feeds)
    for feed_title, url_name, has_atom in _site_feeds:
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        title = feed_title() if callable(feed_title) else feed_title
        feeds.append(FeedLink(title, url, atom=has_atom))
    seen = set()
    for feed in feeds:
        if feed.url not in seen:
            seen.add(feed.url)
            resolved.feeds.append(FeedLink(feed.title, absolute(request, feed.url), feed.type))
            if feed.atom:
                resolved.feeds.append(
                    FeedLink(
                        f"{feed.title} (Atom)",
                        absolute(request, feed.url + ATOM_SUFFIX),
                        "application/atom+xml",
                    )
                )
    # The large card is for landscape pictures; square artwork and portraits get the small one.
    large = bool(width and height and width >= 600 and width > height)
    # In the page's language: a path a model or view names (`/`, `/events/`) is the English one.
    canonical = language_url(_canonical_path(request, meta.url, number), resolved.language)
    resolved.canonical = absolute(request, canonical)
    resolved.alternates = [
        Alternate(code, absolute(request, url), name, code == resolved.language)
        for code, name, url in language_versions(canonical, text_versions(meta, canonical))
    ]
    if resolved.alternates:
        default = next(a for a in resolved.alternates if a.hreflang == settings.LANGUAGE_CODE)
        resolved.alternates.append(Alternate("x-default", default.url))
    resolved.image = absolute(request, image)
    resolved.image_alt = meta.image_alt or (
        settings.SITE_NAME if image == static(DEFAULT_IMAGE) else ""
    )
    resolved.image_width, resolved.image_height = width, height
    resolved.twitter_card = "summary_large_image" if large else "summary"
    resolved.properties = meta.properties
    resolved.json_ld = [json_ld_script(block) for block in meta.json_ld]
    if meta.citation is not None:
        resolved.citation_tags = highwire_tags(meta.citation)
    resolved.alternate_locales = [
        OG_LOCALES[t.language] for t in meta.translations if t.language in OG_LOCALES
    ]
    return resolved


def text_versions(meta, canonical):
    """The hreflang overrides of a page: `meta.alternates`, and for a text with translations
    (an article and its version in the other language, `meta.translations`) each language's
    own text in that language's interface. One set of hreflang links per page, then: a reader
    or crawler asking for Russian gets the Russian text, and the pairs are reciprocal."""
    overrides = dict(meta.alternates)
    if meta.translations:
        if meta.language:
            overrides.setdefault(meta.language, language_url(canonical, meta.language))
        for version in meta.translations:
            overrides.setdefault(version.language, language_url(version.url, version.language))
    return overrides


def highwire_tags(reference):
    """Highwire Press `<meta name="citation_…">` tags, as Google Scholar's inclusion guidelines
    and Zotero's Embedded Metadata translator read them: a policy memo is a technical report
    (institution and number; Zotero saves it as a Report), other articles appear in the site
    as their journal. Authors one tag each, in order; dates as YYYY/MM/DD."""
    tags = [("citation_title", reference.title)]
    tags += [("citation_author", author.inverted()) for author in reference.authors]
    tags += [("citation_publication_date", reference.issued.strftime("%Y/%m/%d"))]
    if reference.kind == CiteAs.REPORT:
        tags += [
            ("citation_technical_report_institution", reference.publisher),
            ("citation_technical_report_number", reference.number),
            ("citation_series_title", reference.genre),
        ]
    else:
        tags += [("citation_journal_title", reference.container or reference.publisher)]
    tags += [
        ("citation_publisher", reference.publisher),
        ("citation_language", reference.language),
        ("citation_public_url", reference.url),
        ("citation_abstract_html_url", reference.url),
        ("citation_pdf_url", reference.pdf_url),
    ]
    return [(name, value) for name, value in tags if value]


def language_url(url, code):
    """`url` (a path or absolute URL of a page in any language) in the language `code`: the same
    view and arguments under that language's prefix, query string kept (Django's
    `translate_url`, resolved in the language the address is in); unchanged if it is no page."""
    language = translation.get_language_from_path(urlsplit(url).path) or settings.LANGUAGE_CODE
    with translation.override(language):
        return translate_url(url, code)


def language_versions(url, overrides=None):
    """[(code, name, URL)] of the page at `url` in each language of settings.LANGUAGES:
    Django's `translate_url` (the same view and arguments under the other language's prefix,
    query string kept), or the address a model gives in `overrides`. Empty when the address
    is not one of the translated pages (the switch and hreflang then have nothing to offer).
    """
    overrides = overrides or {}
    current = translation.get_language()
    versions = []
    for code, name in settings.LANGUAGES:
        other = overrides.get(code) or (url if code == current else language_url(url, code))
        if code != current and other == url:
            return []
        versions.append((code, name, other))
    return versions


def full_path(request):
    """The request's path and query string (re-encoded: what a browser sent, percent-encoded)."""
    query = request.GET.urlencode()
    return f"{request.path}?{query}" if query else request.path


def _canonical_path(request, url, page_number=1):
    """The page's own address; a list's later pages keep their ?page= number."""
    if url and url != request.path:
        return url
    if page_number > 1:
        return f"{request.path}?page={page_number}"
    return request.path


def _adapt(request, obj):
    """Metadata for objects of models we do not own (flat pages)."""
    if obj.__class__.__name__ == "FlatPage" and obj._meta.app_label == "flatpages":
        # Django's flatpage view marks the title safe; it is text an editor typed, so take a
        # plain copy that the metadata template escapes (str.__str__ drops the "safe" mark).
        title = str.__str__(obj.title)
        return Metadata(
            title=title,
            description=plain_text(obj.content),
            url=obj.url,
            json_ld=[
                {
                    "@type": "WebPage",
                    "name": title,
                    "url": absolute(request, obj.url),
                    "isPartOf": {"@id": absolute(request, "/#website")},
                }
            ],
        )
    return None
