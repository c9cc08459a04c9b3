"""Posting a comment: the happy path, every spam defence, and every kind of bad input."""

import datetime

import pytest
from django.core import mail
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from hypothesis import HealthCheck, given
from hypothesis import settings as hsettings
from hypothesis import strategies as st

from comments.models import BlockKind, Comment, CommentStatus
from comments.service import make_token
from core.publishing import Status
from tests.articles.factories import ArticleFactory
from tests.comments.factories import BlockedTermFactory, CommentFactory
from tests.comments.helpers import aged_token, form_data, post_comment, token_in
from tests.helpers.html import assert_valid_html

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clear_rate_limits():
    cache.clear()
    yield
    cache.clear()


def test_new_comment_awaits_moderation_and_moderators_are_emailed(
    client, editor, django_capture_on_commit_callbacks
):
    article = ArticleFactory(title="Karabakh and the CSTO")
    with django_capture_on_commit_callbacks(execute=True):
        response = post_comment(
            client,
            article,
            website="https://anna.example/",
            notify_replies="on",
            HTTP_USER_AGENT="Firefox",
        )
    assert response.status_code == 303
    assert response["Location"] == f"{article.get_absolute_url()}?posted=held#comments"
    comment = Comment.objects.get()
    assert comment.status == CommentStatus.PENDING
    assert (comment.name, comment.email, comment.website) == (
        "Anna Reader",
        "anna@private.example",
        "https://anna.example/",
    )
    assert comment.notify_replies and comment.ip_address == "127.0.0.1"
    html = client.get(response["Location"]).content.decode()
    assert "Your comment awaits moderation" in html
    assert "A considered remark" not in html  # not shown until approved
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [editor.email]
    assert "Karabakh and the CSTO" in message.subject
    assert "anna@private.example" in message.body and "127.0.0.1" in message.body
    assert reverse("admin:comments_comment_change", args=[comment.pk]) in message.body


def test_moderator_emails_setting(client, settings, django_capture_on_commit_callbacks):
    settings.COMMENTS_MODERATOR_EMAILS = ["desk@example.org"]
    with django_capture_on_commit_callbacks(execute=True):
        post_comment(client, ArticleFactory())
    assert [m.to for m in mail.outbox] == [["desk@example.org"]]


def approved_earlier_comment(client, article=None):
    """Post a comment from `client` (a browser), held for moderation, then approve it."""
    from comments.service import moderate

    response = post_comment(client, article or ArticleFactory(), body="My first comment here.")
    assert "posted=held" in response["Location"]
    moderate([Comment.objects.get(body="My first comment here.")], CommentStatus.APPROVED, None)
    return response


def test_known_commenter_is_approved_at_once(client, django_capture_on_commit_callbacks):
    """The same person, from the browser that posted their approved comment."""
    approved_earlier_comment(client)
    mail.outbox.clear()
    article = ArticleFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = post_comment(client, article, email="ANNA@private.example")
    comment = Comment.objects.get(article=article)
    assert comment.status == CommentStatus.APPROVED
    assert response["Location"] == f"{article.get_absolute_url()}?posted=published#c{comment.pk}"
    html = client.get(response["Location"]).content.decode()
    assert "Your comment is published" in html and "A considered remark" in html
    assert mail.outbox == []  # nobody to moderate


def test_someone_else_typing_a_known_commenters_name_and_email_is_held(client):
    """Anyone may know a past commenter's name and email: without the browser's proof, the
    comment waits for a moderator (issue 13, defect 15)."""
    CommentFactory(name="Anna Reader", email="anna@private.example")  # approved, posted elsewhere
    article = ArticleFactory()
    response = post_comment(client, article, body="Pretending to be Anna.")
    assert "posted=held" in response["Location"]
    assert Comment.objects.get(article=article).status == CommentStatus.PENDING
    # Their own earlier post under Anna's name (held, never approved) proves nothing either.
    response = post_comment(client, article, body="Pretending again.")
    assert Comment.objects.get(body="Pretending again.").status == CommentStatus.PENDING


