"""Editors manage books, syllabi and hub entries in the admin: uploads checked, links checked, permissions."""

from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.text import slugify
from PIL import Image

from core.demo_images import picture
from core.publishing import Status
from resources import demo
from resources.demo import minimal_pdf
from resources.models import Book, HubEntry, Syllabus
from tests.members.factories import PersonFactory
from tests.resources.factories import (
    BookFactory,
    HubEntryFactory,
    ResourceTopicFactory,
    SyllabusFactory,
)

pytestmark = pytest.mark.django_db


def inline(prefix, rows=()):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": "0",
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        data.update({f"{prefix}-{index}-{key}": value for key, value in row.items()})
    return data


def book_data(**overrides):
    person, topic = PersonFactory(name="Sergei Medvedev"), ResourceTopicFactory(name="Russia")
    data = {
        "title": "The Return of the Russian Leviathan",
        "slug": "the-return-of-the-russian-leviathan",
        "publisher": "Polity",
        "year": "2020",
        "description": "Essays.",
        "prizes": "Pushkin House Book Prize 2020",
        "topics": [str(topic.pk)],
        "link": "https://www.politybooks.com/",
        "link_kind": "buy",
        "cover_alt": "Cover of the book",
        "status": "published",
        "published_at_0": "2020-10-30",
        "published_at_1": "09:00:00",
        **inline("credits", [{"person": str(person.pk), "order": "0"}]),
    }
    data.update(overrides)
    return data


def jpeg(name="cover.jpg"):
    return SimpleUploadedFile(name, picture("cover", 600, 900).read(), content_type="image/jpeg")


def test_editor_adds_a_book_with_cover_and_renditions_are_made_at_upload(client, editor, settings):
    client.force_login(editor)
    response = client.post(reverse("admin:resources_book_add"), book_data(cover=jpeg()))
    assert response.status_code == 302, response.content.decode()[:2000]
    book = Book.objects.get()
    assert [p.name for p in book.credited_people] == ["Sergei Medvedev"]
    assert book.topics.get().name == "Russia"
    renditions = list((settings.MEDIA_ROOT / "renditions").rglob("*"))
    assert any(p.suffix == ".webp" for p in renditions) and any(
        p.suffix == ".jpg" for p in renditions
    )
    with Image.open(book.cover_card_fallback.path) as image:
        assert image.size == (240, 360)
    page = client.get(book.get_absolute_url()).content.decode()
    assert "Pushkin House Book Prize 2020" in page and 'alt="Cover of the book"' in page


def test_cover_without_alt_text_is_refused(client, editor):
    client.force_login(editor)
    response = client.post(
        reverse("admin:resources_book_add"), book_data(cover=jpeg(), cover_alt="")
    )
    assert response.status_code == 200
    assert "alt text is required when there is a cover" in response.content.decode()
    assert not Book.objects.exists()


def test_a_cover_that_is_not_an_image_is_refused(client, editor):
    client.force_login(editor)
    fake = SimpleUploadedFile("cover.jpg", b"this is not an image", content_type="image/jpeg")
    response = client.post(reverse("admin:resources_book_add"), book_data(cover=fake))
    assert "Upload a valid image" in response.content.decode()
    assert not Book.objects.exists()


def test_an_oversized_cover_is_refused(client, editor, settings):
    settings.MAX_IMAGE_UPLOAD_BYTES = 1000
    client.force_login(editor)
    response = client.post(reverse("admin:resources_book_add"), book_data(cover=jpeg()))
    assert "the limit is 1000" in response.content.decode()
    assert not Book.objects.exists()


@pytest.mark.parametrize(
    "link",
    ["javascript:alert(1)", "ftp://example.org/book", "data:text/html,hi", "mailto:a@example.org"],
)
def test_links_that_are_not_http_are_refused(client, editor, link):
    client.force_login(editor)
    response = client.post(reverse("admin:resources_book_add"), book_data(link=link))
    assert response.status_code == 200
    assert (
        "Enter a web address starting with http:// or https://" in response.content.decode()
        or "Enter a valid URL" in response.content.decode()
    )
    assert not Book.objects.exists()
    topic = ResourceTopicFactory()
    response = client.post(
        reverse("admin:resources_hubentry_add"),
        {
            "title": "Data",
            "url": link,
            "annotation": "x",
            "kind": "dataset",
            "topic": topic.pk,
            "order": 0,
            "status": "published",
            "published_at_0": "2020-10-30",
            "published_at_1": "09:00:00",
        },
    )
    assert response.status_code == 200
    assert not HubEntry.objects.exists()


