"""Moderation in the admin: the queue, one-by-one and bulk actions, replies, counts, emails."""

import datetime
import io

import pytest
from django.contrib.auth.models import Group
from django.core import mail
from django.core.management import call_command
from django.db.models import ProtectedError
from django.urls import reverse
from django.utils import timezone

from articles.models import Article
from comments.models import Comment, CommentStatus
from tests.articles.factories import ArticleFactory
from tests.comments.factories import CommentFactory

pytestmark = pytest.mark.django_db

QUEUE = "/admin/comments/comment/"


@pytest.fixture
def moderator(client, editor):
    client.force_login(editor)
    return editor


def test_queue_lands_on_pending_with_what_a_moderator_needs(client, moderator):
    article = ArticleFactory(title="The CSTO question")
    CommentFactory(
        article=article,
        status=CommentStatus.PENDING,
        name="Waiting Writer",
        email="w@private.example",
        ip_address="203.0.113.4",
        body="Please approve me " * 20,
    )
    CommentFactory(article=article, name="Already Approved")
    response = client.get(QUEUE)
    html = response.content.decode()
    assert response.status_code == 200
    assert "Waiting Writer" in html and "Already Approved" not in html
    for shown in ["The CSTO question", "w@private.example", "203.0.113.4", "Please approve me"]:
        assert shown in html
    assert "Please approve me " * 20 not in html  # an excerpt, not the whole text
    html = client.get(QUEUE + "?status=all").content.decode()
    assert html.index("Waiting Writer") < html.index("Already Approved")  # pending first
    assert "Already Approved" in client.get(QUEUE + "?status=approved").content.decode()
    assert client.get(QUEUE + "?status=bogus").status_code == 200


def test_queue_query_count_is_the_same_for_1_and_1000_pending(client, moderator):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    article = ArticleFactory()
    parent = CommentFactory(article=article)

    def add_pending(count, start):
        Comment.objects.bulk_create(
            [
                Comment(
                    target=article,
                    parent=parent if i % 3 == 0 else None,
                    name=f"N{i}",
                    email=f"n{i}@x.example",
                    body=f"Pending {i}",
                    body_html=f"<p>Pending {i}</p>",
                    status=CommentStatus.PENDING,
                    ip_address="192.0.2.1",
                )
                for i in range(start, start + count)
            ]
        )

    def queue_queries(expected_total):
        with CaptureQueriesContext(connection) as queries:
            response = client.get(QUEUE)
        assert response.status_code == 200
        assert f"{expected_total} comment" in response.content.decode()
        return len(queries)

    add_pending(1, 0)
    small = queue_queries(1)
    add_pending(999, 1)
    large = queue_queries(1000)
    assert small == large <= 12


def test_pending_count_on_admin_index(client, moderator):
    CommentFactory.create_batch(3, status=CommentStatus.PENDING)
    CommentFactory()
    html = client.get("/admin/").content.decode()
    assert "3 comments awaiting moderation" in html
    Comment.objects.update(status=CommentStatus.APPROVED)
    assert "No comments awaiting moderation" in client.get("/admin/").content.decode()


def test_pending_count_hidden_from_staff_without_comment_rights(client, membership_staff):
    CommentFactory(status=CommentStatus.PENDING)
    client.force_login(membership_staff)
    assert "awaiting moderation" not in client.get("/admin/").content.decode()
    assert client.get(QUEUE).status_code == 403


def bulk(client, action, comments, query=""):
    return client.post(
        QUEUE + query, {"action": action, "_selected_action": [c.pk for c in comments]}, follow=True
    )


def test_bulk_approve_spam_remove(client, moderator):
    comments = CommentFactory.create_batch(4, status=CommentStatus.PENDING)
    response = bulk(client, "approve", comments[:2])
    assert "Marked 2 comment(s) approved." in response.content.decode()
    bulk(client, "mark_spam", comments[2:3])
    bulk(client, "remove", comments[3:])
    statuses = [c.status for c in Comment.objects.order_by("id")]
    assert statuses == ["approved", "approved", "spam", "removed"]
    comment = Comment.objects.get(pk=comments[0].pk)
    assert comment.moderated_by == moderator and comment.moderated_at is not None
    assert Comment.objects.count() == 4  # nothing deleted
    bulk(client, "mark_pending", comments[:1], query="?status=approved")
    assert Comment.objects.get(pk=comments[0].pk).status == CommentStatus.PENDING