def test_commenter_cookie_is_signed_private_and_forgery_proof(client):
    from django.core import signing

    response = approved_earlier_comment(client)
    cookie = response.cookies["commenter"]
    assert cookie["httponly"] and cookie["samesite"] == "Lax" and cookie["path"] == "/articles/"
    assert "anna" not in cookie.value.lower()  # comment ids, signed; never the address
    # A made-up or altered cookie naming the approved comment counts for nothing.
    victim = Comment.objects.get()
    for forged in [
        signing.dumps([victim.pk], salt="another.purpose"),
        cookie.value[:-3] + "xyz",
        f"[{victim.pk}]",
    ]:
        stranger = Client()
        stranger.cookies["commenter"] = forged
        article = ArticleFactory()
        assert post_comment(stranger, article).status_code == 303
        assert Comment.objects.get(article=article).status == CommentStatus.PENDING


def test_known_commenter_setting_off_or_other_name_holds(client, settings):
    approved_earlier_comment(client)
    article = ArticleFactory()
    post_comment(client, article, name="Someone Else")
    assert Comment.objects.get(article=article).status == CommentStatus.PENDING
    settings.COMMENTS_AUTO_APPROVE_KNOWN = False
    post_comment(client, article, body="Second")
    assert Comment.objects.get(article=article, body="Second").status == CommentStatus.PENDING


def test_published_comment_on_a_later_page_redirects_there(client, settings):
    settings.COMMENTS_PER_PAGE = 2
    article = ArticleFactory()
    CommentFactory.create_batch(3, article=article)
    approved_earlier_comment(client)
    response = post_comment(client, article)
    comment = Comment.objects.filter(article=article).latest("id")
    assert (
        response["Location"]
        == f"{article.get_absolute_url()}?posted=published&cpage=2#c{comment.pk}"
    )


def test_reply_is_stored_under_its_parent(client):
    article = ArticleFactory()
    parent = CommentFactory(article=article)
    post_comment(client, article, parent=parent.pk)
    assert Comment.objects.get(article=article, parent=parent).name == "Anna Reader"


BAD_INPUTS = [
    ({"body": ""}, "Write your comment before posting it."),
    ({"body": "   \n  "}, "Write your comment before posting it."),
    ({"body": "x" * 10_000}, "Your comment is 10000 characters long; the limit is 5000."),
    ({"name": ""}, "Enter your name."),
    ({"email": "not-an-email"}, "Enter a valid email address"),
    ({"email": ""}, "Enter your email address."),
    ({"website": "javascript:alert(1)"}, "Enter a web address starting with http:// or https://."),
    (
        {"website": "ftp://files.example.org/"},
        "Enter a web address starting with http:// or https://.",
    ),
    ({"name": "a" * 101}, "at most 100 characters"),
    ({"body": "nul \x00 byte"}, "Null characters are not allowed."),
    ({"token": "tampered"}, "This form could not be verified"),
    ({"token": None}, "This form could not be verified"),
    ({"parent": "abc"}, "The comment you are replying to could not be found."),
]


@pytest.mark.parametrize("overrides,message", BAD_INPUTS)
def test_bad_input_returns_the_form_with_the_text_kept(client, overrides, message):
    article = ArticleFactory()
    data = {
        "body": "My carefully written thoughts",
        "name": "Kept Name",
        "website": "https://kept.example/",
    }
    data.update(overrides)
    response = post_comment(client, article, **data)
    assert response.status_code == 400
    assert_valid_html(response)
    html = response.content.decode()
    assert "Your comment was not posted." in html
    assert message in html
    for key in ["body", "name"]:
        if key not in overrides:
            assert data[key] in html
    assert (
        "anna@private.example" in html or "email" in overrides
    )  # their own email, back in their form
    assert not Comment.objects.exists()


def test_token_of_another_article_is_refused(client):
    article, other = ArticleFactory(), ArticleFactory()
    response = post_comment(client, article, token=aged_token(other))
    assert response.status_code == 400 and "could not be verified" in response.content.decode()


def test_replayed_form_is_refused(client):
    article = ArticleFactory()
    data = form_data(article)
    url = reverse("articles:comment", args=[article.slug])
    assert client.post(url, data).status_code == 303
    response = client.post(url, data)
    assert response.status_code == 400
    assert "You have already posted this comment here" in response.content.decode()
    assert Comment.objects.count() == 1


