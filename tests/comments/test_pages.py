"""What readers see of comments: threads, counts, pages, feeds, closed articles, privacy."""

import datetime

import feedparser
import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from comments.models import Comment, CommentStatus
from tests.articles.factories import ArticleFactory, CategoryFactory, TopicFactory
from tests.comments.factories import CommentFactory
from tests.comments.helpers import post_comment
from tests.helpers.html import assert_valid_html
from tests.members.factories import PersonFactory

pytestmark = pytest.mark.django_db


def html_of(response):
    return response.content.decode()


def test_approved_comments_oldest_first_with_nested_replies(client):
    article = ArticleFactory()
    now = timezone.now()
    first = CommentFactory(
        article=article,
        name="First Reader",
        body="Opening remark",
        created=now - datetime.timedelta(hours=5),
    )
    reply = CommentFactory(
        article=article,
        parent=first,
        name="Second Reader",
        body="A reply",
        created=now - datetime.timedelta(hours=4),
    )
    CommentFactory(
        article=article,
        parent=reply,
        name="Third Reader",
        body="Reply to the reply",
        created=now - datetime.timedelta(hours=3),
    )
    CommentFactory(
        article=article,
        name="Later Reader",
        body="Later remark",
        created=now - datetime.timedelta(hours=1),
    )
    CommentFactory(article=article, name="Held Back", status=CommentStatus.PENDING)
    CommentFactory(article=article, name="Spammer", status=CommentStatus.SPAM)
    CommentFactory(article=article, name="Removed One", status=CommentStatus.REMOVED)

    response = client.get(article.get_absolute_url())
    document = assert_valid_html(response)
    html = html_of(response)
    assert "4 Comments" in html
    assert (
        html.index("Opening remark")
        < html.index("A reply")
        < html.index("Reply to the reply")
        < html.index("Later remark")
    )
    for hidden in ["Held Back", "Spammer", "Removed One"]:
        assert hidden not in html
    # Nesting: the reply's <li> sits inside the first comment's <li>, two levels deep.
    first_li = document.find(f".//li[@id='c{first.pk}']")
    reply_li = first_li.find(f".//li[@id='c{reply.pk}']")
    assert reply_li is not None
    assert "Reply to the reply" in "".join(reply_li.find(".//ol").itertext())
    assert first.created.strftime("%B") in html


def test_name_links_to_website_and_body_is_escaped_and_linkified(client):
    article = ArticleFactory()
    CommentFactory(
        article=article,
        name="Web Person",
        website="https://example.org/me",
        body="<script>alert('x')</script> <b>bold?</b>\nsecond line\n\nsee https://example.com/page and www.example.net",
    )
    html = html_of(client.get(article.get_absolute_url()))
    assert '<a href="https://example.org/me" rel="nofollow ugc noopener">Web Person</a>' in html
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html
    assert "<b>bold?</b>" not in html and "&lt;b&gt;bold?&lt;/b&gt;" in html
    assert "<br>second line" in html
    assert (
        '<a href="https://example.com/page" rel="nofollow ugc noopener">https://example.com/page</a>'
        in html
    )
    assert (
        '<a href="http://www.example.net" rel="nofollow ugc noopener">www.example.net</a>' in html
    )


def test_form_explains_privacy_and_required_fields(client):
    article = ArticleFactory()
    response = client.get(article.get_absolute_url())
    document = assert_valid_html(response)
    html = html_of(response)
    assert "Your email address will not be published. Required fields are marked" in html
    form = document.find(".//form[@class='comment-form']")
    labels = {label.get("for") for label in form.iter("label")}
    for field in ["id_name", "id_email", "id_website", "id_body", "id_notify_replies"]:
        assert field in labels
    assert form.get("action") == reverse("articles:comment", args=[article.slug]) + "#respond"
    # No CSRF token: the page must stay cacheable (see post_comment's docstring).
    assert "csrfmiddlewaretoken" not in html
    assert "Cookie" not in response.get("Vary", "")


