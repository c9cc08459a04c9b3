import re

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from articles.models import Language, Topic
from core.filters import Select
from members.models import Person

from .backends import Filters
from .kinds import registered
from .query import normalise

FIRST_YEAR = 1997  # PONARS was founded in 1997


CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(value):
    """Drop NUL and other control characters (they cannot be shown or searched)."""
    return CONTROL.sub("", value or "").strip()


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search for"), required=False, max_length=300)
    type = forms.ChoiceField(label=_("Type"), required=False, widget=Select)
    category = forms.ChoiceField(label=_("Category"), required=False, widget=Select)
    topic = forms.CharField(label=_("Topic"), required=False, max_length=120)
    author = forms.CharField(label=_("Author"), required=False, max_length=200)
    year = forms.TypedChoiceField(
        label=_("Year"), required=False, coerce=int, empty_value=None, widget=Select
    )
    language = forms.ChoiceField(label=_("Language"), required=False, widget=Select)

    def __init__(self, *args, categories=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["type"].choices = [("", _("Everything"))] + [
            (k.name, k.plural) for k in registered()
        ]
        self.categories = {c.slug: c for c in categories}
        self.fields["category"].choices = [("", _("Any category"))] + [
            (c.slug, c.label) for c in categories
        ]
        this_year = timezone.localdate().year
        self.fields["year"].choices = [("", _("Any year"))] + [
            (y, y) for y in range(this_year, FIRST_YEAR - 1, -1)
        ]
        self.fields["language"].choices = [("", _("Any language"))] + list(Language.choices)

    def clean_q(self):
        return clean_text(self.cleaned_data["q"])

    def clean_topic(self):
        value = clean_text(self.cleaned_data["topic"])
        if not value:
            return None
        topic = Topic.objects.filter(
            Q(slug=value) | Q(name__iexact=value) | Q(name_ru__iexact=value)
        ).first()
        if topic is None:
            raise forms.ValidationError(
                _("There is no topic called “%(value)s”."), params={"value": value}
            )
        return topic

    def clean_author(self):
        value = clean_text(self.cleaned_data["author"])
        if not value:
            return None
        person = Person.objects.filter(Q(slug=value) | Q(name__iexact=value)).first()
        if person is None:  # "Jean-Francois Ratelle" finds Jean-François Ratelle
            wanted = normalise(value)
            person = next(
                (
                    p
                    for p in Person.objects.filter(name__icontains=value.split()[-1][:20])
                    if normalise(p.name) == wanted
                ),
                None,
            )
        if person is None:
            raise forms.ValidationError(
                _("There is no author called “%(value)s”."), params={"value": value}
            )
        return person

    def filters(self):
        data = self.cleaned_data
        category = self.categories.get(data.get("category") or "")
        return Filters(
            kinds=[data["type"]] if data.get("type") else [],
            category_id=category.pk if category else None,
            topic_id=data["topic"].pk if data.get("topic") else None,
            author_id=data["author"].pk if data.get("author") else None,
            year=data.get("year"),
            language=data.get("language") or "",
        )
