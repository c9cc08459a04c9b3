"""File fields that store every upload under a name the site chooses.

The uploader's file name is never kept: a new file is stored as
`<upload_to>/<slug of the item>-<16 random hex digits>.<extension>`, the extension coming from
what the file is (Pillow's format for an image, `.pdf` for a PDF, the audio container for
audio), so a file can never be stored as `.html` or `.svg`. The random part makes each
upload's address new (no stale caches) and unguessable. Files already stored keep their names.

Where a file is stored follows whether readers can see its item (a `Publishable`: live, or a
draft or scheduled one): a file of an item readers cannot see is stored under `unpublished/`
in the private storage (core.storage.PublicationStorage, the storage of these fields), where
only staff reach it, and moves to the public storage when the item goes live (publication, or
its scheduled time: the task core.tasks.publish_scheduled_files) and back when it stops being
live; its image renditions follow. See docs/ARCHITECTURE.md, "Files of unpublished items".

The admin's form field is a plain file field with an `accept` hint: the content checks are
the model field's validators (core.validators), so the admin form and `full_clean()` give the
same messages.
"""

import functools
import logging
import operator
import secrets

from django import forms
from django.db import models, transaction
from django.db.models import Q
from django.db.models.fields.files import FieldFile, ImageFieldFile
from django.utils import timezone
from imagekit.models.fields.utils import ImageSpecFileDescriptor

from .publishing import Publishable, content_changed, publishable_models
from .slugs import make_slug
from .storage import UNPUBLISHED, is_unpublished, publication_storage
from .validators import identify_image

logger = logging.getLogger(__name__)

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

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("storage", publication_storage)
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        kwargs.pop("storage", None)  # always the same: nothing for a migration to record
        return name, path, args, kwargs

    def generate_filename(self, instance, filename):
        """An upload to an item readers cannot see goes straight to the private storage."""
        name = super().generate_filename(instance, filename)
        return name if files_public(instance) else UNPUBLISHED + name

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


# --- Files follow their item's visibility -------------------------------------------------------


def files_public(instance):
    """Whether `instance`'s files belong in the public storage: it is not a Publishable (a
    person's photo, the show's artwork), or readers can see it now."""
    return not isinstance(instance, Publishable) or instance.is_live


def upload_fields(model):
    return [f for f in model._meta.concrete_fields if isinstance(f, SiteNamed)]


def renditions(instance, field_name):
    """The image renditions (imagekit spec files) made from `instance`'s field `field_name`."""
    names = {
        attr
        for klass in type(instance).__mro__
        for attr, value in vars(klass).items()
        if isinstance(value, ImageSpecFileDescriptor) and value.source_field_name == field_name
    }
    for attr in sorted(names):
        instance.__dict__.pop(attr, None)  # made again from the field's current name
        yield getattr(instance, attr)


def move_files(instance):
    """Move each of `instance`'s files that is not where its visibility says (public storage if
    readers can see it, private if not) and make its renditions there; the new names are
    written with an UPDATE (no save: nothing else about the item changed) and content_changed is
    sent. The old copies and renditions are deleted once the new ones are in place. Returns the
    number of files moved."""
    public = files_public(instance)
    moved, old_files = {}, []
    for field in upload_fields(type(instance)):
        file = getattr(instance, field.attname)
        if not file.name or is_unpublished(file.name) != public:
            continue
        old_files += [(file.storage, file.name)]
        old_files += [(spec.storage, spec.name) for spec in renditions(instance, field.name)]
        target = file.name.removeprefix(UNPUBLISHED) if public else UNPUBLISHED + file.name
        with file.storage.open(file.name, "rb") as content:
            moved[field.attname] = file.storage.save(target, content)
    if not moved:
        return 0
    written = dict(moved)
    if any(field.name == "updated" for field in type(instance)._meta.concrete_fields):
        # What is kept of the item (its card, its box, its page: core.pagecache) is kept under
        # `updated`: its files' new addresses are a change of it.
        instance.updated = written["updated"] = timezone.now()
    type(instance)._base_manager.filter(pk=instance.pk).update(**written)
    for attname, name in moved.items():
        setattr(instance, attname, name)
        for spec in renditions(instance, type(instance)._meta.get_field(attname).name):
            spec.generate(force=True)
    for storage, name in old_files:
        storage.delete(name)
    # The item's pages now link other addresses: anything that keeps a copy (the page cache)
    # hears it as from any change (the UPDATE above sends nothing by itself).
    live = instance.is_live if isinstance(instance, Publishable) else True
    content_changed.send(
        sender=type(instance), instance=instance, was_live=live, is_live=live, listed=False
    )
    return len(moved)


def misplaced(model, now=None):
    """The items of `model` (a Publishable) with a file in the wrong storage: live with one under
    `unpublished/`, or not live with one outside it."""
    fields = upload_fields(model)
    if not fields:
        return model._base_manager.none()
    private = [Q(**{f"{f.attname}__startswith": UNPUBLISHED}) for f in fields]
    public = [~Q(**{f.attname: ""}) & ~q for f, q in zip(fields, private, strict=True)]
    live = Q(status__in=model.LIVE_STATUSES, published_at__lte=now or timezone.now())
    anyof = functools.partial(functools.reduce, operator.or_)
    return model._base_manager.filter((live & anyof(private)) | (~live & anyof(public)))


def move_all_files(now=None):
    """Move every misplaced file of every publishable model (what the scheduled task and
    `manage.py protect_files` run). Returns the number of files moved."""
    return sum(move_files(item) for model in publishable_models() for item in misplaced(model, now))


def files_follow_visibility(sender, instance, **kwargs):
    """content_changed receiver: once the change is committed, move the item's files if its
    visibility changed, and if it is scheduled, make sure the task that will publish its files
    at its time is queued."""
    model = type(instance)
    if not isinstance(instance, Publishable) or not upload_fields(model) or instance.pk is None:
        return
    transaction.on_commit(functools.partial(_after_commit, model, instance.pk))


def _after_commit(model, pk):
    from .tasks import schedule_file_publication

    item = model._base_manager.filter(pk=pk).first()
    if item is None:  # deleted
        return
    try:
        move_files(item)
    except Exception:  # the storage failed: the change is committed; the next sweep retries
        logger.exception("Could not move the files of %s %s", model._meta.label, pk)
        schedule_file_publication(timezone.now())
        return
    if item.is_scheduled:
        schedule_file_publication(item.published_at)
