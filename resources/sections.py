"""Blocks this app adds to pages it does not own (see core.sections)."""

from core.sections import Section

from .models import Book, Syllabus


def person_books(person):
    books = list(Book.objects.published().by_person(person).for_lists())
    if not books:
        return None
    return Section("resources/includes/person_books.html", {"books": books}, "Books")


def person_syllabi(person):
    syllabi = list(Syllabus.objects.published().by_person(person).for_lists())
    if not syllabi:
        return None
    return Section("resources/includes/person_syllabi.html", {"syllabi": syllabi}, "Course syllabi")
