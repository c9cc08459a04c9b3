"""`{% names people %}`: every list of people on the site (bylines, speakers, guests, hosts).

    {% names article.credited_people %}        "A, B and C", each name a link to the person's page
    {% names people plain=True %}              the names without links
    {% names people nobody=SITE_NAME %}        the text shown when there is nobody
    {% names people as_list=True %}            a <ul>, one person per item; with formal=True the
        name with its honorific, with detail="headline" (", position, affiliation") or
        detail="affiliation" after the name

    {% member_card person grouped=grouped role_title=… %}   a person's card in the directory
        and the Executive Committee (h3 under a group's heading when `grouped`, else h2)

Made in Python rather than by a template included once per card: a list page shows a byline on
each of its twenty cards, the directory sixty cards."""

from django import template
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, pgettext

from core.cards import picture

register = template.Library()


@register.simple_tag
def names(people, plain=False, nobody="", as_list=False, formal=False, detail=""):
    people = list(people or ())
    if as_list:
        items = []
        for person in people:
            after = ""
            if detail == "headline" and person.headline:
                after = person.headline
            elif detail == "affiliation" and person.affiliation:
                after = person.affiliation
            items.append(
                format_html(
                    '<li><a href="{}">{}</a>{}</li>',
                    person.get_absolute_url(),
                    person.display_name if formal else person.name,
                    format_html(", {}", after) if after else "",
                )
            )
        return mark_safe("<ul>" + "".join(items) + "</ul>")
    if not people:
        return conditional_escape(nobody)
    shown = [
        conditional_escape(person.name)
        if plain
        else format_html('<a href="{}">{}</a>', person.get_absolute_url(), person.name)
        for person in people
    ]
    if len(shown) == 1:
        return mark_safe(shown[0])
    last = pgettext("between the last two names", "and")
    return mark_safe(", ".join(shown[:-1]) + f" {conditional_escape(last)} " + shown[-1])


@register.simple_tag
def member_card(person, grouped=False, role_title=""):
    if person.photo:
        photo = picture(
            person.photo_card, person.photo_card_fallback, "", 96, 96, img_class="member-photo"
        )
    else:
        photo = format_html(
            '<span class="member-photo member-initials" aria-hidden="true">{}</span>',
            person.name[:1],
        )
    heading = "h3" if grouped else "h2"
    lines = [
        format_html(
            '<{} class="member-name"><a href="{}">{}</a></{}>',
            heading,
            person.get_absolute_url(),
            person.display_name,
            heading,
        )
    ]
    if role_title:
        lines.append(format_html('<p class="member-role">{}</p>', role_title))
    if person.is_emeritus:
        lines.append(format_html('<p class="member-badge">{}</p>', gettext("Emeritus")))
    if person.affiliation:
        lines.append(format_html('<p class="member-affiliation">{}</p>', person.affiliation))
    if person.place:
        lines.append(format_html('<p class="member-place">{}</p>', person.place))
    text = "\n    ".join(lines)
    return format_html(
        '<li class="member-card">\n  {}\n  <div class="member-text">\n    {}\n  </div>\n</li>',
        photo,
        mark_safe(text),  # every line made by format_html above
    )