@pytest.mark.parametrize("case", ["other article", "pending", "spam", "missing"])
def test_reply_to_foreign_or_unapproved_comment_is_refused(client, case):
    article = ArticleFactory()
    target = {
        "other article": lambda: CommentFactory(),
        "pending": lambda: CommentFactory(article=article, status=CommentStatus.PENDING),
        "spam": lambda: CommentFactory(article=article, status=CommentStatus.SPAM),
        "missing": lambda: None,
    }[case]()
    response = post_comment(
        client, article, parent=target.pk if target else 99999, body="Reply text kept"
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "not published on this article" in html and "Reply text kept" in html
    assert 'name="parent" value' not in html  # posting again makes it a new comment
    assert not Comment.objects.filter(article=article, body="Reply text kept").exists()


def test_post_to_unpublished_or_unknown_article_is_404(client):
    for article in [
        ArticleFactory(status=Status.DRAFT),
        ArticleFactory(published_at=timezone.now() + datetime.timedelta(days=1)),
    ]:
        assert post_comment(client, article).status_code == 404
    assert client.post("/articles/no-such-article/comment/", {}).status_code == 404
    assert not Comment.objects.exists()


def test_post_to_closed_article_is_404_and_keeps_the_text(client):
    article = ArticleFactory(comments_open=False)
    response = post_comment(client, article, body="Words I do not want to lose")
    assert response.status_code == 404
    assert_valid_html(response)
    html = response.content.decode()
    assert "Comments are closed" in html and "Words I do not want to lose" in html
    assert not Comment.objects.exists()


def test_get_on_the_post_address_is_405(client):
    article = ArticleFactory()
    assert client.get(reverse("articles:comment", args=[article.slug])).status_code == 405


def test_honeypot_sends_to_spam_silently(client, django_capture_on_commit_callbacks):
    article = ArticleFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = post_comment(client, article, homepage="http://bot.example/")
    assert response.status_code == 303 and "posted=held" in response["Location"]
    comment = Comment.objects.get()
    assert (
        comment.status == CommentStatus.SPAM
        and comment.moderation_note == "honeypot field filled in"
    )
    assert mail.outbox == []  # moderators are not bothered with spam


def test_posting_too_fast_gets_the_form_back_with_a_fresh_token(client, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    article = ArticleFactory()
    page = client.get(article.get_absolute_url()).content.decode()
    response = post_comment(client, article, token=token_in(page), body="Instant post")
    assert response.status_code == 400
    html = response.content.decode()
    assert "That was very quick" in html and "Instant post" in html
    # The reader waits a moment and posts the returned form again: accepted.
    time_machine.shift(datetime.timedelta(seconds=5))
    assert (
        post_comment(client, article, token=token_in(html), body="Instant post").status_code == 303
    )


def test_token_from_the_future_is_refused(client, time_machine):
    article = ArticleFactory()
    time_machine.move_to(timezone.now() + datetime.timedelta(hours=2))
    future = make_token(article)
    time_machine.move_to(timezone.now() - datetime.timedelta(hours=2))
    assert post_comment(client, article, token=future).status_code == 400


def test_stale_token_from_a_cached_page_is_accepted(client, time_machine):
    article = ArticleFactory()
    page = client.get(article.get_absolute_url()).content.decode()
    time_machine.move_to(timezone.now() + datetime.timedelta(days=30))
    response = post_comment(client, article, token=token_in(page))
    assert response.status_code == 303 and Comment.objects.count() == 1


def test_form_works_when_the_page_is_served_by_a_site_cache(
    client, settings, django_assert_num_queries, time_machine
):
    """With Django's whole-page cache on, a second reader gets the first reader's cached page,
    token and all, and their first comment is still accepted."""
    settings.MIDDLEWARE = [
        "django.middleware.cache.UpdateCacheMiddleware",
        *settings.MIDDLEWARE,
        "django.middleware.cache.FetchFromCacheMiddleware",
    ]
    settings.CACHE_MIDDLEWARE_SECONDS = 600
    article = ArticleFactory()
    first = client.get(article.get_absolute_url())
    from django.test import Client

    second_reader = Client(REMOTE_ADDR="203.0.113.9")
    with django_assert_num_queries(0):  # served from the cache
        cached = second_reader.get(article.get_absolute_url())
    token = token_in(cached.content.decode())
    assert token == token_in(first.content.decode())
    time_machine.move_to(timezone.now() + datetime.timedelta(minutes=5))
    response = second_reader.post(
        reverse("articles:comment", args=[article.slug]), form_data(article, token=token)
    )
    assert response.status_code == 303
    assert Comment.objects.get().ip_address == "203.0.113.9"


def test_fresh_token_endpoint(client):
    article = ArticleFactory()
    response = client.get(reverse("articles:comment_token", args=[article.slug]))
    assert response.status_code == 200 and "no-cache" in response["Cache-Control"]
    assert (
        post_comment(client, article, token=response.json()["token"]).status_code == 400
    )  # too quick
    draft = ArticleFactory(status=Status.DRAFT)
    assert client.get(reverse("articles:comment_token", args=[draft.slug])).status_code == 404


def test_rate_limit_per_ip(client, settings):
    settings.COMMENTS_RATE = "3/h"  # an hour: no window ends mid-test
    article = ArticleFactory()
    for i in range(3):
        assert post_comment(client, article, body=f"Comment {i}").status_code == 303
    response = post_comment(client, article, body="One too many, but kept")
    assert response.status_code == 429
    html = response.content.decode()
    assert "several comments in a short time" in html and "One too many, but kept" in html
    # Another address is not affected.
    response = post_comment(client, article, body="From elsewhere", REMOTE_ADDR="198.51.100.20")
    assert response.status_code == 303
    assert Comment.objects.count() == 4


def test_client_ip_behind_a_proxy(client, settings):
    """With DJANGO_BEHIND_PROXY=1 the settings use core.ratelimit.client_ip (the proxy's entry)."""
    settings.RATELIMIT_IP_META_KEY = "core.ratelimit.client_ip"
    article = ArticleFactory()
    post_comment(client, article, HTTP_X_FORWARDED_FOR="10.0.0.1, 203.0.113.50")
    post_comment(client, article, body="Garbage header", HTTP_X_FORWARDED_FOR="not an ip")
    assert Comment.objects.get(body__startswith="A considered").ip_address == "203.0.113.50"
    assert Comment.objects.get(body="Garbage header").ip_address == "127.0.0.1"


def test_too_many_links_gets_the_form_back(client, settings):
    settings.COMMENTS_MAX_LINKS = 2
    article = ArticleFactory()
    body = "See https://a.example/ and http://b.example/x and www.c.example.org too"
    response = post_comment(client, article, body=body)
    assert response.status_code == 400
    html = response.content.decode()
    assert "at most 2 links" in html and "www.c.example.org too" in html
    assert (
        post_comment(
            client, article, body="Only https://a.example/ and https://b.example/"
        ).status_code
        == 303
    )


@pytest.mark.parametrize(
    "kind,value,overrides",
    [
        (BlockKind.WORD, "casino", {"body": "Best CASINO bonus today"}),
        (BlockKind.WORD, "cheap pills", {"name": "cheap pills shop"}),
        (BlockKind.EMAIL, "anna@private.example", {}),
        (BlockKind.EMAIL, "@private.example", {}),
        (BlockKind.IP, "127.0.0.1", {}),
    ],
)
def test_blocklist_sends_matches_to_spam(
    client, kind, value, overrides, django_capture_on_commit_callbacks
):
    BlockedTermFactory(kind=kind, value=value)
    article = ArticleFactory()
    with django_capture_on_commit_callbacks(execute=True):
        response = post_comment(client, article, **overrides)
    assert response.status_code == 303 and "posted=held" in response["Location"]
    comment = Comment.objects.get()
    assert comment.status == CommentStatus.SPAM and value in comment.moderation_note
    assert mail.outbox == []


def test_blocklist_words_match_whole_words_only(client):
    BlockedTermFactory(kind=BlockKind.WORD, value="ass")
    post_comment(client, ArticleFactory(), body="A classic assessment of the class system.")
    assert Comment.objects.get().status == CommentStatus.PENDING


@hsettings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    name=st.text(max_size=150),
    email=st.text(max_size=60),
    website=st.text(max_size=60),
    body=st.text(max_size=300),
    parent=st.one_of(st.none(), st.text(max_size=10)),
    token=st.text(max_size=80),
)
def test_hostile_input_never_causes_a_server_error(
    client, name, email, website, body, parent, token
):
    cache.clear()
    article = ArticleFactory()
    data = {"name": name, "email": email, "website": website, "body": body, "token": token}
    if parent is not None:
        data["parent"] = parent
    response = client.post(reverse("articles:comment", args=[article.slug]), data)
    assert response.status_code in (303, 400)
