"""HTML sanitising for everything editors type as rich text (nh3 / ammonia).

Two sanitisers share these lists: `clean_html`, which every model runs on save, and the
rich-text editor's own (django-prose-editor's `sanitize=True`, built per field from the
extensions it offers, core.richtext). The editor's media extensions (static/js/editor-media.js:
image figures, embeds, pull quotes) produce exactly `MEDIA`, and nothing else of it is kept:
each class name is allowed on its one tag, an image only from this site's media, an embed's
provider and id only as core.embeds knows them.
"""

import re
from urllib.parse import unquote, urlsplit

import nh3
from django.conf import settings
from django.core.files.storage import default_storage

from . import embeds

ALLOWED_TAGS = {
    "p",
    "br",
    "hr",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "sub",
    "sup",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "figure",
    "figcaption",
    "img",
    "table",
    "thead",
    "tbody",
    "tr",
    "th",
    "td",
    "caption",
    "code",
    "pre",
    "abbr",
    "cite",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title", "hreflang"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "abbr": {"title"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto"}

# What each media extension of the editor produces: tags, attributes and class names.
#   ImageFigure: <figure class="image"><img src alt width height>
#                <figcaption>caption <span class="credit">credit</span></figcaption></figure>
#   Embed:       <figure class="embed" data-provider data-id><a href>address</a></figure>
#   PullQuote:   <blockquote class="pullquote">
MEDIA = {
    "ImageFigure": (
        {"figure", "figcaption", "img", "span"},
        {"img": {"src", "alt", "width", "height"}},
        {"figure": {"image"}, "span": {"credit"}},
    ),
    "Embed": (
        {"figure", "a"},
        {"figure": {"data-provider", "data-id"}, "a": {"href"}},
        {"figure": {"embed"}},
    ),
    "PullQuote": ({"blockquote"}, {}, {"blockquote": {"pullquote"}}),
}
IMAGE_SIZE = re.compile(r"^[1-9][0-9]{0,4}$")


def media_prefixes():
    """Where this site's uploads are served from: MEDIA_URL (relative, or an https address)
    and the storage's own address (a bucket or CDN)."""
    prefixes = {default_storage.url("probe").removesuffix("probe"), settings.MEDIA_URL}
    return tuple(p for p in prefixes if p.startswith(("/", "https://")) and not p.startswith("//"))


def is_site_media(url):
    if ".." in unquote(url) or "\\" in url or not url.startswith(media_prefixes()):
        return False
    parts = urlsplit(url)
    return parts.scheme in {"", "https"} and not parts.query and not parts.fragment


def filter_attribute(tag, name, value):
    """nh3's attribute filter for the media extensions' attributes; others pass as they are."""
    if tag == "img" and name == "src":
        return value if is_site_media(value) else None
    if tag == "img" and name in {"width", "height"}:
        return value if IMAGE_SIZE.match(value) else None
    if tag == "figure" and name == "data-provider":
        return value if value in embeds.providers() else None
    if tag == "figure" and name == "data-id":
        return value if embeds.EMBED_ID.match(value) else None
    return value


def add_media(extension, config):
    """Add what `extension` produces to `config` (nh3's keyword arguments)."""
    tags, attributes, classes = MEDIA[extension]
    config.setdefault("tags", set()).update(tags)
    for tag, names in attributes.items():
        config.setdefault("attributes", {}).setdefault(tag, set()).update(names)
    for tag, names in classes.items():
        config.setdefault("allowed_classes", {}).setdefault(tag, set()).update(names)
    config["attribute_filter"] = filter_attribute


def editor_processor(extension):
    """The processor django-prose-editor calls for one of the media extensions (settings
    DJANGO_PROSE_EDITOR_EXTENSIONS), so that a field's own sanitiser keeps what it offers."""

    def process(_extension_config, shared_config):
        add_media(extension, shared_config)

    return process


def _clean_html_config():
    config = {
        "tags": set(ALLOWED_TAGS),
        "attributes": {k: set(v) for k, v in ALLOWED_ATTRIBUTES.items()},
    }
    for extension in MEDIA:
        add_media(extension, config)
    return config


_cleaner = nh3.Cleaner(
    **_clean_html_config(),
    url_schemes=URL_SCHEMES,
    link_rel="noopener noreferrer",
    strip_comments=True,
)


# An image whose address the filter removed is removed with it.
IMAGE_WITHOUT_SOURCE = re.compile(r"<img(?![^>]*\ssrc=)[^>]*>")


def clean_html(html: str | None) -> str:
    """Return `html` with scripts, event handlers, styles and unsafe URLs removed."""
    if not html:
        return ""
    cleaned = IMAGE_WITHOUT_SOURCE.sub("", _cleaner.clean(html)).strip()
    # An editor's empty document is "<p></p>": store it as empty.
    return "" if cleaned in {"<p></p>", "<p><br></p>"} else cleaned
