"""Files of unpublished items are not reachable by the public (issue 16).

A draft's or scheduled item's uploads (and their image renditions) are stored under
`unpublished/` in the private storage: the public gets a 404 at every address, staff previewing
the item get them through the site. Publication moves them to the public storage (at once, or
at the scheduled time through the task queue), with a year's Cache-Control; unpublishing moves
them back. The same on local disk and on S3 (moto's server).
"""

import datetime
import html
import re
from pathlib import Path

import pytest
import time_machine
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from articles.models import Article
from core.publishing import Status
from core.tasks import publish_scheduled_files
from tests.articles.factories import ArticleFactory, CategoryFactory, TopicFactory
from tests.articles.helpers import article_form
from tests.core.test_task_queue import work_off_queue
from tests.helpers.uploads import image, real_pdf
from tests.members.factories import PersonFactory
from tests.resources.factories import SyllabusFactory

pytestmark = pytest.mark.django_db

YEAR = "public, max-age=31536000, immutable"


def draft_with_files(client, editor, **overrides):
    """A draft memo with an image and a PDF, written in the admin as an editor does."""
    client.force_login(editor)
    data = article_form(
        CategoryFactory(),
        PersonFactory(),
        TopicFactory(),
        image=image("ridge.jpg"),
        image_alt="Troops on a ridge",
        pdf=real_pdf(),
        **overrides,
    )
    response = client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302, response.context["adminform"].errors
    client.logout()
    return Article.objects.get()


def unsigned(url):
    """The address without the signature that only staff and preview-link pages carry."""
    return url.split("?", 1)[0]


def status(client, url):
    """The status a GET of `url` answers, the body read (which closes a streamed file)."""
    return read(client.get(url)).status_code


def read(response):
    if response.streaming:
        b"".join(response.streaming_content)
    return response


def addresses(article):
    """Every address of the article's files: the PDF, the image and its five renditions."""
    specs = ["image_card", "image_card_fallback", "image_large", "image_large_fallback"]
    return [article.pdf.url, article.image.url] + [
        getattr(article, spec).url for spec in [*specs, "image_social"]
    ]


def test_a_drafts_files_are_private_and_the_public_gets_404_everywhere(client, editor, settings):
    article = draft_with_files(client, editor)
    assert article.pdf.name.startswith("unpublished/memos/")
    assert article.image.name.startswith("unpublished/articles/")
    # Nothing of the draft under MEDIA_ROOT (what nginx or the bucket's public prefix serves).
    assert not any(p.is_file() for p in Path(settings.MEDIA_ROOT).rglob("*"))
    private = Path(settings.STORAGES["private"]["OPTIONS"]["location"])
    assert len(list(private.glob("unpublished/renditions/articles/*/*/*"))) == 5

    urls = addresses(article)
    assert all(url.startswith("/unpublished/") for url in urls)
    for url in urls:
        assert status(client, unsigned(url)) == 404
        # …nor at the address it would have in the public storage.
        assert status(client, unsigned(url).replace("/unpublished/", "/media/", 1)) == 404
    assert status(client, article.get_absolute_url()) == 404


