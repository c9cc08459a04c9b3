"""The filter forms of the Bookstore and Course Syllabi (GET, so a filtered list has an address).

Every choice comes from published records; anything else is an invalid choice, which the
page shows as a message with a 400 and an empty list — never a 500.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from members.models import Person

from .models import Book, Level, Syllabus, Topic


class SlugChoiceField(forms.ModelChoiceField):
    """Choose a record by its slug (readable addresses: ?topic=russia)."""

    def __init__(self, queryset, empty_label, invalid, **kwargs):
        super().__init__(
            queryset,
            to_field_name="slug",
            required=False,
            empty_label=empty_label,
            error_messages={"invalid_choice": invalid},
            **kwargs,
        )

    def label_from_instance(self, obj):
        return obj.name


def _people_of(through_lookup, published):
    return (
        Person.objects.filter(**{f"{through_lookup}__in": published})
        .distinct()
        .order_by("sort_name")
    )


class BookFilterForm(forms.Form):
    topic = SlugChoiceField(
        Topic.objects.none(),
        _("Any topic"),
        _("There is no topic “%(value)s” here. Pick one from the list."),
        label=_("Topic"),
    )
    author = SlugChoiceField(
        Person.objects.none(),
        _("Any author"),
        _("There is no author “%(value)s” here. Pick one from the list."),
        label=_("Author"),
    )
    year = forms.TypedChoiceField(
        label=_("Year"),
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={
            "invalid_choice": _(
                "There are no books from “%(value)s” here. Pick a year from the list."
            )
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        published = Book.objects.published()
        self.fields["topic"].queryset = Topic.objects.filter(books__in=published).distinct()
        self.fields["author"].queryset = _people_of("bookauthor_credits__book", published)
        years = published.order_by("-year").values_list("year", flat=True).distinct()
        self.fields["year"].choices = [("", _("Any year"))] + [(str(y), str(y)) for y in years]

    def filter(self, books):
        data = self.cleaned_data
        if data.get("topic"):
            books = books.filter(topics=data["topic"])
        if data.get("author"):
            books = books.credited_to(data["author"])
        if data.get("year"):
            books = books.filter(year=data["year"])
        return books


class SyllabusFilterForm(forms.Form):
    topic = SlugChoiceField(
        Topic.objects.none(),
        _("Any topic"),
        _("There is no topic “%(value)s” here. Pick one from the list."),
        label=_("Topic"),
    )
    level = forms.ChoiceField(
        label=_("Level"),
        required=False,
        choices=[("", _("Any level")), *Level.choices],
        error_messages={
            "invalid_choice": _("There is no level “%(value)s”. Pick one from the list.")
        },
    )
    instructor = SlugChoiceField(
        Person.objects.none(),
        _("Any instructor"),
        _("There is no instructor “%(value)s” here. Pick one from the list."),
        label=_("Instructor"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        published = Syllabus.objects.published()
        self.fields["topic"].queryset = Topic.objects.filter(syllabi__in=published).distinct()
        self.fields["instructor"].queryset = _people_of(
            "syllabusinstructor_credits__syllabus", published
        )

    def filter(self, syllabi):
        data = self.cleaned_data
        if data.get("topic"):
            syllabi = syllabi.filter(topics=data["topic"])
        if data.get("level"):
            syllabi = syllabi.filter(level=data["level"])
        if data.get("instructor"):
            syllabi = syllabi.credited_to(data["instructor"])
        return syllabi
