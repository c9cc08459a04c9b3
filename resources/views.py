from itertools import groupby

from django.conf import settings
from django.shortcuts import render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.filters import filtered_list
from core.metadata import collection_page
from core.publishing import get_visible_or_404
from core.sections import people_sections

from .forms import BookFilterForm, SyllabusFilterForm
from .models import Book, HubEntry, Syllabus

TEASER_COUNT = 4


def hub(request):
    entries = HubEntry.objects.published().select_related("topic")
    groups = [
        (topic, list(items)) for topic, items in groupby(entries, key=lambda entry: entry.topic)
    ]
    context = {
        "current": "hub",
        "groups": groups,
        "books": list(Book.objects.published().for_lists()[:TEASER_COUNT]),
        "syllabi": list(Syllabus.objects.published().for_lists()[:TEASER_COUNT]),
        "metadata": collection_page(
            request,
            _("Knowledge Hub"),
            _(
                "Curated data sets, reports, archives and institutions for research on Russia and Eurasia, "
                "with the members' Bookstore and Course Syllabi."
            ),
            within=[_("Digital Resources")],
        ),
    }
    return render(request, "resources/hub.html", context)


def resource_list(request, form_class, queryset, current, title, description):
    """A list narrowed by its filter form (core.filters). `current`: the list's name in the
    section's navigation ("books", "syllabi")."""
    context = {
        "current": current,
        "metadata": collection_page(request, title, description, within=[_("Digital Resources")]),
    }
    template = f"resources/{queryset.model._meta.model_name}_list.html"
    return filtered_list(
        request, form_class, queryset, template, settings.RESOURCES_PER_PAGE, context
    )


def book_list(request):
    description = gettext("Books by members of the %(site)s network, by topic, author and year.")
    return resource_list(
        request,
        BookFilterForm,
        Book.objects.published().for_lists(),
        "books",
        _("Bookstore"),
        description % {"site": settings.SITE_NAME},
    )


def syllabus_list(request):
    description = _(
        "Course syllabi on Russia and Eurasia by members of the network, by topic, level and instructor."
    )
    return resource_list(
        request,
        SyllabusFilterForm,
        Syllabus.objects.published().for_lists(),
        "syllabi",
        _("Course Syllabi"),
        description,
    )


def detail(request, model, slug, name, within):
    """A book's or a syllabus's page: readers see it once live, editors preview it before."""
    queryset = model.objects.for_lists().prefetch_related("topics")
    obj = get_visible_or_404(request, queryset, slug=slug)
    metadata = obj.get_metadata(request)
    metadata.within = [within]
    context = {
        name: obj,
        "related": people_sections(obj.credited_people),
        "metadata": metadata,
    }
    return render(request, f"resources/{name}_detail.html", context)


def visible_book(request, slug):
    return get_visible_or_404(request, Book.objects.for_lists(), slug=slug)


def book_detail(request, slug):
    return detail(request, Book, slug, "book", _("Bookstore"))


def syllabus_detail(request, slug):
    return detail(request, Syllabus, slug, "syllabus", _("Course Syllabi"))
