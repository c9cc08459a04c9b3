"""Uploads are checked by what they are and stored under names the site chooses (issue 13).

Defect 1: a file named x.html or x.svg that started with %PDF- was stored under its own
extension and linked from public pages. Defect 14: a 144-megapixel PNG was decoded and resized
inside the admin's request. Every file and image field is covered, in the admin form and in
the model's full_clean().
"""

import re

import PIL.ImageFile
import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from core.validators import check_image
from resources.models import Book, Syllabus
from tests.articles.factories import ArticleFactory, CategoryFactory, TopicFactory
from tests.articles.helpers import article_form
from tests.events.factories import EventFactory
from tests.helpers.uploads import FAKE_PDFS, SVG, encrypted_pdf, grey_png, image, real_pdf, upload
from tests.members.factories import PersonFactory
from tests.podcasts.factories import EpisodeFactory, ShowFactory, wav_bytes
from tests.resources.factories import BookFactory, SyllabusFactory
from tests.resources.test_admin import book_data, syllabus_data

pytestmark = pytest.mark.django_db

NOT_A_PDF = "This file is not a PDF. Upload a PDF document."
NOT_AN_IMAGE = "Upload a valid image: a JPEG, PNG, WebP or GIF file."
YEAR = timezone.now().year


def stored_files(settings):
    root = settings.MEDIA_ROOT
    return sorted(str(p.relative_to(root)) for p in root.rglob("*") if p.is_file())


def memo_form(**overrides):
    memos = CategoryFactory(name="Policy Memos", slug="policy-memos", is_policy_memo=True)
    return article_form(memos, PersonFactory(), TopicFactory(), memo_number="801", **overrides)


def errors_of(instance, field):
    with pytest.raises(ValidationError) as caught:
        instance.full_clean()
    return " ".join(caught.value.message_dict.get(field, []))


# Defect 1: PDFs


@pytest.mark.parametrize("name", sorted(FAKE_PDFS))
def test_html_or_svg_starting_with_the_pdf_header_is_refused_for_a_memo(
    client, editor, settings, name
):
    client.force_login(editor)
    data = memo_form(pdf=upload(name, FAKE_PDFS[name], "application/pdf"))
    response = client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 200
    assert NOT_A_PDF in response.content.decode()
    assert not Article.objects.exists()
    assert stored_files(settings) == []


@pytest.mark.parametrize("name", sorted(FAKE_PDFS))
def test_html_or_svg_starting_with_the_pdf_header_is_refused_for_a_syllabus(
    client, editor, settings, name
):
    client.force_login(editor)
    data = syllabus_data(upload(name, FAKE_PDFS[name], "application/pdf"))
    response = client.post(reverse("admin:resources_syllabus_add"), data)
    assert NOT_A_PDF in response.content.decode()
    assert not Syllabus.objects.exists()
    assert stored_files(settings) == []


@pytest.mark.parametrize("name", sorted(FAKE_PDFS))
def test_full_clean_refuses_fake_pdfs(name):
    article = ArticleFactory.build(category=CategoryFactory(), pdf=upload(name, FAKE_PDFS[name]))
    assert NOT_A_PDF in errors_of(article, "pdf")
    syllabus = SyllabusFactory.build(pdf=upload(name, FAKE_PDFS[name]))
    assert NOT_A_PDF in errors_of(syllabus, "pdf")


def test_a_real_pdf_under_another_name_is_refused():
    article = ArticleFactory.build(
        category=CategoryFactory(), pdf=real_pdf("memo.html"), image_alt=""
    )
    assert NOT_A_PDF in errors_of(article, "pdf")


def test_a_pdf_cut_off_before_its_end_is_refused():
    pdf = real_pdf()
    cut = upload("memo.pdf", pdf.read()[:-60], "application/pdf")
    syllabus = SyllabusFactory.build(pdf=cut)
    assert "This PDF is incomplete" in errors_of(syllabus, "pdf")


def test_a_password_protected_pdf_is_refused():
    syllabus = SyllabusFactory.build(pdf=encrypted_pdf())
    assert "encrypted or password-protected" in errors_of(syllabus, "pdf")


def test_a_real_pdf_is_stored_under_a_name_the_site_chooses(client, editor, settings):
    client.force_login(editor)
    data = memo_form(pdf=real_pdf("Memo FINAL (2).PDF"), status="published")
    assert client.post(reverse("admin:articles_article_add"), data).status_code == 302
    article = Article.objects.get()
    assert re.fullmatch(
        rf"memos/{YEAR}/karabakh-and-collective-security-[0-9a-f]{{16}}\.pdf", article.pdf.name
    )
    assert stored_files(settings) == [article.pdf.name]
    client.logout()
    assert article.pdf.url in client.get(article.get_absolute_url()).content.decode()


