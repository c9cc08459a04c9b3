"""Every field label the admin shows is in the reader's language (core.labels)."""

import re

import pytest
from django.urls import reverse
from django.utils import translation

from core.labels import project_fields
from tests.articles.factories import ArticleFactory

pytestmark = pytest.mark.django_db

# Names that stay as they are in Russian too.
LATIN_KEPT = re.compile(
    r"\b(ID|id|UID|GUID|IP|PDF|HTML|slug|URL|RSS|iTunes|CSV|XLSX|alt|Apple Podcasts|Spotify|YouTube)\b"
)


def test_every_field_of_the_project_has_a_russian_label():
    untranslated = []
    with translation.override("ru"):
        for model, field in project_fields():
            label = LATIN_KEPT.sub("", str(field.verbose_name))
            if re.search(r"[A-Za-z]", label):
                untranslated.append(f"{model._meta.label}.{field.name}: {field.verbose_name}")
    assert not untranslated, untranslated


def test_the_russian_admin_labels_the_article_form_in_russian(admin_client):
    article = ArticleFactory()
    url = reverse("admin:articles_article_change", args=[article.pk])
    with translation.override("ru"):
        russian = admin_client.get("/ru" + url).content.decode()
    assert '<label class="required" for="id_title">Заголовок:</label>' in russian
    assert ">Рубрика:</label>" in russian
    english = admin_client.get(url).content.decode()
    assert '<label class="required" for="id_title">Title:</label>' in english


def test_every_admin_fieldset_title_has_a_russian_name():
    """The headings that group an admin form's fields ("Publishing", "Image") are translated."""
    from django.contrib import admin

    untranslated = []
    with translation.override("ru"):
        for model, model_admin in admin.site._registry.items():
            for title, _options in model_admin.get_fieldsets(None) if model_admin.fieldsets else []:
                if title and re.search(r"[A-Za-z]", LATIN_KEPT.sub("", str(title))):
                    untranslated.append(f"{model._meta.label}: {title}")
    assert not untranslated, untranslated
