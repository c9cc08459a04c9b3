from itertools import groupby

from django.conf import settings
from django.http import Http404
from django.shortcuts import get_object_or_404, render

from core.pagination import paginate
from core.sections import people_sections

from .forms import BookFilterForm, SyllabusFilterForm
from .models import Book, HubEntry, Syllabus

TEASER_COUNT = 4


def can_preview(user, model):
    return (
        user.is_active
        and user.is_staff
        and user.has_perm(f"resources.view_{model._meta.model_name}")
    )


def _filtered(request, form_class, queryset):
    """Apply a filter form; a bad value gives a message, an empty list and a 400."""
    form = form_class(request.GET)
    if form.is_valid():
        return form, form.filter(queryset), 200
    return form, queryset.none(), 400


def hub(request):
    entries = HubEntry.objects.published().select_related("topic")
    groups = [
        (topic, list(items)) for topic, items in groupby(entries, key=lambda entry: entry.topic)
    ]
    context = {
        "groups": groups,
        "books": list(Book.objects.published().for_lists()[:TEASER_COUNT]),
        "syllabi": list(Syllabus.objects.published().for_lists()[:TEASER_COUNT]),
    }
    return render(request, "resources/hub.html", context)


def book_list(request):
    form, books, status = _filtered(request, BookFilterForm, Book.objects.published().for_lists())
    page = paginate(request, books, settings.RESOURCES_PER_PAGE)
    return render(request, "resources/book_list.html", {"form": form, "page": page}, status=status)


def book_detail(request, slug):
    book = get_object_or_404(Book.objects.for_lists(), slug=slug)
    if not book.is_live and not can_preview(request.user, Book):
        raise Http404("No such book.")
    context = {
        "book": book,
        "is_preview": not book.is_live,
        "related": people_sections(book.author_people),
    }
    return render(request, "resources/book_detail.html", context)


def syllabus_list(request):
    form, syllabi, status = _filtered(
        request, SyllabusFilterForm, Syllabus.objects.published().for_lists()
    )
    page = paginate(request, syllabi, settings.RESOURCES_PER_PAGE)
    return render(
        request, "resources/syllabus_list.html", {"form": form, "page": page}, status=status
    )


def syllabus_detail(request, slug):
    syllabus = get_object_or_404(Syllabus.objects.for_lists(), slug=slug)
    if not syllabus.is_live and not can_preview(request.user, Syllabus):
        raise Http404("No such syllabus.")
    context = {
        "syllabus": syllabus,
        "is_preview": not syllabus.is_live,
        "related": people_sections(syllabus.instructor_people),
    }
    return render(request, "resources/syllabus_detail.html", context)
