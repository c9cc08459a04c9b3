"""File fields that store every upload under a name the site chooses.

The uploader's file name is never kept: a new file is stored as
`<upload_to>/<slug of the item>-<16 random hex digits>.<extension>`, the extension coming from
what the file is (Pillow's format for an image, `.pdf` for a PDF, the audio container for
audio), so a file can never be stored as `.html` or `.svg`. The random part makes each
upload's address new (no stale caches) and unguessable. Files already stored keep their names.

The admin's form field is a plain file field with an `accept` hint: the content checks are
the model field's validators (core.validators), so the admin form and `full_clean()` give the
same messages.
"""

import secrets

from django import forms
from django.db import models
from django.db.models.fields.files import FieldFile, ImageFieldFile

from .slugs import make_slug
from .validators import identify_image

STEM_LENGTH = 40


class UploadFormField(forms.FileField):
    """A file input that offers only the accepted types in the browser's file picker."""

    def __init__(self, *, accept="", **kwargs):
        self.accept = accept
        super().__init__(**kwargs)

    def widget_attrs(self, widget):
        attrs = super().widget_attrs(widget)
        if self.accept and isinstance(widget, forms.FileInput):
            attrs.setdefault("accept", self.accept)
        return attrs


class SiteNamedFile:
    """FieldFile mixin: `save()` ignores the name it is given and uses the field's."""

    def save(self, name, content, save=True):
        super().save(self.field.site_name(self.instance, content), content, save)


class SiteNamedFieldFile(SiteNamedFile, FieldFile):
    pass


class SiteNamedImageFieldFile(SiteNamedFile, ImageFieldFile):
    pass


class SiteNamed:
    """Field mixin; a subclass says which `extension()` a file's content is stored under."""

    accept = ""

    def extension(self, content):
        raise NotImplementedError

    def site_name(self, instance, content):
        label = getattr(instance, "slug", "") or str(instance)
        stem = make_slug(label, STEM_LENGTH, self.name)
        return f"{stem}-{secrets.token_hex(8)}.{self.extension(content)}"

    def formfield(self, **kwargs):
        # No max_length: the uploader's file name is not kept, so its length does not matter.
        defaults = {"form_class": UploadFormField, "accept": self.accept, "max_length": None}
        return super().formfield(**{**defaults, **kwargs})


class SiteNamedFileField(SiteNamed, models.FileField):
    attr_class = SiteNamedFieldFile


class PdfField(SiteNamedFileField):
    """A PDF document (validate with core.validators.validate_pdf); stored as `.pdf`."""

    accept = ".pdf,application/pdf"

    def extension(self, content):
        return "pdf"


class ImageUploadField(SiteNamed, models.ImageField):
    """A JPEG, PNG, WebP or GIF (validate with validate_image); stored as .jpg/.png/.webp/.gif."""

    attr_class = SiteNamedImageFieldFile
    accept = "image/jpeg,image/png,image/webp,image/gif"

    def extension(self, content):
        return identify_image(content).extension
