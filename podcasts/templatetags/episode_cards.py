"""`{% episode_credits episode %}` and `{% episode_card episode %}`: who is on an episode (its
page and its card) and an episode as a card in the show's list.

Made in Python rather than by templates included once per card (the show lists its episodes
by the page), with the guests of {% names %} and the count of {% comment_count %}."""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from comments.templatetags.comment_threads import comment_count
from core.cards import date, summary
from members.templatetags.people import names

register = template.Library()


@register.simple_tag
def episode_credits(episode):
    """“Host: A · Guests: B and C”, each name a link to the person's page."""
    host = episode.host
    # The translation holds the link's markup; the address and the name are escaped into it.
    hosted = gettext('Host: <a href="%(url)s">%(name)s</a>') % {
        "url": conditional_escape(host.get_absolute_url()),
        "name": conditional_escape(host.name),
    }
    parts = [format_html('<span class="episode-host">{}</span>', mark_safe(hosted))]
    guests = episode.credited_people
    if guests:
        parts.append(
            format_html(
                ' · <span class="episode-guests">{} {}</span>',
                ngettext("Guest:", "Guests:", len(guests)),
                names(guests),
            )
        )
    return mark_safe("".join(parts))


@register.simple_tag
def episode_card(episode):
    meta = [date(episode.published_at)]
    if episode.series:
        meta.append(format_html(' · <span class="episode-series">{}</span>', episode.series.label))
    if episode.duration:
        meta.append(
            format_html(
                ' · <span>{}<span class="visually-hidden"> {}</span></span>',
                episode.duration_display,
                gettext("(minutes:seconds)"),
            )
        )
    meta.append(comment_count(episode))
    parts = [
        format_html(
            '<article class="card episode-card">\n  <h3 class="card-title"><a href="{}">{}</a></h3>\n'
            '  <p class="card-meta">{}</p>\n  <p class="card-meta">{}</p>',
            episode.get_absolute_url(),
            episode.title,
            mark_safe("".join(meta)),  # each part made by format_html or comment_count
            episode_credits(episode),
        )
    ]
    if episode.summary:
        parts.append(summary(episode.summary, 50))
    parts.append("\n</article>")
    return mark_safe("".join(parts))
