"""Web-address fields: an address typed without a scheme is taken as https://.

Every URL field of the project's models is `HttpsURLField`, so every form made from a model
(the admin's forms and inlines, any ModelForm) gets `HttpsURLFormField`; a form that declares
its own web-address field (the comment form) uses `HttpsURLFormField` too. Django 6 makes
https the default; until then Django 5.2 warns about forms.URLField without `assume_scheme`,
and the tests turn that warning into an error, so a field made any other way fails them.
"""

from django import forms
from django.db import models


class HttpsURLFormField(forms.URLField):
    """forms.URLField taking "example.org/page" as "https://example.org/page"."""

    def __init__(self, *, assume_scheme="https", **kwargs):
        super().__init__(assume_scheme=assume_scheme, **kwargs)


class HttpsURLField(models.URLField):
    """models.URLField whose form field is `HttpsURLFormField`.

    It stores and validates exactly as Django's URLField, so migrations record it as that
    (`deconstruct`): changing a field to this class needs no migration.
    """

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": HttpsURLFormField, **kwargs})

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.URLField", args, kwargs
