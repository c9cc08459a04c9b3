"""Field labels in the reader's language, for the fields that name no verbose_name.

Django writes such a label from the field's name ("title", "recorded on") as a plain string,
which no catalogue can translate. `translate_field_labels()` (run once from CoreConfig.ready)
makes the label of every concrete field of the project's own apps a lazy translation of that
same text, so /ru/admin/ says «Заголовок» where /admin/ says "Title". The model state and the
migrations are untouched: a field deconstructs from the verbose_name it was given (none).
The texts are listed here so that `make messages` puts them in the catalogue; a field added
later without a verbose_name shows English until its label is added here (a test checks).
"""

from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy, gettext_noop

LABELS = [
    gettext_noop("is public"),
    gettext_noop("published at"),
    gettext_noop("category id"),
    gettext_noop("date label"),
    gettext_noop("address"),
    gettext_noop("affiliation"),
    gettext_noop("annotation"),
    gettext_noop("article"),
    gettext_noop("artwork"),
    gettext_noop("audio"),
    gettext_noop("author"),
    gettext_noop("authors"),
    gettext_noop("bio"),
    gettext_noop("body"),
    gettext_noop("body html"),
    gettext_noop("book"),
    gettext_noop("category"),
    gettext_noop("city"),
    gettext_noop("comments open"),
    gettext_noop("confirm nonce"),
    gettext_noop("confirmation sent at"),
    gettext_noop("confirmed at"),
    gettext_noop("content object"),
    gettext_noop("content type"),
    gettext_noop("copyright"),
    gettext_noop("country"),
    gettext_noop("cover"),
    gettext_noop("created"),
    gettext_noop("created at"),
    gettext_noop("created by"),
    gettext_noop("description"),
    gettext_noop("email"),
    gettext_noop("end"),
    gettext_noop("ended"),
    gettext_noop("episode"),
    gettext_noop("episode type"),
    gettext_noop("event"),
    gettext_noop("expertise"),
    gettext_noop("expires"),
    gettext_noop("explicit"),
    gettext_noop("featured"),
    gettext_noop("format"),
    gettext_noop("guests"),
    gettext_noop("guid locked"),
    gettext_noop("honorific"),
    gettext_noop("host"),
    gettext_noop("id"),
    gettext_noop("image"),
    gettext_noop("image credit"),
    gettext_noop("institution"),
    gettext_noop("instructors"),
    gettext_noop("is policy memo"),
    gettext_noop("key"),
    gettext_noop("kind"),
    gettext_noop("language"),
    gettext_noop("lecturer"),
    gettext_noop("level"),
    gettext_noop("link kind"),
    gettext_noop("links out"),
    gettext_noop("moderated at"),
    gettext_noop("moderated by"),
    gettext_noop("moderation note"),
    gettext_noop("name"),
    gettext_noop("note"),
    gettext_noop("notes"),
    gettext_noop("object id"),
    gettext_noop("order"),
    gettext_noop("owner email"),
    gettext_noop("owner name"),
    gettext_noop("pdf fingerprint"),
    gettext_noop("people"),
    gettext_noop("person"),
    gettext_noop("photo"),
    gettext_noop("position"),
    gettext_noop("prizes"),
    gettext_noop("publisher"),
    gettext_noop("recorded on"),
    gettext_noop("registration deadline"),
    gettext_noop("role"),
    gettext_noop("season"),
    gettext_noop("secondary category"),
    gettext_noop("sequence"),
    gettext_noop("series"),
    gettext_noop("shared with"),
    gettext_noop("show notes"),
    gettext_noop("slug"),
    gettext_noop("sort name"),
    gettext_noop("start"),
    gettext_noop("started"),
    gettext_noop("status"),
    gettext_noop("summary"),
    gettext_noop("syllabus"),
    gettext_noop("tag"),
    gettext_noop("term"),
    gettext_noop("tier"),
    gettext_noop("time zone"),
    gettext_noop("title"),
    gettext_noop("topic"),
    gettext_noop("topics"),
    gettext_noop("transcript"),
    gettext_noop("uid"),
    gettext_noop("unsubscribed at"),
    gettext_noop("updated"),
    gettext_noop("user agent"),
    gettext_noop("value"),
    gettext_noop("venue"),
    gettext_noop("website"),
    gettext_noop("year"),
]


def project_fields():
    """Every concrete, declared field of the models of the apps in this repository."""
    root = Path(settings.BASE_DIR).resolve()

    def ours(config):
        # The repository's own apps; not the libraries of a virtualenv kept inside it (.venv).
        path = Path(config.path).resolve()
        return path.is_relative_to(root) and "site-packages" not in path.parts

    for config in apps.get_app_configs():
        if not ours(config):
            continue
        for model in config.get_models():
            if hasattr(model, "instance_type"):  # django-simple-history's copy of a model
                continue
            for field in model._meta.get_fields():
                declared_here = ours(field.model._meta.app_config)  # not a library's base
                if getattr(field, "concrete", False) and not field.auto_created and declared_here:
                    yield model, field


def translate_field_labels():
    for _model, field in project_fields():
        if not isinstance(field.verbose_name, Promise):
            field.verbose_name = gettext_lazy(field.verbose_name)