def test_a_syllabus_pdf_is_named_after_the_syllabus(client, editor):
    client.force_login(editor)
    client.post(reverse("admin:resources_syllabus_add"), syllabus_data(real_pdf("course.pdf")))
    name = Syllabus.objects.get().pdf.name
    assert re.fullmatch(
        rf"syllabi/{YEAR}/politics-of-post-soviet-eurasia-[0-9a-f]{{16}}\.pdf", name
    )


def test_a_long_file_name_does_not_matter(client, editor):
    client.force_login(editor)
    name = "Syllabus " + "very " * 40 + "long.pdf"
    response = client.post(reverse("admin:resources_syllabus_add"), syllabus_data(real_pdf(name)))
    assert response.status_code == 302
    assert len(Syllabus.objects.get().pdf.name) < 100


def test_two_uploads_of_the_same_file_get_different_addresses():
    first, second = SyllabusFactory(), SyllabusFactory()
    assert first.pdf.name != second.pdf.name
    assert first.pdf.name.endswith(".pdf") and second.pdf.name.endswith(".pdf")


def test_the_file_inputs_offer_only_accepted_types(client, editor):
    client.force_login(editor)
    html = client.get(reverse("admin:articles_article_add")).content.decode()
    assert 'accept="image/jpeg,image/png,image/webp,image/gif"' in html
    assert 'accept=".pdf,application/pdf"' in html


# Images: every image field refuses SVG and anything Pillow cannot identify as a web image


IMAGE_FIELDS = [
    ("article", lambda: ArticleFactory.build(category=CategoryFactory(), image_alt="x"), "image"),
    ("event", lambda: EventFactory.build(image_alt="x"), "image"),
    ("person", PersonFactory.build, "photo"),
    ("book", lambda: BookFactory.build(cover_alt="x"), "cover"),
    ("show", ShowFactory.build, "artwork"),
    ("episode", lambda: EpisodeFactory.build(host=PersonFactory()), "artwork"),
]


@pytest.mark.parametrize("kind,build,field", IMAGE_FIELDS, ids=[row[0] for row in IMAGE_FIELDS])
@pytest.mark.parametrize(
    "name,data",
    [
        ("drawing.svg", SVG),
        ("drawing.png", SVG),
        ("page.jpg", b"<html>" + b"<script>alert(1)</script>"),
        ("image.png", b"%PDF-1.4\n%%EOF\n"),
    ],
    ids=["svg", "svg-named-png", "html", "pdf"],
)
def test_every_image_field_refuses_what_is_not_a_web_image(kind, build, field, name, data):
    instance = build()
    setattr(instance, field, upload(name, data, "image/svg+xml"))
    assert NOT_AN_IMAGE in errors_of(instance, field)


def test_svg_is_refused_in_the_admin_form(client, editor, settings):
    client.force_login(editor)
    data = article_form(
        CategoryFactory(),
        PersonFactory(),
        TopicFactory(),
        image=upload("logo.svg", SVG),
        image_alt="Logo",
    )
    response = client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 200
    assert NOT_AN_IMAGE in response.content.decode()
    assert not Article.objects.exists()
    assert stored_files(settings) == []


@pytest.mark.parametrize(
    "uploaded_as,fmt,extension",
    [
        ("photo.jpg", "PNG", "png"),
        ("photo.html", "JPEG", "jpg"),
        ("a.gif", "WEBP", "webp"),
        ("b.svg", "GIF", "gif"),
    ],
)
def test_an_image_is_stored_with_the_extension_of_what_it_is(
    client, editor, uploaded_as, fmt, extension
):
    client.force_login(editor)
    data = book_data(cover=image(uploaded_as, 600, 900, fmt=fmt))
    assert client.post(reverse("admin:resources_book_add"), data).status_code == 302
    name = Book.objects.get().cover.name
    assert re.fullmatch(
        rf"books/{YEAR}/the-return-of-the-russian-leviathan-[0-9a-f]{{16}}\.{extension}", name
    )


def test_a_person_photo_and_episode_files_are_named_by_the_site():
    person = PersonFactory(slug="maria-lipman", photo=image("IMG_0001.HEIC.html", 640, 640))
    assert re.fullmatch(r"people/maria-lipman-[0-9a-f]{16}\.jpg", person.photo.name)
    episode = EpisodeFactory(
        slug="why-is-the-kremlin-nervous", audio=upload("ep.html", wav_bytes(2))
    )
    assert re.fullmatch(
        rf"podcasts/audio/{YEAR}/why-is-the-kremlin-nervous-[0-9a-f]{{16}}\.wav", episode.audio.name
    )