def test_one_click_buttons_in_the_queue(client, moderator):
    comment = CommentFactory(status=CommentStatus.PENDING, name="Button Case")
    html = client.get(QUEUE).content.decode()
    approve_url = reverse("admin:comments_comment_moderate", args=[comment.pk, "approved"])
    assert f'formaction="{approve_url}"' in html
    response = client.post(
        approve_url, HTTP_REFERER="http://testserver" + QUEUE + "?status=pending"
    )
    assert response.status_code == 302 and response["Location"].endswith("?status=pending")
    assert Comment.objects.get(pk=comment.pk).status == CommentStatus.APPROVED
    client.post(reverse("admin:comments_comment_moderate", args=[comment.pk, "spam"]))
    assert Comment.objects.get(pk=comment.pk).status == CommentStatus.SPAM
    assert client.get(approve_url).status_code == 405
    client.post(reverse("admin:comments_comment_moderate", args=[comment.pk, "deleted"]))
    assert Comment.objects.get(pk=comment.pk).status == CommentStatus.SPAM


def test_change_form_moderates_and_keeps_the_readers_words(client, moderator):
    comment = CommentFactory(status=CommentStatus.PENDING, body="Original words")
    url = reverse("admin:comments_comment_change", args=[comment.pk])
    response = client.get(url)
    assert response.status_code == 200 and "Original words" in response.content.decode()
    response = client.post(
        url, {"status": "approved", "moderation_note": "fine", "body": "Tampered"}
    )
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.status == CommentStatus.APPROVED and comment.body == "Original words"
    assert comment.moderated_by == moderator


def test_no_delete_and_no_add_in_the_admin(client, moderator):
    comment = CommentFactory()
    assert (
        client.get(reverse("admin:comments_comment_delete", args=[comment.pk])).status_code == 403
    )
    response = bulk(client, "delete_selected", [comment])
    assert Comment.objects.filter(pk=comment.pk).exists()
    assert response.status_code == 200
    assert client.get(reverse("admin:comments_comment_add")).status_code == 403


def test_deleting_an_article_with_comments_is_refused(client, moderator):
    article = ArticleFactory()
    CommentFactory(article=article)
    with pytest.raises(ProtectedError):
        article.delete()
    response = client.post(
        reverse("admin:articles_article_delete", args=[article.pk]), {"post": "yes"}
    )
    assert "Cannot delete article" in response.content.decode()
    assert Comment.objects.count() == 1


def test_staff_reply_publishes_and_approves_the_parent(
    client, moderator, django_capture_on_commit_callbacks
):
    moderator.first_name, moderator.last_name = "Cory", "Welt"
    moderator.save()
    parent = CommentFactory(
        status=CommentStatus.PENDING, notify_replies=True, email="asker@private.example"
    )
    url = reverse("admin:comments_comment_reply", args=[parent.pk])
    page = client.get(url).content.decode()
    assert parent.body in page and "Replying also approves this comment" in page
    assert client.post(url, {"body": ""}).status_code == 200  # the form back with an error
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"body": "Thank you for the question."})
    assert response.status_code == 302
    reply = Comment.objects.get(parent=parent)
    assert reply.status == CommentStatus.APPROVED and reply.name == "Cory Welt"
    parent.refresh_from_db()
    assert parent.status == CommentStatus.APPROVED
    subjects = sorted(m.subject for m in mail.outbox)
    assert any("is published" in s for s in subjects) and any(
        "Cory Welt replied" in s for s in subjects
    )
    html = client.get(parent.target.get_absolute_url()).content.decode()
    assert "Thank you for the question." in html


def test_editors_group_has_comment_permissions():
    editors = Group.objects.get(name="Editors")
    codenames = set(
        editors.permissions.filter(content_type__app_label="comments").values_list(
            "codename", flat=True
        )
    )
    assert {
        "view_comment",
        "change_comment",
        "add_blockedterm",
        "change_blockedterm",
        "delete_blockedterm",
    } <= codenames
    assert "delete_comment" not in codenames
    staff = Group.objects.get(name="Membership staff")
    assert not staff.permissions.filter(codename__endswith="_comment").exists()


def test_blocklist_is_editable_in_the_admin(client, moderator):
    response = client.post(
        reverse("admin:comments_blockedterm_add"),
        {"kind": "word", "value": "  Casino  ", "note": ""},
    )
    assert response.status_code == 302
    from comments.models import BlockedTerm

    assert BlockedTerm.objects.get().value == "casino"
    response = client.post(
        reverse("admin:comments_blockedterm_add"), {"kind": "ip", "value": "not-an-ip"}
    )
    assert response.status_code == 200 and "Enter a valid IP address" in response.content.decode()


# --- Emails to commenters ------------------------------------------------------------------


def test_approval_emails_the_author_who_asked(
    client, moderator, settings, django_capture_on_commit_callbacks
):
    asked = CommentFactory(
        status=CommentStatus.PENDING, notify_replies=True, email="yes@private.example"
    )
    silent = CommentFactory(status=CommentStatus.PENDING, notify_replies=False)
    with django_capture_on_commit_callbacks(execute=True):
        bulk(client, "approve", [asked, silent])
    assert [m.to for m in mail.outbox] == [["yes@private.example"]]
    message = mail.outbox[0]
    assert "is published" in message.subject
    assert asked.target.get_absolute_url() in message.body
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.extra_headers["List-Unsubscribe"].startswith(
        f"<{settings.SITE_URL.rstrip('/')}/comments/unsubscribe/"
    )


