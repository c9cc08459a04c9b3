"""Comments on podcast episodes and events (issue 14): the same form, spam defences,
moderation, emails, feeds and privacy as on articles, at the items' own addresses."""

import datetime
import time

import feedparser
import pytest
from django.core import mail, signing
from django.core.cache import cache
from django.db import connection
from django.db.models import ProtectedError
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment, CommentStatus
from comments.service import make_token
from core.publishing import Status
from events.models import EventStatus
from tests.articles.factories import ArticleFactory
from tests.comments.factories import BlockedTermFactory, CommentFactory
from tests.comments.helpers import aged_token, post_comment, token_in
from tests.events.factories import EventFactory
from tests.helpers.html import assert_valid_html
from tests.podcasts.factories import EpisodeFactory, ShowFactory

pytestmark = pytest.mark.django_db

SECRET = "secret.listener@hidden.example"


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()
    yield
    cache.clear()


KINDS = {
    "episode": {
        "make": lambda **kw: EpisodeFactory(**kw),
        "draft": {"status": Status.DRAFT},
        "prefix": "/podcasts/",
        "list": lambda: reverse("podcasts:show"),
        "admin_delete": "admin:podcasts_episode_delete",
    },
    "event": {
        "make": lambda **kw: EventFactory(**kw),
        "draft": {"status": EventStatus.DRAFT},
        "prefix": "/events/",
        "list": lambda: reverse("events:upcoming"),
        "admin_delete": "admin:events_event_delete",
    },
}


@pytest.fixture(params=sorted(KINDS))
def kind(request, db):
    ShowFactory()
    return KINDS[request.param]


def html_of(response):
    return response.content.decode()


def test_addresses_follow_the_articles_pattern(kind):
    item = kind["make"](slug="the-item")
    prefix = kind["prefix"]
    assert item.comment_url("comment") == f"{prefix}the-item/comment/"
    assert item.comment_url("comment_token") == f"{prefix}the-item/comment/token/"
    assert item.comment_url("comments_feed") == f"{prefix}the-item/comments/feed/"


def test_page_shows_the_form_and_feed_link(client, kind):
    item = kind["make"]()
    response = client.get(item.get_absolute_url())
    document = assert_valid_html(response)
    html = html_of(response)
    form = document.find(".//form[@class='comment-form']")
    assert form.get("action") == item.comment_url("comment") + "#respond"
    assert form.get("data-token-url") == item.comment_url("comment_token")
    labels = {label.get("for") for label in form.iter("label")}
    assert {"id_name", "id_email", "id_website", "id_body", "id_notify_replies"} <= labels
    assert "Your email address will not be published." in html
    assert "No comments yet." in html and "csrfmiddlewaretoken" not in html
    feed = item.comment_url("comments_feed")
    assert f'<a href="{feed}">Follow the comments (RSS)</a>' in html
    assert f'type="application/rss+xml" title="Comments on “{item.title}”" href=' in html


def test_post_is_held_and_moderators_are_emailed(
    client, kind, editor, django_capture_on_commit_callbacks
):
    item = kind["make"](title="Elections in Armenia")
    with django_capture_on_commit_callbacks(execute=True):
        response = post_comment(client, item, notify_replies="on", HTTP_USER_AGENT="Firefox")
    assert response.status_code == 303
    assert response["Location"] == f"{item.get_absolute_url()}?posted=held#comments"
    comment = Comment.objects.get()
    assert comment.target == item and comment.status == CommentStatus.PENDING
    assert (comment.ip_address, comment.user_agent) == ("127.0.0.1", "Firefox")
    html = html_of(client.get(response["Location"]))
    assert "Your comment awaits moderation" in html and "A considered remark" not in html
    [message] = mail.outbox
    assert message.to == [editor.email] and "Elections in Armenia" in message.subject
    assert reverse("admin:comments_comment_change", args=[comment.pk]) in message.body
    # The known-commenter cookie is kept to the item's own part of the site.
    assert response.cookies["commenter"]["path"] == kind["prefix"]