def test_a_damaged_jpeg_is_a_form_error(client, editor, settings):
    client.force_login(editor)
    whole = image("photo.jpg").read()
    data = article_form(
        CategoryFactory(),
        PersonFactory(),
        TopicFactory(),
        image=upload("photo.jpg", whole[: len(whole) // 2], "image/jpeg"),
        image_alt="A photo",
    )
    response = client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 200
    assert "This image is damaged or incomplete" in response.content.decode()
    assert stored_files(settings) == []


# Defect 14: pixel limit, read from the header before anything is decoded


@pytest.fixture(scope="module")
def png_144_megapixels():
    return grey_png(12000, 12000)  # 140 KB on disk, 144 MB once decoded


def test_a_144_megapixel_png_is_refused_without_being_decoded_in_the_admin(
    client, editor, settings, png_144_megapixels, monkeypatch
):
    assert settings.MAX_IMAGE_PIXELS == 40_000_000
    decoded = []
    real_load = PIL.ImageFile.ImageFile.load

    def load(image):
        decoded.append(image.size)
        return real_load(image)

    monkeypatch.setattr(PIL.ImageFile.ImageFile, "load", load)
    client.force_login(editor)
    data = article_form(
        CategoryFactory(),
        PersonFactory(),
        TopicFactory(),
        image=upload("huge.png", png_144_megapixels, "image/png"),
        image_alt="A huge picture",
    )
    response = client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 200
    assert (
        "This image is 12000×12000 pixels (144 megapixels); the limit is 40 megapixels."
        in response.content.decode()
    )
    # Refused from its header: the 144 MB of pixels were never decoded (a timing would be flaky).
    assert (12000, 12000) not in decoded
    assert not Article.objects.exists() and stored_files(settings) == []


def test_the_pixel_check_reads_only_the_header(png_144_megapixels, monkeypatch):
    from PIL import ImageFile

    def no_decoding(self):
        raise AssertionError("the image was decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    person = PersonFactory.build(photo=upload("huge.png", png_144_megapixels))
    assert "12000×12000 pixels" in errors_of(person, "photo")


def test_a_decompression_bomb_is_a_form_error_not_a_500(client, editor, settings):
    client.force_login(editor)
    bomb = grey_png(20000, 20000, rows=10)  # 400 megapixels promised by a 1 KB file
    data = book_data(cover=upload("cover.png", bomb, "image/png"))
    response = client.post(reverse("admin:resources_book_add"), data)
    assert response.status_code == 200
    assert "far more pixels than the limit of 40 megapixels" in response.content.decode()
    assert not Book.objects.exists() and stored_files(settings) == []


def test_the_pixel_limit_is_a_setting(settings):
    settings.MAX_IMAGE_PIXELS = 2_000_000
    event = EventFactory.build(image=image("poster.jpg", 2000, 1200), image_alt="Poster")
    assert (
        "This image is 2000×1200 pixels (2.4 megapixels); the limit is 2 megapixels."
        in errors_of(event, "image")
    )
    settings.MAX_IMAGE_PIXELS = 3_000_000
    assert check_image(image("poster.jpg", 2000, 1200)).width == 2000


def test_an_oversized_image_file_is_refused_with_its_size(settings):
    settings.MAX_IMAGE_UPLOAD_BYTES = 1000
    person = PersonFactory.build(photo=image("big.jpg", 640, 640))
    assert re.search(
        r"This image is [\d.]+\xa0KB; the limit is 1000\xa0bytes\.", errors_of(person, "photo")
    )


def test_stored_files_are_not_checked_again_when_an_item_is_edited(client, editor):
    article = ArticleFactory(image=image("photo.jpg"), image_alt="A photo", pdf=real_pdf())
    stored = article.image.name, article.pdf.name
    article.refresh_from_db()
    article.title = "A new title"
    article.full_clean()
    article.save()
    article.refresh_from_db()
    assert (article.image.name, article.pdf.name) == stored


def test_a_new_image_on_a_stored_item_gets_its_renditions_and_no_row_loads_with_a_receiver():
    """imagekit makes the renditions of an image saved on an item loaded as a request loads it
    (post_save, connected to the models with renditions only: core.images); no model's rows
    load with a receiver (imagekit's post_init is not connected: it never told a change)."""
    from django.db.models.signals import post_init, post_save

    from articles.models import Category
    from comments.models import Comment
    from members.models import Person

    person = PersonFactory(slug="maria-lipman", photo=image("first.jpg", 640, 640))
    first = person.photo_card_fallback.name
    stored = Person.objects.get(pk=person.pk)  # loaded as a request would
    stored.photo = image("second.png", 800, 800, fmt="PNG")
    stored.save()
    card = Person.objects.get(pk=person.pk).photo_card_fallback
    assert card.name != first
    assert card.storage.exists(card.name), "the new photo's rendition was not made"

    # Saved again with the same photo, loaded afresh: the rendition is still there and named so.
    again = Person.objects.get(pk=person.pk)
    again.name = "Maria Lipman"
    again.save()
    assert Person.objects.get(pk=person.pk).photo_card_fallback.name == card.name
    assert card.storage.exists(card.name)

    assert post_save.has_listeners(Person) and post_save.has_listeners(Article)
    assert not any(post_init.has_listeners(m) for m in (Person, Article, Category, Comment))
