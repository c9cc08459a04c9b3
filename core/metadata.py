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

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.templatetags.static import static
from django.urls import NoReverseMatch, reverse
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

SCHEMA_CONTEXT = "https://schema.org"
DEFAULT_DESCRIPTION = (
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
_site_feeds: list[tuple[str, str]] = []


def register_site_feed(title, url_name):
    """A feed for every page: `title` is its text, or a function that returns it (called for
    each page, so that a title made from settings follows them)."""
    if url_name not in {name for _, name in _site_feeds}:
        _site_feeds.append((title, url_name))


@dataclass
class FeedLink:
    title: str
    url: str
    type: str = "application/rss+xml"


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
    language: str = "en"
    json_ld: list[dict] = field(default_factory=list)  # schema.org objects, one block each
    feeds: list[FeedLink] = field(default_factory=list)  # page-specific feeds
    properties: list[tuple[str, str]] = field(default_factory=list)  # more og:/article: tags
    robots: str = ""  # e.g. "noindex" for a draft seen in preview
    # Versions of this text in other languages: <link rel="alternate" hreflang> for each and
    # for the page itself (content_alternates), og:locale:alternate.
    translations: list[Translation] = field(default_factory=list)
    # What the page is part of, for <title> only: "<title> · <within…> · <site name>".
    within: list[str] = field(default_factory=list)
    # False for answers that are no page to link to (errors, "comments are closed"): no
    # canonical link, OpenGraph/Twitter tags, feeds or JSON-LD.
    share: bool = True


def absolute(request, url):
    """`url` (a path or an absolute URL) as an absolute URL on the request's host."""
    if not url:
        return ""
    if url.startswith(("http://", "https://")):
        return url
    return request.build_absolute_uri(url)


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
    content_alternates: list = field(default_factory=list)  # [(language, absolute URL)]
    alternate_locales: list = field(default_factory=list)  # og:locale:alternate


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
    title = meta.title + (f" (page {number})" if number > 1 else "")
    parts = [title, *meta.within]
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
        locale=OG_LOCALES.get(meta.language, "en_US"),
        site_name=settings.SITE_NAME,
        twitter_card="summary",
        properties=[],
        feeds=[],
        json_ld=[],
        robots=meta.robots,
    )
    if request is None or not meta.share:
        return resolved
    image, width, height = meta.image, meta.image_width, meta.image_height
    if not image:
        image, (width, height) = static(DEFAULT_IMAGE), DEFAULT_IMAGE_SIZE
    feeds = list(meta.feeds)
    for feed_title, url_name in _site_feeds:
        try:
            url = reverse(url_name)
        except NoReverseMatch:
            continue
        feeds.append(FeedLink(feed_title() if callable(feed_title) else feed_title, url))
    seen = set()
    for feed in feeds:
        if feed.url not in seen:
            seen.add(feed.url)
            resolved.feeds.append(FeedLink(feed.title, absolute(request, feed.url), feed.type))
    # The large card is for landscape pictures; square artwork and portraits get the small one.
    large = bool(width and height and width >= 600 and width > height)
    resolved.canonical = absolute(request, _canonical_path(request, meta.url, number))
    resolved.image = absolute(request, image)
    resolved.image_alt = meta.image_alt or (
        settings.SITE_NAME if image == static(DEFAULT_IMAGE) else ""
    )
    resolved.image_width, resolved.image_height = width, height
    resolved.twitter_card = "summary_large_image" if large else "summary"
    resolved.properties = meta.properties
    resolved.json_ld = [json_ld_script(block) for block in meta.json_ld]
    resolved.content_alternates, resolved.alternate_locales = content_alternates(
        request, meta, resolved.canonical
    )
    return resolved


def content_alternates(request, meta, canonical):
    """hreflang pairs of a text and its translations (Metadata.translations), the page itself
    included as the rule asks, and their og:locale:alternate. Kept apart from the alternates
    of the interface languages: these name other texts."""
    if not meta.translations:
        return [], []
    pairs = [(meta.language, canonical)] + [
        (t.language, absolute(request, t.url)) for t in meta.translations
    ]
    locales = [OG_LOCALES[t.language] for t in meta.translations if t.language in OG_LOCALES]
    return pairs, locales


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
