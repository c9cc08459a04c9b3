"""What the cards of every list share: a date, a summary, a picture (for the card tags of each
app: articles' article_cards, events' event_cards, podcasts' episode_cards, resources'
resource_cards, members' people)."""

from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.text import Truncator


def date(value):
    """A card's date: `<time>` with the machine-readable value, shown in the site's time zone
    and the reader's language (what `{{ value|date:"DATE_FORMAT" }}` shows)."""
    local = timezone.template_localtime(value)
    return format_html(
        '<time datetime="{}">{}</time>', date_format(local, "c"), date_format(local, "DATE_FORMAT")
    )


def words(text, count):
    """`text` cut to `count` words, as the truncatewords filter cuts it."""
    return Truncator(text).words(count, truncate=" …")


def summary(text, count=40, indent=2):
    """A card's summary paragraph, on a line of its own: `text` cut to `count` words."""
    return format_html('\n{}<p class="card-summary">{}</p>', " " * indent, words(text, count))


def picture(
    rendition,
    fallback,
    alt,
    width,
    height,
    *,
    css_class="",
    img_class="",
    lang="",
    decoding=False,
    indent=2,
):
    """A card's image: the WebP rendition with the JPEG or PNG `fallback` (imagekit files,
    their `.url`), lazily loaded, `width` × `height` reserved; `lang` when the alt text is in
    another language than the page's; `indent` spaces before the closing tag."""
    inner = " " * (indent + 2)
    return format_html(
        '<picture{}>\n{}<source srcset="{}" type="image/webp">\n{}<img{} src="{}" alt="{}"{}'
        ' width="{}" height="{}" loading="lazy"{}>\n{}</picture>',
        format_html(' class="{}"', css_class) if css_class else "",
        inner,
        rendition.url,
        inner,
        format_html(' class="{}"', img_class) if img_class else "",
        fallback.url,
        alt,
        format_html(' lang="{}"', lang) if lang else "",
        width,
        height,
        mark_safe(' decoding="async"') if decoding else "",
        " " * indent,
    )
