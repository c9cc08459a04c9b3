"""GET filter forms above a list (Bookstore, Course Syllabi, articles): one way to make them.

A filter form is a plain `forms.Form` whose choices come from published records and that has
a `filter(queryset)` method. `filtered_list` reads it from the query string, so a filtered list
has an address and works without JavaScript: its pagination links keep the filter
(`{% querystring %}`), and a value the form does not know (?year=abc, ?topic=nope) shows a
message with a 400 and no items, never a 500. The form renders with
templates/includes/filter_form.html (a label on every control).

Nothing here imports a domain app.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.forms.models import ModelChoiceIterator
from django.shortcuts import render
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from . import pagecache
from .pagination import paginate


def _attrs(attrs):
    """What django/forms/widgets/attrs.html makes: ` name="value"`, ` name` for True, nothing
    for False."""
    return format_html_join(
        "",
        "{}{}",
        (
            (f" {name}", "" if value is True else format_html('="{}"', value))
            for name, value in attrs.items()
            if value is not False
        ),
    )


class Select(forms.Select):
    """forms.Select made in Python, as Django's templates for it would make it: a filter form
    renders its choices on every list page (a year or a category per option), and the widget
    templates took an include per option. Every select of a filter or search form is this."""

    def _render(self, template_name, context, renderer=None):
        widget = context["widget"]
        parts = [format_html('<select name="{}"{}>', widget["name"], _attrs(widget["attrs"]))]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('\n  <optgroup label="{}">', group_name))
            parts.extend(
                format_html(
                    '\n  <option value="{}"{}>{}</option>',
                    str(option["value"]),
                    _attrs(option["attrs"]),
                    option["label"],
                )
                for option in options
            )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))


class SlugChoiceField(forms.ModelChoiceField):
    """Choose a record by its slug (readable addresses: ?topic=russia), shown by its name in
    the reader's language (`str()`, see core.vocabulary.TranslatedName)."""

    widget = Select

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
        return str(obj)

    def keep(self, name, of):
        """Its choices read once per change of what they are made of (core.pagecache.remember:
        `of`, and the records they are), not on every request for the form: listed and
        checked from the kept records."""
        self.kept = pagecache.remember(f"choices:{name}", lambda: list(self.queryset), of=of)

    kept = None

    class iterator(ModelChoiceIterator):  # noqa: N801 -- ModelChoiceField's attribute
        def __iter__(self):
            if self.field.kept is None:
                yield from super().__iter__()
                return
            if self.field.empty_label is not None:
                yield ("", self.field.empty_label)
            for obj in self.field.kept:
                yield self.choice(obj)

        def __len__(self):
            if self.field.kept is None:
                return super().__len__()
            return len(self.field.kept) + (self.field.empty_label is not None)

    def to_python(self, value):
        if self.kept is None or value in self.empty_values:
            return super().to_python(value)
        for obj in self.kept:
            if obj.slug == str(value):
                return obj
        raise ValidationError(
            self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value}
        )


class YearChoiceField(forms.TypedChoiceField):
    """A year among those the list has (`set_years`); any other value is an invalid choice."""

    widget = Select

    def __init__(self, invalid, **kwargs):
        super().__init__(
            label=_("Year"),
            required=False,
            coerce=int,
            empty_value=None,
            error_messages={"invalid_choice": invalid},
            **kwargs,
        )

    def set_years(self, name, years, of=None):
        """The years `years()` lists, newest first, after "Any year": found once per change of
        content (core.pagecache.remember), not on every request for the list; with `of` (what
        they are made of: `pagecache.listing(Model)`), until that changes."""
        found = pagecache.remember(f"years:{name}", lambda: [int(y) for y in years()], of=of)
        self.choices = [("", _("Any year"))] + [(str(year), str(year)) for year in found]


def filtered_list(request, form_class, items, template, per_page, context=None, of=None):
    """A paginated list narrowed by a GET filter form; a bad value: a message, no items, 400.
    `items`: the QuerySet, or a function that makes it (built only when the list is shown,
    core.pagination.paginate, whose `of` names what its count is made of)."""
    form = form_class(request.GET)
    build = items if callable(items) else lambda: items
    if form.is_valid():
        status = 200
        page = paginate(request, lambda: form.filter(build()), per_page, of=of)
    else:
        status = 400
        page = paginate(request, lambda: build().none(), per_page)
    return render(request, template, {"form": form, "page": page, **(context or {})}, status=status)
