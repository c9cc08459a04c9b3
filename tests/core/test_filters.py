"""core.filters.Select: the select of every filter and search form, made in Python, must be the
markup Django's own widget templates make, whatever the choices, groups, selection and attrs."""

import re

import pytest
from django import forms

from articles.forms import LanguageSelect
from core.filters import Select

CHOICES = [
    ("", "Any <kind>"),
    ("Regions", [("ru", "Russia & co"), ("ua", "Ukraine")]),
    (2024, "2024"),
    ('x"y', "quote"),
]


def tags(html):
    """The markup without the white space between tags (Django's templates leave blank lines)."""
    return re.sub(r">\s+<", "><", html)


@pytest.mark.parametrize("value", [None, "ua", 2024, 'x"y', ["ru"]])
@pytest.mark.parametrize(
    "attrs", [None, {"id": "id_kind", "required": True, "aria-invalid": "true", "disabled": False}]
)
def test_select_renders_as_djangos_templates_do(value, attrs):
    ours = Select(choices=CHOICES).render("kind", value, attrs)
    theirs = forms.Select(choices=CHOICES).render("kind", value, attrs)
    assert tags(ours) == tags(theirs)
    assert "selected" in ours or value is None


def test_language_options_are_marked_with_their_language():
    html = LanguageSelect(choices=[("", "All"), ("ru", "Русский")]).render("language", "ru")
    assert '<option value="ru" selected lang="ru">Русский</option>' in html


@pytest.mark.django_db
def test_search_and_list_filters_use_it(client):
    for path in ["/articles/?year=2020", "/search/?q=russia", "/members/"]:
        response = client.get(path)
        assert "django/forms/widgets/select.html" not in [t.name for t in response.templates]