def test_reply_link_prefills_the_parent(client):
    article = ArticleFactory()
    comment = CommentFactory(article=article, name="Asker")
    html = html_of(client.get(article.get_absolute_url()))
    assert f'href="?replyto={comment.pk}#respond"' in html
    response = client.get(f"{article.get_absolute_url()}?replyto={comment.pk}")
    assert_valid_html(response)
    html = html_of(response)
    assert "Reply to Asker" in html
    assert f'name="parent" value="{comment.pk}"' in html
    # A bad or foreign reply target is ignored: a plain new comment form.
    other = CommentFactory()
    for bad in ["abc", str(other.pk), "99999"]:
        html = html_of(client.get(f"{article.get_absolute_url()}?replyto={bad}"))
        assert "Leave a comment" in html and 'name="parent" value' not in html


def test_reply_links_keep_the_page_and_drop_the_posted_message(client):
    """The reply link is this address's query with replyto set and "posted" gone, escaped as
    {% querystring %} would make it, on every comment of the thread, replies included."""
    article = ArticleFactory()
    root = CommentFactory(article=article, name="Root <b>")
    reply = CommentFactory(article=article, name="Second", parent=root)
    response = client.get(f"{article.get_absolute_url()}?cpage=1&posted=held&replyto=1")
    assert_valid_html(response)
    html = html_of(response)
    for comment in (root, reply):
        assert f'href="?cpage=1&amp;replyto={comment.pk}#respond"' in html
    assert 'aria-label="Comment by Root &lt;b&gt;"' in html
    assert "posted=held" not in html.split('id="comments"', 1)[1].split("<form", 1)[0]


def test_a_thread_speaks_russian(client):
    article = ArticleFactory(language="ru")
    root = CommentFactory(article=article, name="Иван")
    html = html_of(client.get(f"/ru{article.get_absolute_url()}"))
    assert 'aria-label="Комментарий: Иван"' in html
    assert f'href="?replyto={root.pk}#respond">Ответить' in html
    assert "пользователю Иван" in html


def test_posted_messages(client):
    article = ArticleFactory()
    html = html_of(client.get(article.get_absolute_url() + "?posted=held"))
    assert "Your comment awaits moderation" in html
    html = html_of(client.get(article.get_absolute_url() + "?posted=<script>"))
    assert "<script>" not in html and "awaits moderation" not in html


def test_comment_counts_in_lists_without_a_query_per_article(client, django_assert_max_num_queries):
    articles = [ArticleFactory() for _ in range(3)]
    CommentFactory.create_batch(3, article=articles[0])
    CommentFactory(article=articles[1])
    CommentFactory(article=articles[1], status=CommentStatus.PENDING)
    with django_assert_max_num_queries(10):
        html = html_of(client.get(reverse("articles:list")))
    assert "3 comments" in html and "1 comment<" in html
    assert html.count("comment-count") == 2  # none shown for the article without comments


