"""`{% article_card article %}`: an article as a card in a list (home, lists, a person's page,
related articles, search).

    {% article_card article show_image=True show_summary=True level=2 %}

show_image: the card's picture when the article has one; show_summary: its summary, cut to
40 words; level: the heading level of its title (3 unless told). Made in Python rather than by
a template included once per card, with the byline of {% names %} and the comment count of
{% comment_count %}: a list shows twenty cards and a template include cost each ~0.3 ms."""

from django import template
from django.utils import formats
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from comments.templatetags.comment_threads import comment_count
from core.cards import date, picture, summary
from members.templatetags.people import names

register = template.Library()


@register.simple_tag(takes_context=True)
def article_card(context, article, show_image=False, show_summary=False, level=3):
    lang = article.language if article.language != context.get("LANGUAGE_CODE") else ""
    image = bool(article.image and show_image)
    parts = [format_html('<article class="card{}">', " has-image" if image else "")]
    if image:
        parts.append("\n  ")
        parts.append(
            picture(
                article.image_card,
                article.image_card_fallback,
                article.image_alt,
                640,
                360,
                css_class="card-image",
                lang=lang,
                decoding=True,
            )
        )
    category = article.category
    memo = (
        " · " + gettext("Memo No. %(number)s") % {"number": formats.localize(article.memo_number)}
        if article.memo_number
        else ""
    )
    parts.append(
        format_html(
            '\n  <div class="card-body">\n  <p class="card-category"><a href="{}">{}</a>{}</p>\n'
            '  <h{level} class="card-title"{lang}><a href="{}">{}</a></h{level}>\n'
            '  <p class="card-meta">{} · {}{}</p>',
            category.get_absolute_url(),
            category.label,
            memo,
            article.get_absolute_url(),
            article.title,
            names(article.credited_people, nobody=context.get("SITE_NAME", "")),
            date(article.published_at),
            comment_count(article),
            level=int(level),
            lang=format_html(' lang="{}"', lang) if lang else "",
        )
    )
    if show_summary and article.summary:
        parts.append(summary(article.summary))
    parts.append("\n  </div>\n</article>")
    return mark_safe("".join(parts))