def test_the_database_refuses_non_http_links_from_any_writer():
    with pytest.raises(IntegrityError), transaction.atomic():
        BookFactory(link="javascript:alert(1)")
    with pytest.raises(IntegrityError), transaction.atomic():
        HubEntryFactory(url="ftp://example.org/")
    BookFactory(link="HTTPS://EXAMPLE.ORG/")  # scheme case does not matter


def syllabus_data(pdf, **overrides):
    person, topic = PersonFactory(name="Henry Hale"), ResourceTopicFactory(name="Regimes")
    data = {
        "title": "Politics of Post-Soviet Eurasia",
        "slug": "politics-of-post-soviet-eurasia",
        "institution": "George Washington University",
        "term": "Fall 2022",
        "level": "undergraduate",
        "summary": "Regimes and elections.",
        "topics": [str(topic.pk)],
        "pdf": pdf,
        "status": "published",
        "published_at_0": "2022-09-01",
        "published_at_1": "09:00:00",
        **inline("credits", [{"person": str(person.pk), "order": "0"}]),
    }
    data.update(overrides)
    return data


def test_editor_uploads_a_syllabus_pdf(client, editor):
    client.force_login(editor)
    pdf = SimpleUploadedFile(
        "course.pdf", minimal_pdf("Politics of Post-Soviet Eurasia"), content_type="application/pdf"
    )
    response = client.post(reverse("admin:resources_syllabus_add"), syllabus_data(pdf))
    assert response.status_code == 302, response.content.decode()[:2000]
    syllabus = Syllabus.objects.get()
    with syllabus.pdf.open("rb") as pdf_file:
        assert pdf_file.read(5) == b"%PDF-"
    assert [p.name for p in syllabus.credited_people] == ["Henry Hale"]


def test_a_file_that_is_not_a_pdf_is_refused(client, editor):
    client.force_login(editor)
    fake = SimpleUploadedFile(
        "course.pdf", b"<html>not a pdf</html>", content_type="application/pdf"
    )
    response = client.post(reverse("admin:resources_syllabus_add"), syllabus_data(fake))
    assert "This file is not a PDF" in response.content.decode()
    assert not Syllabus.objects.exists()


def test_an_oversized_pdf_is_refused(client, editor, settings):
    settings.MAX_PDF_UPLOAD_BYTES = 100
    client.force_login(editor)
    pdf = SimpleUploadedFile(
        "course.pdf", minimal_pdf("A long syllabus"), content_type="application/pdf"
    )
    response = client.post(reverse("admin:resources_syllabus_add"), syllabus_data(pdf))
    assert "the limit is 100" in response.content.decode()
    assert not Syllabus.objects.exists()


def test_a_syllabus_needs_its_pdf(client, editor):
    client.force_login(editor)
    response = client.post(reverse("admin:resources_syllabus_add"), syllabus_data(""))
    assert "This field is required" in response.content.decode()
    assert not Syllabus.objects.exists()


def test_editors_manage_every_resource_and_membership_staff_cannot(
    client, editor, membership_staff
):
    BookFactory()
    SyllabusFactory()
    HubEntryFactory()
    pages = ["book", "syllabus", "hubentry", "topic"]
    client.force_login(editor)
    for model in pages:
        assert client.get(reverse(f"admin:resources_{model}_add")).status_code == 200, model
        assert client.get(reverse(f"admin:resources_{model}_changelist")).status_code == 200, model
    client.force_login(membership_staff)
    for model in pages:
        assert client.get(reverse(f"admin:resources_{model}_add")).status_code == 403, model
    # They may look at books and syllabi, but not change them.
    book = Book.objects.get()
    assert client.get(reverse("admin:resources_book_changelist")).status_code == 200
    response = client.post(
        reverse("admin:resources_book_change", args=[book.pk]), {"title": "Changed"}
    )
    assert response.status_code == 403
    book.refresh_from_db()
    assert book.title != "Changed"