def test_approved_comment_and_reply_show_with_counts(client, kind, django_assert_max_num_queries):
    item = kind["make"]()
    root = CommentFactory(target=item, name="First Listener", body="Opening remark")
    CommentFactory(target=item, parent=root, name="Second Listener", body="A reply")
    CommentFactory(target=item, name="Held", status=CommentStatus.PENDING)
    CommentFactory(name="On an article")  # another item's comment is not counted here
    response = client.get(item.get_absolute_url())
    document = assert_valid_html(response)
    html = html_of(response)
    assert "2 Comments" in html and "Held" not in html and "On an article" not in html
    assert document.find(f".//li[@id='c{root.pk}']//li") is not None  # the reply is nested
    assert f'href="?replyto={root.pk}#respond"' in html
    with django_assert_max_num_queries(6):
        listing = html_of(client.get(kind["list"]()))
    assert f'<a class="comment-count" href="{item.get_absolute_url()}#comments">2 comments</a>' in (
        listing
    )


@pytest.mark.parametrize("count", [1, 60])
def test_item_page_queries_do_not_grow_with_comments(client, kind, count):
    """One query for the comments however many there are: 1 and 60 cost the same."""
    counts = {}
    for size in (1, count):
        item = kind["make"]()
        roots = Comment.objects.bulk_create(
            [
                Comment(
                    target=item,
                    name=f"R{i}",
                    email=f"r{i}@x.example",
                    body="Root",
                    body_html="<p>Root</p>",
                    status="approved",
                )
                for i in range(size)
            ]
        )
        Comment.objects.bulk_create(
            [
                Comment(
                    target=item,
                    parent=root,
                    name="P",
                    email="p@x.example",
                    body="Re",
                    body_html="<p>Re</p>",
                    status="approved",
                )
                for root in roots
            ]
        )
        client.get(item.get_absolute_url())  # warm the per-process caches (Site, ContentType)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(item.get_absolute_url())
        assert f"{2 * size} Comment" in html_of(response)
        counts[size] = len(queries)
    assert counts[1] == counts[count] <= 5


def test_list_queries_do_not_grow_with_items_or_comments(client, kind):
    def list_queries():
        with CaptureQueriesContext(connection) as queries:
            client.get(kind["list"]())
        return len(queries)

    CommentFactory(target=kind["make"]())
    list_queries()  # the cache was cleared (rate limits): the site's kept menu is built again
    small = list_queries()
    for _ in range(5):
        item = kind["make"]()
        CommentFactory.create_batch(3, target=item)
    assert list_queries() == small


def test_reply_notifies_the_parent_author(client, kind, editor, django_capture_on_commit_callbacks):
    item = kind["make"](title="Sanctions and energy")
    parent = CommentFactory(target=item, notify_replies=True, email="parent@private.example")
    client.force_login(editor)
    reply = CommentFactory(target=item, parent=parent, status=CommentStatus.PENDING, name="Replier")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/admin/comments/comment/", {"action": "approve", "_selected_action": [reply.pk]}
        )
    [message] = mail.outbox
    assert message.to == ["parent@private.example"]
    assert message.subject == "Replier replied to your comment on “Sanctions and energy”"
    assert f"{item.get_absolute_url()}#c{reply.pk}" in message.body
    assert "/comments/unsubscribe/" in message.extra_headers["List-Unsubscribe"]
    assert reply.email not in message.body


def test_moderation_queue_names_the_item_and_finds_it(client, kind, editor):
    item = kind["make"](title="A very particular title")
    comment = CommentFactory(target=item, status=CommentStatus.PENDING)
    CommentFactory(status=CommentStatus.PENDING, body="On an article")
    client.force_login(editor)
    html = html_of(client.get("/admin/comments/comment/"))
    link = f'<a href="{item.get_absolute_url()}#c{comment.pk}">A very particular title</a>'
    assert f"{item._meta.verbose_name}: {link}" in html
    found = html_of(client.get("/admin/comments/comment/", {"q": "very particular"}))
    assert comment.body in found and "On an article" not in found
    html = html_of(client.get("/admin/"))
    assert "2 comments awaiting moderation" in html


def test_feed_has_approved_comments_and_no_email(client, kind):
    item = kind["make"](title="Ukraine's reconstruction")
    CommentFactory(target=item, name="Visible Voice", body="Approved remark", email=SECRET)
    CommentFactory(target=item, body="Pending remark", status=CommentStatus.PENDING)
    response = client.get(item.comment_url("comments_feed"))
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert feed.feed.title == "Comments on “Ukraine's reconstruction”"
    assert [entry.title for entry in feed.entries] == ["Comment by Visible Voice"]
    assert feed.entries[0].link.endswith(f"{item.get_absolute_url()}#c{Comment.objects.first().pk}")
    body = response.content.decode()
    assert "Pending remark" not in body and "hidden.example" not in body


