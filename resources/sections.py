"""Blocks this app adds to pages it does not own (see core.sections)."""

from django.utils.translation import gettext_lazy as _

from members.credits import credits_section

from .models import Book, Syllabus


def person_books(person):
    return credits_section(
        person,
        Book.objects.published().for_lists(),
        "resources/includes/person_books.html",
        _("Books"),
        "books",
    )


def person_syllabi(person):
    return credits_section(
        person,
        Syllabus.objects.published().for_lists(),
        "resources/includes/person_syllabi.html",
        _("Course syllabi"),
        "syllabi",
    )