def test_staff_previewing_a_draft_get_its_files_with_the_safe_headers(client, editor):
    article = draft_with_files(client, editor)
    client.force_login(editor)
    page = client.get(article.get_absolute_url()).content.decode()
    # Each address is signed when it is written, so compare them without the signature.
    assert unsigned(article.pdf.url) in page and unsigned(article.image_large_fallback.url) in page

    pdf = client.get(article.pdf.url)
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF-")
    assert pdf["Content-Type"] == "application/pdf"
    assert pdf["Content-Disposition"].startswith("attachment;")
    assert pdf["X-Content-Type-Options"] == "nosniff"
    assert pdf["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert pdf["Cache-Control"] == "private, no-store"
    part = client.get(article.pdf.url, headers={"Range": "bytes=0-4"})
    assert part.status_code == 206 and b"".join(part.streaming_content) == b"%PDF-"

    rendition = read(client.get(article.image_card_fallback.url))
    assert rendition.status_code == 200 and rendition["Content-Type"] == "image/jpeg"
    assert "attachment" not in rendition.get("Content-Disposition", "")


def test_a_signed_in_reader_who_is_not_staff_gets_404(client, editor):
    from tests.members.factories import UserFactory

    article = draft_with_files(client, editor)
    client.force_login(UserFactory(username="reader", is_staff=False))
    assert status(client, unsigned(article.pdf.url)) == 404


def test_publishing_moves_the_files_to_public_storage_and_unpublishing_back(
    client, editor, settings, django_capture_on_commit_callbacks
):
    article = draft_with_files(client, editor)
    draft_urls = addresses(article)
    with django_capture_on_commit_callbacks(execute=True):
        article.publish()
    article.refresh_from_db()
    assert article.pdf.name.startswith("memos/") and article.image.name.startswith("articles/")
    public_urls = addresses(article)
    assert all(url.startswith("/media/") for url in public_urls)
    for url in public_urls:
        response = read(client.get(url))
        assert response.status_code == 200 and response["Cache-Control"] == YEAR
    page = client.get(article.get_absolute_url()).content.decode()
    assert article.pdf.url in page and article.image_large_fallback.url in page
    # The private copies are gone: staff get 404 at the draft's addresses too.
    client.force_login(editor)
    assert all(status(client, url) == 404 for url in draft_urls)
    private = Path(settings.STORAGES["private"]["OPTIONS"]["location"])
    assert not any(p.is_file() for p in private.rglob("*"))

    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()
    article.refresh_from_db()
    assert article.pdf.name.startswith("unpublished/")
    client.logout()
    assert all(status(client, unsigned(url)) == 404 for url in public_urls + addresses(article))
    assert not any(p.is_file() for p in Path(settings.MEDIA_ROOT).rglob("*"))


def test_publishing_in_the_admin_moves_them(client, editor, django_capture_on_commit_callbacks):
    article = draft_with_files(client, editor)
    client.force_login(editor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:articles_article_changelist"),
            {"action": "publish", "_selected_action": [article.pk]},
        )
    assert response.status_code == 302
    article.refresh_from_db()
    client.logout()
    assert status(client, article.pdf.url) == 200


def test_a_scheduled_items_files_go_public_at_its_time_through_the_task_queue(
    client, editor, settings, time_machine, django_capture_on_commit_callbacks
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    time_machine.move_to(timezone.now(), tick=False)
    when = timezone.now() + datetime.timedelta(hours=2)
    with django_capture_on_commit_callbacks(execute=True):
        article = draft_with_files(
            client,
            editor,
            status=Status.PUBLISHED,
            published_at_0=timezone.localtime(when).strftime("%Y-%m-%d"),
            published_at_1=timezone.localtime(when).strftime("%H:%M:%S"),
        )
    assert article.is_scheduled and article.pdf.name.startswith("unpublished/")
    queued = DBTaskResult.objects.get(task_path=publish_scheduled_files.module_path)
    assert queued.run_after == article.published_at
    # Saving it again does not queue a second run.
    with django_capture_on_commit_callbacks(execute=True):
        Article.objects.get().save()
    assert DBTaskResult.objects.ready().count() == 0  # not due yet
    work_off_queue()
    assert status(client, unsigned(article.pdf.url)) == 404

    time_machine.move_to(article.published_at + datetime.timedelta(seconds=1), tick=False)
    work_off_queue()
    article.refresh_from_db()
    assert article.is_live and article.pdf.name.startswith("memos/")
    assert status(client, article.pdf.url) == 200
    assert status(client, article.image_social.url) == 200


def test_protect_files_moves_the_files_of_items_unpublished_before_the_upgrade(
    client, settings, capsys
):
    draft = ArticleFactory(
        pdf=ContentFile(real_pdf().read(), name="old.pdf"),
        image=image("old.jpg"),
        image_alt="A ridge",
    )
    syllabus = SyllabusFactory()
    # As before the upgrade: public files of items that are not live (no save, no signal).
    Article.objects.filter(pk=draft.pk).update(status=Status.DRAFT)
    type(syllabus).objects.filter(pk=syllabus.pk).update(status=Status.DRAFT)
    old_url = draft.pdf.url
    assert status(client, old_url) == 200

    call_command("protect_files")
    assert "Moved 3 file(s)." in capsys.readouterr().out
    draft.refresh_from_db()
    syllabus.refresh_from_db()
    assert draft.pdf.name.startswith("unpublished/") and draft.image.name.startswith("unpublished/")
    assert syllabus.pdf.name.startswith("unpublished/")
    assert status(client, old_url) == 404
    assert status(client, unsigned(draft.image_card.url)) == 404
    call_command("protect_files")
    assert "Moved 0 file(s)." in capsys.readouterr().out


# --- On S3 ---------------------------------------------------------------------------------


def test_on_s3_a_drafts_files_are_private_objects_until_publication(
    client, editor, s3, django_capture_on_commit_callbacks
):
    article = draft_with_files(client, editor)
    assert not s3.keys("media/")
    private = s3.keys("private/unpublished/")
    assert f"private/{article.pdf.name}" in private and len(private) == 7  # PDF, image, 5 sizes
    assert s3.anonymous_get(f"private/{article.pdf.name}")[0] == 403
    assert status(client, unsigned(article.pdf.url)) == 404
    client.force_login(editor)
    preview = client.get(article.pdf.url)
    assert preview.status_code == 200 and preview["Cache-Control"] == "private, no-store"
    assert b"".join(preview.streaming_content).startswith(b"%PDF-")
    client.logout()

    with django_capture_on_commit_callbacks(execute=True):
        article.publish()
    article.refresh_from_db()
    assert not s3.keys("private/")
    assert len(s3.keys("media/")) == 7
    code, headers, body = s3.anonymous_get(article.pdf.url)
    assert code == 200 and body.startswith(b"%PDF-")
    assert headers["Cache-Control"] == YEAR and headers["Content-Type"] == "application/pdf"
    assert headers["Content-Disposition"].startswith("attachment;")
    code, headers, _ = s3.anonymous_get(article.image_large_fallback.url)
    assert code == 200 and headers["Content-Type"] == "image/jpeg"

    with django_capture_on_commit_callbacks(execute=True):
        article.unpublish()
    assert not s3.keys("media/") and len(s3.keys("private/unpublished/")) == 7


def test_an_outside_author_with_a_preview_link_sees_the_drafts_files(client, editor, settings):
    """The preview page links the draft's files with a signature that expires; without it, or
    once it is old or altered, the public gets 404."""
    from core.models import PreviewLink

    article = draft_with_files(client, editor)
    link = PreviewLink.objects.create(item=article)
    page = client.get(link.get_absolute_url()).content.decode()
    # The addresses as the page wrote them (each signed when the page was rendered).
    pdf_url = html.unescape(re.search(r'href="(/unpublished/memos/[^"]+)"', page).group(1))
    assert unsigned(pdf_url) == unsigned(article.pdf.url) and "?sig=" in pdf_url
    for url in (pdf_url, article.image_card_fallback.url):
        response = read(client.get(url))
        assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    assert status(client, unsigned(pdf_url)) == 404
    assert status(client, pdf_url[:-3] + "xyz") == 404  # an altered signature
    other = article.image_card_fallback.url
    stolen = unsigned(other) + "?" + pdf_url.split("?", 1)[1]  # another file's signature
    assert status(client, stolen) == 404
    later = timezone.now() + datetime.timedelta(seconds=settings.UNPUBLISHED_FILE_LINK_SECONDS + 60)
    with time_machine.travel(later):
        assert status(client, pdf_url) == 404


def test_moving_the_files_marks_the_item_changed(
    client, editor, django_capture_on_commit_callbacks
):
    """What the page cache keeps of an item (its card, its page) is kept under its `updated`:
    the UPDATE that writes its files' new names writes a new `updated` too."""
    article = draft_with_files(client, editor)
    with django_capture_on_commit_callbacks() as callbacks:
        article.publish()
    saved = article.updated
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=5)):
        for callback in callbacks:
            callback()  # the commit: the files move
    article.refresh_from_db()
    assert article.image.name.startswith("articles/")
    assert article.updated > saved
