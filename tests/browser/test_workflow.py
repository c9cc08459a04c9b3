"""The whole way of a piece of writing, in a real browser: an editor schedules it in the admin,
it goes live by itself, a reader on a phone comments, the moderator approves and answers from
the dashboard, and the reader is told by email; membership staff round-trip a spreadsheet."""

import csv
import datetime
import io
import time

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.utils import timezone

from articles.models import Article
from comments.models import Comment, CommentStatus
from members.models import Person
from tests.articles.factories import CategoryFactory
from tests.members.factories import UserFactory

from .conftest import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

TITLE = "Caspian Gas After the War"


def test_scheduled_in_the_admin_live_by_itself_commented_on_a_phone_approved_and_answered(
    browser_page, live_server, browser_editor, settings
):
    settings.COMMENTS_MIN_SECONDS = 0  # the reader types fast in a test
    settings.SITE_URL = live_server.url
    browser_editor.email = "editor@ponars.example"
    browser_editor.first_name, browser_editor.last_name = "Dana", "Editor"
    browser_editor.save()
    CategoryFactory(name="Commentary")
    page = browser_page
    sign_in(page, live_server, browser_editor)

    # The editor writes and schedules the article a few seconds ahead.
    page.goto(f"{live_server.url}/admin/articles/article/add/")
    page.fill("#id_title", TITLE)
    page.locator("#id_category + .select2 .select2-selection").click()  # an autocomplete
    page.keyboard.type("Comment")
    page.locator(".select2-results__option", has_text="Commentary").click()
    page.locator(".field-body .ProseMirror[contenteditable=true]").click()
    page.keyboard.type("Pipelines are politics by other means.")
    goes_live = timezone.localtime(timezone.now() + datetime.timedelta(seconds=12))
    page.select_option("#id_status", "published")
    page.fill("#id_published_at_0", goes_live.strftime("%Y-%m-%d"))
    page.fill("#id_published_at_1", goes_live.strftime("%H:%M:%S"))
    page.click("input[name=_save]")
    assert "was added successfully" in page.locator(".messagelist").inner_text()
    article = Article.objects.get(title=TITLE)
    assert "Pipelines are politics" in article.body
    assert article.published_at > timezone.now()
    page.goto(f"{live_server.url}/admin/")
    assert TITLE in page.locator("#dashboard-scheduled").inner_text()

    # A reader on a phone: not there yet; there once its time has come, with no one acting.
    phone = page.context.browser.new_context(viewport={"width": 390, "height": 844})
    reader = phone.new_page()
    url = f"{live_server.url}{article.get_absolute_url()}"
    assert reader.goto(url).status == 404
    time.sleep(max(0.0, (goes_live - timezone.now()).total_seconds()) + 1.5)
    assert reader.goto(url).status == 200
    assert reader.locator("h1").inner_text() == TITLE

    # The reader comments and asks to hear back.
    form = reader.locator("#respond")
    form.get_by_role("textbox", name="Comment").fill("Who pays for the transit now?")
    form.get_by_role("textbox", name="Name").fill("Nino Beridze")
    form.get_by_role("textbox", name="Email", exact=False).first.fill("nino@reader.example")
    form.get_by_label("Email me when my comment is published", exact=False).check()
    form.get_by_role("button", name="Post comment").click()
    assert "awaits moderation" in reader.locator("body").inner_text()
    comment = Comment.objects.get(name="Nino Beridze")
    assert comment.status == CommentStatus.PENDING
    assert [m.to for m in mail.outbox] == [["editor@ponars.example"]]  # the moderator is told

    # The moderator approves it from the admin's front page, then answers it.
    page.goto(f"{live_server.url}/admin/")
    page.locator("#pending-comments a").click()
    row = page.locator("tr", has_text="Who pays for the transit now?")
    row.get_by_role("button", name="Approve").click()
    comment.refresh_from_db()
    assert comment.status == CommentStatus.APPROVED
    assert "is published" in mail.outbox[-1].subject and mail.outbox[-1].to == [
        "nino@reader.example"
    ]
    page.goto(f"{live_server.url}/admin/comments/comment/?status=all")
    page.locator("tr", has_text="Who pays for the transit now?").get_by_role(
        "link", name="Reply"
    ).click()
    page.get_by_label("Reply", exact=False).last.fill("The consortium does, for now.")
    page.click("input[value='Publish reply']")
    assert "Your reply to Nino Beridze is published" in page.locator(".messagelist").inner_text()
    reply_mail = mail.outbox[-1]
    assert reply_mail.to == ["nino@reader.example"] and "replied to your comment" in (
        reply_mail.subject
    )
    assert url in reply_mail.body or article.get_absolute_url() in reply_mail.body

    # The reader sees both on the page (reloading: the browser's copy is fresh for a minute).
    reader.goto(url)
    reader.reload()
    text = reader.locator(".comments, #comments").first.inner_text()
    assert "Who pays for the transit now?" in text and "The consortium does, for now." in text
    phone.close()


def test_membership_staff_import_a_cyrillic_name_and_export_it_for_excel(
    browser_page, live_server, tmp_path
):
    staff = UserFactory(username="officer", is_staff=True)
    staff.groups.add(Group.objects.get(name="Membership staff"))
    sheet = tmp_path / "members.csv"
    with sheet.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["name", "email", "affiliation", "city", "country", "tier", "started"])
        writer.writerow(
            ["Мария Липман", "lipman@gwu.example", "GWU", "Washington", "US", "core", "2024-01-01"]
        )
    page = browser_page
    sign_in(page, live_server, staff)

    page.goto(f"{live_server.url}/admin/members/person/import/")
    page.set_input_files("input[type=file]", str(sheet))
    formats = page.locator("select[name=format]")
    if formats.count():
        formats.select_option(label="csv")
    page.locator("form input[type=submit], form button[type=submit]").last.click()
    assert "Мария Липман" in page.locator("body").inner_text()  # the preview, before anything
    assert not Person.objects.filter(name="Мария Липман").exists()
    page.locator("form input[name=confirm], form input[type=submit][value*=Confirm]").first.click()
    assert Person.objects.filter(name="Мария Липман", email="lipman@gwu.example").exists()

    page.goto(f"{live_server.url}/admin/members/person/export/")
    formats = page.locator("select[name=format]")
    if formats.count():
        formats.select_option(label="csv")
    with page.expect_download() as download:
        page.locator("form input[type=submit], form button[type=submit]").last.click()
    path = download.value.path()
    with open(path, "rb") as handle:
        data = handle.read()
    assert data.startswith(b"\xef\xbb\xbf")  # the BOM that makes Excel read UTF-8
    text = data.decode("utf-8-sig")
    names = [row["name"] for row in csv.DictReader(io.StringIO(text))]
    assert names == ["Мария Липман"]