def test_bulk_publish_and_unpublish(client, editor):
    drafts = [BookFactory(status=Status.DRAFT) for _ in range(2)]
    client.force_login(editor)
    url = reverse("admin:resources_book_changelist")
    response = client.post(
        url, {"action": "publish", "_selected_action": [b.pk for b in drafts]}, follow=True
    )
    assert "Published 2 books." in response.content.decode()
    assert Book.objects.published().count() == 2
    client.post(url, {"action": "unpublish", "_selected_action": [drafts[0].pk]})
    assert Book.objects.published().count() == 1


def test_admin_search_and_autocomplete_for_people_and_topics(client, editor):
    PersonFactory(name="Sergei Medvedev")
    ResourceTopicFactory(name="Russia")
    client.force_login(editor)
    people = client.get(
        reverse("admin:autocomplete"),
        {
            "term": "Medv",
            "app_label": "resources",
            "model_name": "bookauthor",
            "field_name": "person",
        },
    )
    assert "Sergei Medvedev" in people.content.decode()
    topics = client.get(
        reverse("admin:autocomplete"),
        {
            "term": "Rus",
            "app_label": "resources",
            "model_name": "book",
            "field_name": "topics",
        },
    )
    assert "Russia" in topics.content.decode()


@pytest.mark.parametrize("count", [1, 20])
def test_admin_changelists_run_a_fixed_number_of_queries(
    client, editor, django_assert_max_num_queries, count
):
    people = [PersonFactory(), PersonFactory()]
    for _ in range(count):
        BookFactory(authors=people)
        SyllabusFactory(instructors=people)
        HubEntryFactory()
    client.force_login(editor)
    for model in ["book", "syllabus", "hubentry"]:
        with django_assert_max_num_queries(16):
            response = client.get(reverse(f"admin:resources_{model}_changelist"))
        assert response.status_code == 200
        assert f"{count} " in response.content.decode()


class FakeCommand:
    stdout = StringIO()


def test_demo_seed_is_idempotent_and_has_the_pushkin_prize_book():
    names = {name for row in demo.BOOKS for name in row[1]} | {
        name for row in demo.SYLLABI for name in row[1]
    }
    for name in names:  # the people members.demo makes
        PersonFactory(name=name, slug=slugify(name))
    demo.seed(FakeCommand())
    counts = (Book.objects.count(), Syllabus.objects.count(), HubEntry.objects.count())
    demo.seed(FakeCommand())
    assert (Book.objects.count(), Syllabus.objects.count(), HubEntry.objects.count()) == counts
    book = Book.objects.published().get(title="The Return of the Russian Leviathan")
    assert book.year == 2020 and "Pushkin House Book Prize 2020" in book.prize_list
    assert [p.name for p in book.credited_people] == ["Sergei Medvedev"]
    assert book.cover and book.cover_alt
    assert Syllabus.objects.published().count() >= 3 and HubEntry.objects.published().count() >= 5
    for syllabus in Syllabus.objects.all():
        with syllabus.pdf.open("rb") as pdf_file:
            assert pdf_file.read(5) == b"%PDF-"


def test_minimal_pdf_is_a_well_formed_pdf():
    pdf = minimal_pdf("Politics (Fall 2022)", "Back\\slash")
    assert pdf.startswith(b"%PDF-1.4\n") and pdf.rstrip().endswith(b"%%EOF")
    assert 300 < len(pdf) < 1500
    # Every cross-reference entry points at the start of its object.
    xref_at = int(pdf.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    assert pdf[xref_at:].startswith(b"xref\n")
    entries = pdf[xref_at:].split(b"\n")[3:8]
    for number, entry in enumerate(entries, start=1):
        offset = int(entry.split()[0])
        assert pdf[offset:].startswith(b"%d 0 obj" % number)
    assert b"(Politics \\(Fall 2022\\)) Tj" in pdf


@pytest.mark.parametrize("year,ok", [(1799, False), (1800, True), (2020, True), (9999, False)])
def test_implausible_years_are_refused_with_a_message(year, ok):
    book = BookFactory.build(year=year)
    if ok:
        book.full_clean()
    else:
        with pytest.raises(ValidationError) as error:
            book.full_clean()
        assert "year" in error.value.message_dict