def test_reply_emails_the_parent_author_who_asked(
    client, moderator, django_capture_on_commit_callbacks
):
    parent = CommentFactory(
        notify_replies=True, email="parent@private.example", name="Parent Person"
    )
    reply = CommentFactory(
        article=parent.target,
        parent=parent,
        status=CommentStatus.PENDING,
        name="Replier",
        email="replier@private.example",
    )
    own = CommentFactory(
        article=parent.target,
        parent=parent,
        status=CommentStatus.PENDING,
        email="PARENT@private.example",
    )
    with django_capture_on_commit_callbacks(execute=True):
        bulk(client, "approve", [reply, own])
    assert [m.to for m in mail.outbox] == [
        ["parent@private.example"]
    ]  # not told of their own reply
    message = mail.outbox[0]
    assert message.subject.startswith("Replier replied to your comment")
    assert reply.body in message.body
    assert "replier@private.example" not in message.body  # the replier's email stays private


def test_one_click_unsubscribe_stops_emails(client, django_capture_on_commit_callbacks):
    first = CommentFactory(notify_replies=True, email="Stop@private.example")
    CommentFactory(notify_replies=True, email="stop@private.example")
    with django_capture_on_commit_callbacks(execute=True):
        reply = CommentFactory(article=first.target, parent=first, status=CommentStatus.PENDING)
        from comments.service import moderate

        moderate([reply], CommentStatus.APPROVED, None)
    link = mail.outbox[0].extra_headers["List-Unsubscribe"].strip("<>")
    path = link.split("testserver", 1)[-1].split("8000", 1)[-1]
    response = client.get(path)
    assert response.status_code == 200
    assert "You will get no more comment emails" in response.content.decode()
    assert not Comment.objects.filter(notify_replies=True).exists()
    assert client.post(path).status_code == 200  # RFC 8058 one-click POST, idempotent
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        second = CommentFactory(article=first.target, parent=first, status=CommentStatus.PENDING)
        moderate([second], CommentStatus.APPROVED, None)
    assert mail.outbox == []
    bad = client.get(reverse("articles:comment_unsubscribe", args=["forged-token"]))
    assert bad.status_code == 400 and "This link does not work" in bad.content.decode()


# --- Privacy: retention of IP addresses and user agents --------------------------------------


def test_purge_erases_ip_and_user_agent_after_retention(settings, time_machine):
    settings.COMMENTS_IP_RETENTION_DAYS = 30
    time_machine.move_to(timezone.now() - datetime.timedelta(days=31))
    old = CommentFactory(ip_address="203.0.113.1", user_agent="Old browser")
    time_machine.move_to(timezone.now() + datetime.timedelta(days=31))
    recent = CommentFactory(ip_address="203.0.113.2", user_agent="New browser")
    call_command("purge_comment_data", stdout=io.StringIO())
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.ip_address, old.user_agent) == (None, "")
    assert (recent.ip_address, recent.user_agent) == ("203.0.113.2", "New browser")
    assert old.body and old.email  # the comment itself is kept


def test_purge_days_option_and_output(capsys):
    CommentFactory(ip_address="203.0.113.3")
    call_command("purge_comment_data", "--days", "0")
    assert "Erased the IP address and user agent of 1 comment(s)" in capsys.readouterr().out
    assert Comment.objects.get().ip_address is None


def test_editor_closes_comments_on_an_article(client, moderator):
    from tests.articles.factories import CategoryFactory, TopicFactory
    from tests.articles.helpers import article_form
    from tests.members.factories import PersonFactory

    data = article_form(CategoryFactory(), PersonFactory(), TopicFactory(), status="published")
    data["comments_open"] = "on"
    assert client.post(reverse("admin:articles_article_add"), data).status_code == 302
    article = Article.objects.get()
    assert article.comments_open
    assert "comment-form" in client.get(article.get_absolute_url()).content.decode()
    change = client.get(
        reverse("admin:articles_article_change", args=[article.pk])
    ).content.decode()
    assert 'name="comments_open"' in change
    data.pop("comments_open")  # an unticked box: a second article, closed from the start
    data["title"], data["slug"] = "Closed from the start", "closed-from-the-start"
    assert client.post(reverse("admin:articles_article_add"), data).status_code == 302
    assert not Article.objects.get(slug="closed-from-the-start").comments_open
    article.comments_open = False
    article.save()
    html = client.get(article.get_absolute_url()).content.decode()
    assert "Comments are closed." in html and "comment-form" not in html


def test_the_russian_queue_has_russian_buttons(client, moderator):
    CommentFactory(status=CommentStatus.PENDING)
    page = client.get("/ru" + QUEUE).content.decode()
    assert ">Одобрить</button>" in page and ">Удалить</button>" in page
    assert ">Ответить</a>" in page
    assert ">Approve</button>" not in page
