"""The filter form above the list of all articles (GET: a filtered list has an address).

Category, year and language of the text; every choice comes from published articles (or the
site's languages), anything else is an invalid choice that the page shows as a message with a
400 and no items (core.filters).
"""

from django import forms
from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from core import pagecache
from core.filters import Select, SlugChoiceField, YearChoiceField
from core.publishing import Language

from .models import Article, Category

# Each language's name in itself, as a reader of it looks for it whatever the interface.
LANGUAGE_AUTONYMS = {"en": "English", "ru": "Русский"}


class LanguageSelect(Select):
    """Each language's name in itself, marked as written in it (<option lang="ru">Русский)."""

    def create_option(self, name, value, *args, **kwargs):
        option = super().create_option(name, value, *args, **kwargs)
        if value:
            option["attrs"]["lang"] = value
        return option


class ArticleFilterForm(forms.Form):
    category = SlugChoiceField(
        Category.objects.none(),
        _("Any category"),
        _("There is no category “%(value)s” here. Pick one from the list."),
        label=_("Category"),
    )
    year = YearChoiceField(
        _("There are no articles from “%(value)s” here. Pick a year from the list.")
    )
    language = forms.ChoiceField(
        label=_("Language of the text"),
        required=False,
        widget=LanguageSelect,
        choices=[("", _("All languages"))]
        + [(code, LANGUAGE_AUTONYMS[code]) for code in Language.values],
        error_messages={
            "invalid_choice": _("There is no language “%(value)s” here. Pick one from the list.")
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        published = Article.objects.published()
        self.fields["category"].queryset = Category.objects.filter(
            Exists(published.filter(category=OuterRef("pk")))
        )
        # The categories that have published articles: kept until what lists of them hold changes.
        self.fields["category"].keep("articles", of=(pagecache.listing(Article),))
        self.fields["year"].set_years(
            "articles",
            lambda: [day.year for day in published.dates("published_at", "year", order="DESC")],
            of=(pagecache.listing(Article),),
        )

    def filter(self, articles):
        data = self.cleaned_data
        if data.get("category"):
            articles = articles.filter(category=data["category"])
        if data.get("year"):
            articles = articles.filter(published_at__year=data["year"])
        return articles.in_language(data.get("language") or None)

    @property
    def is_filtered(self):
        return self.is_bound and any(self.data.get(name) for name in self.fields)
