"""`{% book_card book show_description=… %}` and `{% syllabus_card syllabus show_summary=… %}`:
a book and a syllabus as cards in the collections' lists and on a person's page.

Made in Python rather than by templates included once per card (a list shows a page of them),
with the authors and instructors of {% names %}."""

from django import template
from django.utils.formats import localize
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, pgettext

from core.cards import picture, summary, words
from members.templatetags.people import names

register = template.Library()


@register.simple_tag
def book_card(book, show_description=False):
    if book.cover:
        cover = picture(
            book.cover_card, book.cover_card_fallback, book.cover_alt, 240, 360, indent=4
        )
    else:
        cover = format_html(
            '<div class="book-cover-placeholder" aria-hidden="true"><span>{}</span></div>',
            words(book.title, 8),
        )
    people = book.credited_people
    by = (
        format_html("{} {} · ", pgettext("followed by names", "By"), names(people))
        if people
        else ""
    )
    publisher = format_html("{}, ", book.publisher) if book.publisher else ""
    parts = [
        format_html(
            '<article class="book-card">\n  <div class="book-card-cover">\n    {}\n  </div>\n'
            '  <div class="book-card-body">\n    <h3 class="card-title"><a href="{}">{}</a></h3>\n'
            '    <p class="card-meta">{}{}{}</p>',
            cover,
            book.get_absolute_url(),
            book.title,
            by,
            publisher,
            localize(book.year),
        )
    ]
    prizes = book.prize_list
    if prizes:
        parts.append(
            format_html(
                '\n    <ul class="prize-list">{}</ul>',
                format_html_join("", "<li>{}</li>", ((prize,) for prize in prizes)),
            )
        )
    if book.description and show_description:
        parts.append(summary(book.description, indent=4))
    if book.link:
        parts.append(
            format_html(
                '\n    <p class="book-link"><a href="{}" rel="noopener">{}<span'
                ' class="visually-hidden">: “{}”</span> <span aria-hidden="true">↗</span></a></p>',
                book.link,
                book.get_link_kind_display(),
                book.title,
            )
        )
    parts.append("\n  </div>\n</article>")
    return mark_safe("".join(parts))


@register.simple_tag
def syllabus_card(syllabus, show_summary=False):
    people = syllabus.credited_people
    parts = [
        format_html(
            '<article class="card syllabus-card">\n  <p class="card-category">{} · {}</p>\n'
            '  <h3 class="card-title"><a href="{}">{}</a></h3>\n  <p class="card-meta">{}{}</p>',
            syllabus.get_level_display(),
            syllabus.term,
            syllabus.get_absolute_url(),
            syllabus.title,
            format_html("{} · ", names(people)) if people else "",
            syllabus.institution,
        )
    ]
    if show_summary:
        parts.append(summary(syllabus.summary))
    if syllabus.pdf:
        parts.append(
            format_html(
                '\n  <p class="syllabus-download"><a href="{}" download>{}<span'
                ' class="visually-hidden"> “{}”</span> (PDF)</a></p>',
                syllabus.pdf.url,
                gettext("Download the syllabus"),
                syllabus.title,
            )
        )
    parts.append("\n</article>")
    return mark_safe("".join(parts))
