"""HTML sanitising for everything editors type as rich text (nh3 / ammonia)."""

import nh3

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
    "img": {"src", "alt", "width", "height"},
    "th": {"colspan", "rowspan", "scope"},
    "td": {"colspan", "rowspan"},
    "abbr": {"title"},
    "ol": {"start"},
}
URL_SCHEMES = {"http", "https", "mailto"}

_cleaner = nh3.Cleaner(
    tags=ALLOWED_TAGS,
    attributes=ALLOWED_ATTRIBUTES,
    url_schemes=URL_SCHEMES,
    link_rel="noopener noreferrer",
    strip_comments=True,
)


def clean_html(html: str | None) -> str:
    """Return `html` with scripts, event handlers, styles and unsafe URLs removed."""
    if not html:
        return ""
    cleaned = _cleaner.clean(html).strip()
    # An editor's empty document is "<p></p>": store it as empty.
    return "" if cleaned in {"<p></p>", "<p><br></p>"} else cleaned


# The rich-text editor (django-prose-editor) set-up for short descriptions: event
# descriptions, show notes. It offers only what clean_html keeps.
BASIC_EDITOR_EXTENSIONS = {
    "Bold": True,
    "Italic": True,
    "Heading": {"levels": [2, 3]},
    "BulletList": True,
    "OrderedList": True,
    "ListItem": True,
    "Blockquote": True,
    "HardBreak": True,
    "Link": {"enableTarget": False},
    "History": True,
    # The browser's spell-check stays on (the editor switches it off by default).
    "NoSpellCheck": False,
}

# The full editor: article bodies and the editable pages (core.admin.PageAdmin).
RICH_TEXT_EXTENSIONS = {
    **BASIC_EDITOR_EXTENSIONS,
    "Underline": True,
    "Strike": True,
    "Subscript": True,
    "Superscript": True,
    "Heading": {"levels": [2, 3, 4]},
    "HorizontalRule": True,
    "Table": True,
    "TableRow": True,
    "TableHeader": True,
    "TableCell": True,
}
