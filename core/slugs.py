"""Slugs: the one way the site makes a web-address segment from a name or a title.

`make_slug()` transliterates (python-slugify over text-unidecode: "Выборы в регионах" →
"vybory-v-regionakh", "Ольга Кириллова" → "olga-kirillova") so every slug is readable ASCII
and matches Django's `<slug:…>` URL converter. `SlugField` is the model field every slug of
the project uses: it accepts only what that converter accepts, with a message that says so.
`SluggedModel` fills an empty slug from the model's `SLUG_SOURCE` on every save (the admin
form, imports, demo content, any code), unique within the model. The admin does not pre-fill
slugs with Django's URLify script (it transliterates differently, х → h): the server is the
one slug maker.
"""

from django import forms
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from slugify import slugify as _transliterate

validate_url_slug = RegexValidator(
    r"\A[-a-zA-Z0-9_]+\Z",
    _(
        "Use only Latin letters without accents, digits, hyphens and underscores "
        "(for example “vybory-v-regionakh”), or leave the slug empty to make it from the name."
    ),
    "invalid",
)


SLUG_HELP = _("The page's address. Leave it empty to make it from the name.")


# Dropped, not made word breaks, as Django's slugify did before ("Russia's" → "russias",
# "U.S." → "us", "1980s–2010s" → "1980s2010s"), so that addresses made before stay the same.
DROPPED = [["'", ""], ["’", ""], ["‘", ""], [".", ""], ["–", ""], ["—", ""]]


def make_slug(text, max_length=100, fallback="item"):
    """Readable ASCII slug of `text`, at most `max_length` characters; `fallback` if none."""
    slug = _transliterate(
        str(text or ""),
        max_length=max_length,
        word_boundary=True,
        replacements=DROPPED,
        backend="text-unidecode",
    )
    return slug or fallback


def unique_slug(queryset, text, max_length=100, fallback="item", reserved=()):
    """`make_slug(text)`, with "-2", "-3"… when another row of `queryset` (or `reserved`) has it."""
    base = make_slug(text, max_length, fallback)
    taken = set(queryset.filter(slug__startswith=base).values_list("slug", flat=True))
    taken.update(reserved)
    slug, number = base, 2
    while slug in taken:
        suffix = f"-{number}"
        slug = base[: max_length - len(suffix)].rstrip("-") + suffix
        number += 1
    return slug


class SlugFormField(forms.SlugField):
    default_validators = [validate_url_slug]


class SlugField(models.SlugField):
    """models.SlugField that accepts only what the URL patterns accept, with a clear message.

    Stored as Django's SlugField (`deconstruct`): changing a field to it needs no migration
    unless the old field allowed Unicode (taggit's tag slugs).
    """

    default_validators = [validate_url_slug]

    def __init__(self, *args, **kwargs):
        kwargs["allow_unicode"] = False
        kwargs.setdefault("help_text", SLUG_HELP)
        super().__init__(*args, **kwargs)

    def formfield(self, **kwargs):
        return super().formfield(**{"form_class": SlugFormField, **kwargs})

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.SlugField", args, kwargs


class SluggedModel(models.Model):
    """Fills an empty `slug` from `SLUG_SOURCE` ("name" or "title") when the row is saved."""

    SLUG_SOURCE = "name"
    SLUG_FALLBACK = "item"
    RESERVED_SLUGS = frozenset()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = self.make_unique_slug()
        super().save(*args, **kwargs)

    def make_unique_slug(self):
        field = self._meta.get_field("slug")
        others = type(self)._default_manager.all()
        if self.pk:
            others = others.exclude(pk=self.pk)
        return unique_slug(
            others,
            getattr(self, self.SLUG_SOURCE),
            field.max_length,
            self.SLUG_FALLBACK,
            self.RESERVED_SLUGS,
        )


def transliterate_slugs(apps, model, paths, fallback="item"):
    """Data migrations: give every row of `model` ("app.Model") whose slug is not ASCII a
    transliterated unique one, and a permanent redirect (django.contrib.redirects) from each
    old address to the new; `paths` are the addresses with "{}" for the slug."""
    from django.conf import settings
    from django.utils.encoding import escape_uri_path

    Model = apps.get_model(model)
    rows = [
        row for row in Model._default_manager.all() if not validate_url_slug.regex.match(row.slug)
    ]
    if not rows:
        return
    Site = apps.get_model("sites", "Site")
    Redirect = apps.get_model("redirects", "Redirect")
    site, _ = Site.objects.get_or_create(
        pk=settings.SITE_ID, defaults={"domain": "example.com", "name": "example.com"}
    )
    max_length = Model._meta.get_field("slug").max_length
    for row in rows:
        old = row.slug
        others = Model._default_manager.exclude(pk=row.pk)
        row.slug = unique_slug(others, row.name, max_length, fallback)
        Model._default_manager.filter(pk=row.pk).update(slug=row.slug)
        for path in paths:
            Redirect.objects.update_or_create(
                site=site,
                old_path=escape_uri_path(path.format(old)),
                defaults={"new_path": path.format(row.slug)},
            )
