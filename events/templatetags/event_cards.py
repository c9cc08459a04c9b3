"""`{% event_when event %}` and `{% event_card event %}`: when an event happens (its page and
its card) and an event as a card in a list (upcoming and past events, a series).

    {% event_card event heading="h3" show_recording=True %}

heading: the title's element ("h2" unless told); show_recording: a link to the recording when
the event has one. Made in Python rather than by templates included once per card (a list
shows twenty), with the speakers of {% names %} and the count of {% comment_count %}."""

from django import template
from django.utils.formats import date_format
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from comments.templatetags.comment_threads import comment_count
from core.cards import summary
from core.templatetags.times import zone
from members.templatetags.people import names

register = template.Library()


def _hours(times, start_day):
    """ "10:00 – 11:30 EST" (with the end's day when it ends on another), after `start_day`."""
    end_day = "" if times.same_day else date_format(times.end, "MONTH_DAY_FORMAT") + ", "
    return format_html(
        "{}{} – {}{} {}",
        start_day,
        date_format(times.start, "TIME_FORMAT"),
        end_day,
        date_format(times.end, "TIME_FORMAT"),
        zone(times.start),
    )


@register.simple_tag
def event_when(event):
    """The day and hours in the event's own zone, and in Washington's when that differs (the
    times are shown as they are, in their zones: no conversion to the site's)."""
    local, washington = event.local_times, event.washington_times
    start = local.start
    parts = [
        format_html(
            '\n<p class="event-when">\n  <time datetime="{}">{}, {}</time>\n'
            '  <span class="event-hours">{} <span class="event-zone">{}</span></span>',
            date_format(start, "c"),
            date_format(start, "l"),
            date_format(start, "DATE_FORMAT"),
            _hours(local, ""),
            gettext("(%(zone)s time)") % {"zone": local.label},
        )
    ]
    if washington:
        day = ""
        if washington.start.date() != start.date():
            day = format_html(
                "{}, {}, ",
                date_format(washington.start, "l"),
                date_format(washington.start, "MONTH_DAY_FORMAT"),
            )
        parts.append(
            format_html(
                '\n  <span class="event-hours event-hours-dc">{} <span class="event-zone">{}'
                "</span></span>",
                _hours(washington, day),
                gettext("(Washington time)"),
            )
        )
    parts.append("\n</p>\n")
    return mark_safe("".join(parts))


@register.simple_tag
def event_card(event, heading="h2", show_recording=False):
    cancelled = event.is_cancelled
    category = [format_html("{}", event.get_format_display())]
    if event.series:
        category.insert(
            0,
            format_html(
                '<a href="{}">{}</a> · ', event.series.get_absolute_url(), event.series.label
            ),
        )
    if cancelled:
        category.append(
            format_html(' · <strong class="event-badge">{}</strong>', gettext("Cancelled"))
        )
    category.append(comment_count(event))
    url = event.get_absolute_url()
    parts = [
        format_html(
            '<article class="card event-card{}">\n  <p class="card-category">{}</p>\n'
            '  <{} class="card-title"><a href="{}">{}</a></{}>\n  {}',
            " is-cancelled" if cancelled else "",
            mark_safe("".join(category)),  # each part made by format_html or comment_count
            heading,
            url,
            event.title,
            heading,
            event_when(event),
        )
    ]
    speakers, moderators = event.speakers, event.moderators
    if speakers:
        meta = format_html(
            "{} {}", ngettext("Speaker:", "Speakers:", len(speakers)), names(speakers)
        )
        if moderators:
            meta += format_html(
                " · {} {}",
                ngettext("Moderator:", "Moderators:", len(moderators)),
                names(moderators),
            )
        parts.append(format_html('\n  <p class="card-meta">{}</p>', meta))
    if event.summary:
        parts.append(summary(event.summary))
    if show_recording and event.recording_url:
        of_title = gettext("of “%(title)s”") % {"title": conditional_escape(event.title)}
        parts.append(
            format_html(
                '\n  <p class="event-recording-link"><a href="{}#recording">{}'
                '<span class="visually-hidden"> {}</span></a></p>',
                url,
                gettext("Watch the recording"),
                mark_safe(of_title),  # the translation, with the title escaped in it
            )
        )
    parts.append("\n</article>")
    return mark_safe("".join(parts))