def test_drafts_take_no_comments_and_have_no_feed(client, kind):
    item = kind["make"](**kind["draft"])
    assert post_comment(client, item).status_code == 404
    assert client.get(item.comment_url("comment_token")).status_code == 404
    assert client.get(item.comment_url("comments_feed")).status_code == 404
    assert not Comment.objects.exists()


def test_closed_comments_keep_the_text_and_show_no_form(client, kind):
    item = kind["make"](comments_open=False)
    CommentFactory(target=item, body="Before closing")
    response = post_comment(client, item, body="Words I do not want to lose")
    assert response.status_code == 404
    assert_valid_html(response)
    assert "Words I do not want to lose" in html_of(response)
    html = html_of(client.get(item.get_absolute_url()))
    assert "Before closing" in html and "Comments are closed." in html
    assert "comment-form" not in html
    assert Comment.objects.count() == 1


def test_bad_input_returns_the_items_page_with_the_text_kept(client, kind):
    item = kind["make"]()
    response = post_comment(client, item, body="Kept text", email="not-an-email")
    assert response.status_code == 400
    assert_valid_html(response)
    html = html_of(response)
    assert "Your comment was not posted." in html and "Kept text" in html
    assert item.title in html  # the item's own page, not the article's
    other = kind["make"]()
    foreign = CommentFactory(target=other)
    response = post_comment(client, item, parent=foreign.pk, body="Reply text")
    assert response.status_code == 400
    assert f"not published on this {item._meta.verbose_name}" in html_of(response)
    assert not Comment.objects.filter(body__in=["Kept text", "Reply text"]).exists()


def test_a_token_is_valid_for_its_own_item_only(client, kind):
    item = kind["make"]()
    article = ArticleFactory()
    # Another kind of item with the same id: the token names the kind too.
    forged = signing.dumps(
        {"a": item.pk, "t": int(time.time()) - 60}, salt="articles.comment-form", compress=False
    )
    assert post_comment(client, item, token=forged).status_code == 400
    assert post_comment(client, item, token=aged_token(article)).status_code == 400
    token = client.get(item.comment_url("comment_token")).json()["token"]
    assert token != make_token(article)
    page = html_of(client.get(item.get_absolute_url()))
    assert post_comment(client, item, token=token_in(page)).status_code == 400  # too quick
    assert post_comment(client, item).status_code == 303


@pytest.mark.parametrize(
    "overrides,note", [({"homepage": "http://bot.example/"}, "honeypot"), ({}, "casino")]
)
def test_spam_defences(client, kind, overrides, note, django_capture_on_commit_callbacks):
    BlockedTermFactory(value="casino")
    item = kind["make"]()
    body = "Casino bonus" if note == "casino" else "Bot text"
    with django_capture_on_commit_callbacks(execute=True):
        response = post_comment(client, item, body=body, **overrides)
    assert response.status_code == 303 and "posted=held" in response["Location"]
    comment = Comment.objects.get()
    assert comment.status == CommentStatus.SPAM and note in comment.moderation_note
    assert mail.outbox == []


def test_rate_limit_is_shared_with_articles(client, kind, settings):
    settings.COMMENTS_RATE = "2/h"  # an hour: no window ends mid-test
    item = kind["make"]()
    assert post_comment(client, ArticleFactory(), body="One").status_code == 303
    assert post_comment(client, item, body="Two").status_code == 303
    response = post_comment(client, item, body="Three, kept")
    assert response.status_code == 429 and "Three, kept" in html_of(response)


def test_known_commenter_is_approved_at_once_in_the_same_section(client, kind):
    from comments.service import moderate

    first, second = kind["make"](), kind["make"]()
    post_comment(client, first, body="My first comment here.")
    moderate([Comment.objects.get()], CommentStatus.APPROVED, None)
    response = post_comment(client, second)
    comment = Comment.objects.for_target(second).get()
    assert comment.status == CommentStatus.APPROVED
    assert response["Location"] == f"{second.get_absolute_url()}?posted=published#c{comment.pk}"


