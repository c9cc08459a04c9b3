"""Names an editor types once in English and once in Russian (categories, topics, series …).

Two plain columns, `name` (English, required) and `name_ru` (Russian, may be empty), and one
mixin: `label` (and `str()`) is the name for the active language
(`django.utils.translation.get_language()`), the Russian falling back to the English when it
is empty. Both are columns of the same row, so showing either costs no query, and the search
index reads both (ponars/search/kinds.py).
"""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


def is_russian(language=None):
    return (language or get_language() or "en").split("-")[0] == "ru"


def localized(english, russian, language=None):
    """`russian` when the language (default: the active one) is Russian and it is set."""
    return russian if russian and is_russian(language) else english


def russian_name_field(max_length):
    return models.CharField(
        _("Russian name"),
        max_length=max_length,
        blank=True,
        help_text=_("Shown in the Russian interface; when empty, the English name is shown."),
    )


class TranslatedName:
    """`label`: `name_ru` in the Russian interface when it is set, otherwise `name`."""

    @property
    def label(self):
        return localized(self.name, self.name_ru)

    def __str__(self):
        return self.label
