"""Books and syllabi in the sitemap (published ones only)."""

import pytest
from django.urls import reverse

from core.publishing import Status
from tests.resources.factories import BookFactory, SyllabusFactory

pytestmark = pytest.mark.django_db


def test_sitemap_lists_published_books_and_syllabi(client):
    book = BookFactory(cover=True)
    draft = BookFactory(status=Status.DRAFT)
    syllabus = SyllabusFactory()
    books = client.get(reverse("sitemap-section", kwargs={"section": "books"})).content.decode()
    assert book.get_absolute_url() in books and draft.get_absolute_url() not in books
    assert "/media/renditions/" in books  # the cover, for image search
    syllabi = client.get(reverse("sitemap-section", kwargs={"section": "syllabi"})).content.decode()
    assert syllabus.get_absolute_url() in syllabi
    pages = client.get(reverse("sitemap-section", kwargs={"section": "pages"})).content.decode()
    assert reverse("resources:books") in pages and reverse("resources:hub") in pages
