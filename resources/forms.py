"""The filter forms of the Bookstore and Course Syllabi (GET, so a filtered list has an address).

Every choice comes from published records; anything else is an invalid choice, which the
page shows as a message with a 400 and an empty list — never a 500.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from core.filters import Select, SlugChoiceField, YearChoiceField
from members.models import Person

from .models import Book, Level, Syllabus, Topic


class ResourceFilterForm(forms.Form):
    """A resource list's filters: its topic, the person credited on it (`person_field`), and
    plain fields (`plain_filters`: field name -> lookup), all from published records."""

    model = None
    topics_lookup = ""  # Topic -> this model (its `related_name`)
    person_field = ""
    plain_filters = {}

    topic = SlugChoiceField(
        Topic.objects.none(),
        _("Any topic"),
        _("There is no topic “%(value)s” here. Pick one from the list."),
        label=_("Topic"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        published = self.model.objects.published()
        self.fields["topic"].queryset = Topic.objects.filter(
            **{f"{self.topics_lookup}__in": published}
        ).distinct()
        through = self.model.credits.rel.related_model  # BookAuthor, SyllabusInstructor
        credited = through._meta.get_field("person").related_query_name()
        item = self.model._meta.model_name
        self.fields[self.person_field].queryset = (
            Person.objects.filter(**{f"{credited}__{item}__in": published})
            .distinct()
            .order_by("sort_name")
        )

    def filter(self, items):
        data = self.cleaned_data
        if data.get("topic"):
            items = items.filter(topics=data["topic"])
        if data.get(self.person_field):
            items = items.credited_to(data[self.person_field])
        for name, lookup in self.plain_filters.items():
            if data.get(name):
                items = items.filter(**{lookup: data[name]})
        return items


class BookFilterForm(ResourceFilterForm):
    model = Book
    topics_lookup = "books"
    person_field = "author"
    plain_filters = {"year": "year"}

    author = SlugChoiceField(
        Person.objects.none(),
        _("Any author"),
        _("There is no author “%(value)s” here. Pick one from the list."),
        label=_("Author"),
    )
    year = YearChoiceField(
        _("There are no books from “%(value)s” here. Pick a year from the list.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        years = Book.objects.published().order_by("-year").values_list("year", flat=True)
        self.fields["year"].set_years("books", years.distinct)


class SyllabusFilterForm(ResourceFilterForm):
    model = Syllabus
    topics_lookup = "syllabi"
    person_field = "instructor"
    plain_filters = {"level": "level"}

    level = forms.ChoiceField(
        label=_("Level"),
        widget=Select,
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
