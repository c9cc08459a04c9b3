"""`{% article_card article %}`: an article as a card in a list (home, lists, a person's page,
related articles, search).

    {% article_card article show_image=True show_summary=True level=2 %}

show_image: the card's picture when the article has one; show_summary: its summary, cut to
40 words; level: the heading level of its title (3 unless told). Made in Python rather than by
a template included once per card, with the byline of {% names %} and the comment count of
{% comment_count %}: a list shows twenty cards and a template include cost each ~0.3 ms."""

from django import template
from django.db.models import QuerySet
from django.utils import formats, translation
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext

from comments.templatetags.comment_threads import comment_count
from core import pagecache
from core.cards import date, picture, summary
from core.pagination import DeferredSlice
from members.templatetags.people import names

from ..models import Article

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


@register.simple_tag(takes_context=True)
def article_cards(context, articles, show_image=False, show_summary=False, level=3):
    """The cards of a list of articles (`article_card`'s options), each kept across changes of
    content (core.pagecache.kept_parts) under its id, the language and the options, until the
    article changes (its token: an edit, a credit, a comment approved on it) or a record does.
    A change to one article, or a comment approved on it, makes only that card again.

    `articles`: a QuerySet of articles (unevaluated) or a page of one (core.pagination's
    `DeferredSlice`): with kept parts on, only the ids are read for the list (one query, no
    model instances, no credits; none for a named page whose ids are kept), and the articles
    whose cards are not kept are loaded with their bylines. A list already read (instances) is
    made card by card."""
    variant = (
        f"{int(bool(show_image))}{int(bool(show_summary))}{int(level)}"
        f":{translation.get_language()}:{context.get('LANGUAGE_CODE')}"
    )

    def card(article):
        return article_card(context, article, show_image, show_summary, level)

    page = articles if isinstance(articles, DeferredSlice) else None
    if page is not None:
        articles = page.queryset
    if not isinstance(articles, QuerySet) or not pagecache.parts_kept():
        return mark_safe("".join(card(article) for article in articles))
    if page is not None:
        ids = page.kept_ids()
    else:
        ids = list(articles.prefetch_related(None).values_list("pk", flat=True))
    keys = {f"article:{pk}:{variant}": pk for pk in ids}

    def render(missing):
        found = (
            Article.objects.select_related("category")
            .with_credits()
            .with_comment_count()
            .in_bulk([keys[key] for key in missing])
        )
        return {key: card(found[keys[key]]) for key in missing if keys[key] in found}

    shown = {key: [(Article, pk)] for key, pk in keys.items()}
    cards = pagecache.kept_parts(keys, render, items=shown)
    return mark_safe("".join(cards.get(key, "") for key in keys))