def test_email_is_never_shown(client, kind):
    item = kind["make"]()
    parent = CommentFactory(target=item, email=SECRET, name="Secretive")
    CommentFactory(target=item, parent=parent, email=SECRET.upper())
    CommentFactory(target=item, email=SECRET, status=CommentStatus.PENDING)
    for url in [
        item.get_absolute_url(),
        f"{item.get_absolute_url()}?replyto={parent.pk}",
        item.comment_url("comments_feed"),
        item.comment_url("comment_token"),
        kind["list"](),
        "/",
    ]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert "hidden.example" not in response.content.decode().lower(), url
    response = post_comment(client, item, body="", email="mine@example.org")
    assert "hidden.example" not in html_of(response).lower()


def test_an_item_with_comments_cannot_be_deleted(client, kind, django_user_model):
    item = kind["make"]()
    CommentFactory(target=item, status=CommentStatus.REMOVED)
    with pytest.raises(ProtectedError):
        item.delete()
    with pytest.raises(ProtectedError):
        type(item).objects.filter(pk=item.pk).delete()
    client.force_login(django_user_model.objects.create_superuser("root", "r@x.example", "pw"))
    response = client.post(reverse(kind["admin_delete"], args=[item.pk]), {"post": "yes"})
    assert "Cannot delete" in html_of(response)
    assert type(item).objects.filter(pk=item.pk).exists() and Comment.objects.count() == 1
    Comment.objects.all().delete()
    item.delete()  # without comments it goes


def test_event_comments_close_after_the_event_ends(client, settings, time_machine):
    settings.COMMENTS_CLOSE_AFTER_DAYS = 14
    event = EventFactory()
    time_machine.move_to(event.end + datetime.timedelta(days=13))
    assert "comment-form" in html_of(client.get(event.get_absolute_url()))
    time_machine.move_to(event.end + datetime.timedelta(days=14, minutes=1))
    html = html_of(client.get(event.get_absolute_url()))
    assert "comment-form" not in html and "Comments are closed." in html


def test_cancelled_event_keeps_its_comments(client):
    event = EventFactory(status=EventStatus.CANCELLED)
    CommentFactory(target=event, body="Will it be rescheduled?")
    html = html_of(client.get(event.get_absolute_url()))
    assert "Will it be rescheduled?" in html
    assert client.get(event.comment_url("comments_feed")).status_code == 200


def test_editors_close_comments_in_the_admin(client, kind, editor):
    item = kind["make"]()
    client.force_login(editor)
    opts = item._meta
    change = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk])
    assert 'name="comments_open"' in html_of(client.get(change))


def test_article_tokens_from_before_the_move_still_work(client):
    """A page cached before the comments app carries a token without the model's name."""
    article = ArticleFactory()
    old = signing.dumps(
        {"a": article.pk, "t": int(time.time()) - 60}, salt="articles.comment-form", compress=False
    )
    assert post_comment(client, article, token=old).status_code == 303


def test_admin_links_in_emails_sent_before_the_move_still_work(client, editor):
    comment = CommentFactory(status=CommentStatus.PENDING)
    client.force_login(editor)
    response = client.get(f"/admin/articles/comment/{comment.pk}/change/")
    assert response["Location"] == f"/admin/comments/comment/{comment.pk}/change/"
    response = client.get("/admin/articles/comment/?status=all", follow=True)
    assert response.redirect_chain[0][0] == "/admin/comments/comment/?status=all"
    assert comment.body in html_of(response)


def test_unsubscribe_at_the_new_and_the_old_address(client):
    from comments.service import UNSUBSCRIBE_SALT

    comment = CommentFactory(notify_replies=True, target=EpisodeFactory())
    token = signing.dumps(comment.pk, salt=UNSUBSCRIBE_SALT)
    response = client.get(reverse("comments:unsubscribe", args=[token]))
    assert "You will get no more comment emails" in html_of(response)
    assert not Comment.objects.filter(notify_replies=True).exists()
    assert client.get(f"/articles/comments/unsubscribe/{token}/").status_code == 200


def test_scheduled_episode_takes_comments_once_live(client, time_machine):
    episode = EpisodeFactory(published_at=timezone.now() + datetime.timedelta(hours=1))
    assert post_comment(client, episode).status_code == 404
    time_machine.move_to(timezone.now() + datetime.timedelta(hours=2))
    assert post_comment(client, episode).status_code == 303