@pytest.mark.parametrize("count", [1, 500])
def test_article_page_query_budget_with_comments(client, django_assert_max_num_queries, count):
    authors, topics = [PersonFactory()], [TopicFactory()]
    article = ArticleFactory(authors=authors, topics=topics)
    ArticleFactory.create_batch(3, authors=authors, topics=topics)
    roots = Comment.objects.bulk_create(
        [
            Comment(
                target=article,
                name=f"R{i}",
                email=f"r{i}@x.example",
                body=f"Body {i}",
                body_html=f"<p>Body {i}</p>",
                status=CommentStatus.APPROVED,
            )
            for i in range(max(1, count // 2))
        ]
    )
    Comment.objects.bulk_create(
        [
            Comment(
                target=article,
                parent=roots[i % len(roots)],
                name=f"P{i}",
                email=f"p{i}@x.example",
                body="Reply",
                body_html="<p>Reply</p>",
                status=CommentStatus.APPROVED,
            )
            for i in range(count - len(roots))
        ]
    )
    with django_assert_max_num_queries(12):
        response = client.get(article.get_absolute_url())
    assert response.status_code == 200
    assert f"{count} Comment" in html_of(response)


def test_many_comments_are_paginated_without_dropping_replies(client, settings):
    settings.COMMENTS_PER_PAGE = 5
    article = ArticleFactory()
    roots = [CommentFactory(article=article, body=f"Root {i:02d}") for i in range(12)]
    replies = [
        CommentFactory(article=article, parent=root, body=f"Answer to {i:02d}")
        for i, root in enumerate(roots)
    ]
    seen = ""
    for page in [1, 2, 3]:
        response = client.get(article.get_absolute_url(), {"cpage": page})
        assert_valid_html(response)
        html = html_of(response)
        assert f"Comments page {page} of 3" in html
        seen += html
        # Each root's reply is on the same page as its root.
        for i in range(12):
            assert (f"Root {i:02d}" in html) == (f"Answer to {i:02d}" in html)
    assert all(f"Root {i:02d}" in seen and f"Answer to {i:02d}" in seen for i in range(12))
    assert len(replies) == 12
    assert client.get(article.get_absolute_url(), {"cpage": 9}).status_code == 404
    assert client.get(article.get_absolute_url(), {"cpage": "x"}).status_code == 404


def test_deep_replies_are_shown_flat_with_whom_they_answer(client, settings):
    settings.COMMENTS_MAX_DEPTH = 2
    article = ArticleFactory()
    a = CommentFactory(article=article, name="Alpha")
    b = CommentFactory(article=article, parent=a, name="Beta")
    c = CommentFactory(article=article, parent=b, name="Gamma", body="Deep reply")
    html = html_of(client.get(article.get_absolute_url()))
    assert "Deep reply" in html
    assert f'in reply to <a href="#c{b.pk}">Beta</a>' in html
    assert f'id="c{c.pk}"' in html


def test_reply_to_removed_comment_is_still_shown(client):
    article = ArticleFactory()
    parent = CommentFactory(article=article, status=CommentStatus.REMOVED, body="Gone")
    CommentFactory(article=article, parent=parent, body="Orphaned but kept")
    html = html_of(client.get(article.get_absolute_url()))
    assert "Orphaned but kept" in html and "Gone" not in html


def test_closed_article_shows_comments_and_no_form(client):
    article = ArticleFactory(comments_open=False)
    CommentFactory(article=article, body="Before closing")
    response = client.get(article.get_absolute_url())
    assert_valid_html(response)
    html = html_of(response)
    assert "Before closing" in html and "Comments are closed." in html
    assert "comment-form" not in html and "Reply<span" not in html


def test_comments_close_automatically_after_the_setting(client, settings, time_machine):
    settings.COMMENTS_CLOSE_AFTER_DAYS = 14
    article = ArticleFactory(published_at=timezone.now() - datetime.timedelta(days=1))
    assert "comment-form" in html_of(client.get(article.get_absolute_url()))
    time_machine.move_to(timezone.now() + datetime.timedelta(days=14))
    html = html_of(client.get(article.get_absolute_url()))
    assert "comment-form" not in html and "Comments are closed." in html
    response = post_comment(client, article)
    assert response.status_code == 404


def test_comments_feed_has_approved_comments_only(client):
    article = ArticleFactory(title="Security organisations")
    CommentFactory(article=article, name="Visible Voice", body="Approved remark")
    CommentFactory(
        article=article, name="Hidden Voice", body="Pending remark", status=CommentStatus.PENDING
    )
    CommentFactory(body="On another article")
    response = client.get(reverse("articles:comments_feed", args=[article.slug]))
    assert response.status_code == 200
    feed = feedparser.parse(response.content)
    assert feed.feed.title == "Comments on “Security organisations”"
    assert [entry.title for entry in feed.entries] == ["Comment by Visible Voice"]
    assert "Approved remark" in feed.entries[0].summary
    assert feed.entries[0].author == "Visible Voice"
    assert "Pending remark" not in response.content.decode()
    html = html_of(client.get(article.get_absolute_url()))
    assert reverse("articles:comments_feed", args=[article.slug]) in html


def test_comments_feeds_link_to_the_request_host_not_the_sites_domain(client, settings):
    from django.contrib.sites.models import Site

    settings.ALLOWED_HOSTS = ["ponarseurasia.org"]
    Site.objects.update_or_create(pk=1, defaults={"domain": "stale.example.com"})
    article = ArticleFactory(title="Security organisations")
    comment = CommentFactory(article=article, name="Visible Voice")
    rss = reverse("articles:comments_feed", args=[article.slug])
    for path, kind in ((rss, "rss20"), (rss + "atom/", "atom10")):
        response = client.get(path, HTTP_HOST="ponarseurasia.org", secure=True)
        assert b"stale.example.com" not in response.content
        feed = feedparser.parse(response.content)
        assert feed.version == kind and not feed.bozo
        page = f"https://ponarseurasia.org{article.get_absolute_url()}"
        assert feed.feed.link == page + "#comments"
        assert [entry.link for entry in feed.entries] == [f"{page}#c{comment.pk}"]


def test_no_feed_for_unpublished_article(client):
    article = ArticleFactory(status="draft")
    assert client.get(reverse("articles:comments_feed", args=[article.slug])).status_code == 404


SECRET = "secret.commenter@hidden.example"


def test_commenter_email_appears_on_no_public_page(client, settings):
    """Render every public page type (and every parameterless public route) and look for the email."""
    from django.urls import get_resolver

    settings.COMMENTS_MIN_SECONDS = 0
    person = PersonFactory()
    topic = TopicFactory(name="Armenia")
    article = ArticleFactory(authors=[person], topics=[topic], category=CategoryFactory())
    parent = CommentFactory(
        article=article, email=SECRET, name="Secretive", website="https://example.org/"
    )
    CommentFactory(article=article, parent=parent, email=SECRET.upper())
    CommentFactory(article=article, email=SECRET, status=CommentStatus.PENDING)
    urls = {
        "/",
        reverse("articles:list"),
        article.category.get_absolute_url(),
        topic.get_absolute_url(),
        article.get_absolute_url(),
        f"{article.get_absolute_url()}?replyto={parent.pk}",
        f"{article.get_absolute_url()}?posted=held",
        person.get_absolute_url(),
        reverse("articles:comments_feed", args=[article.slug]),
        reverse("articles:comment_token", args=[article.slug]),
    }
    # Every route without parameters, outside the admin (other apps' lists and feeds too).
    for pattern, prefix in _routes(get_resolver()):
        if "admin" not in prefix and "<" not in prefix + pattern and "(?P" not in prefix + pattern:
            urls.add("/" + prefix + pattern)
    checked = 0
    for url in sorted(urls):
        response = client.get(url)
        if response.status_code in (301, 302, 404, 405):
            continue
        body = response.content.decode(errors="replace").lower()
        assert SECRET not in body, url
        assert "hidden.example" not in body, url
        checked += 1
    assert checked >= 10
    # The form sent back with errors, and the closed-comments page, keep the reader's text but
    # show only the email they themselves typed, never anyone else's.
    response = post_comment(client, article, body="", email="mine@example.org")
    assert SECRET not in response.content.decode().lower()
    assert len(mail.outbox) == 0 or all(
        SECRET not in m.body for m in mail.outbox if m.to != [SECRET]
    )


def _routes(resolver, prefix=""):
    from django.urls import URLPattern, URLResolver

    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            yield from _routes(entry, prefix + str(entry.pattern).lstrip("^"))
        elif isinstance(entry, URLPattern):
            yield str(entry.pattern).lstrip("^").rstrip("$"), prefix


def test_list_pagination_links_are_well_formed(client, settings):
    """{% querystring %} already starts with "?"; a second one made "??page=2" (found while
    checking comment counts on lists)."""
    settings.ARTICLES_PER_PAGE = 2
    for _ in range(3):
        ArticleFactory()
    html = html_of(client.get(reverse("articles:list")))
    assert 'href="?page=2"' in html and "??" not in html
