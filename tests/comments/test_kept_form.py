"""A new comment form's HTML is kept across changes of content ({% comment_form %}), with each
request's own token put in: the page is the page made from nothing, the token is fresh and
posts, and the form is not rendered again after a change elsewhere."""

import datetime
import re

import pytest
import time_machine
from django.template import base
from django.test import Client
from django.test.utils import override_settings
from django.utils import timezone

from comments import service
from comments.templatetags.comment_threads import TOKEN_PLACEHOLDER
from core.publishing import Status
from tests.articles.factories import ArticleFactory
from tests.comments.helpers import token_in
from tests.events.factories import EventFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def forms_rendered(monkeypatch):
    """How many times comments/form.html was rendered."""
    count = [0]
    original = base.Template.render

    def render(self, context):
        if self.origin and self.origin.template_name == "comments/form.html":
            count[0] += 1
        return original(self, context)

    monkeypatch.setattr(base.Template, "render", render)
    return count


def form_of(html):
    return re.search(r'<div class="comment-respond".*?</form>', html, re.S).group(0)


def test_a_kept_form_is_the_form_made_from_nothing_with_its_own_token(settings, committed):
    article = ArticleFactory(title="Kept form")
    event = EventFactory(title="Kept event")
    pages = [article.get_absolute_url(), f"/ru{article.get_absolute_url()}"]
    pages.append(event.get_absolute_url())
    settings.PAGE_CACHE_SECONDS = 0
    fresh = [form_of(Client().get(path).content.decode()) for path in pages]
    with override_settings(PAGE_CACHE_SECONDS=600):
        committed(lambda: None)
        Client().get(pages[0])
        later = timezone.now() + datetime.timedelta(minutes=3)
        committed(lambda: ArticleFactory(title="Elsewhere"))
        with time_machine.travel(later):
            kept = [form_of(Client().get(path).content.decode()) for path in pages]
    for made, shown in zip(fresh, kept, strict=True):
        assert TOKEN_PLACEHOLDER not in shown
        assert made.replace(token_in(made), "T") == shown.replace(token_in(shown), "T")
    # The token was issued for the request that showed it, and posts.
    issued = service.signing.loads(token_in(kept[0]), salt=service.token_salt(article))["t"]
    assert issued >= int(later.timestamp()) - 1
    with time_machine.travel(later + datetime.timedelta(minutes=1)):
        service.check_token(token_in(kept[2]), event)


def test_a_change_elsewhere_does_not_render_the_form_again(page_cache, forms_rendered, committed):
    article = ArticleFactory(title="One form")
    committed(lambda: None)
    Client().get(article.get_absolute_url())
    assert forms_rendered[0] == 1
    committed(lambda: ArticleFactory(title="Another article"))
    html = Client().get(article.get_absolute_url()).content.decode()
    assert forms_rendered[0] == 1
    assert 'name="token"' in html


def test_a_reply_form_and_a_closed_item_are_made_as_before(page_cache, forms_rendered):
    from tests.comments.factories import CommentFactory

    article = ArticleFactory(title="Replies")
    comment = CommentFactory(target=article, name="Anna")
    html = Client().get(f"{article.get_absolute_url()}?replyto={comment.pk}").content.decode()
    assert "Reply to Anna" in form_of(html)
    closed = ArticleFactory(title="Closed", comments_open=False, status=Status.PUBLISHED)
    assert 'class="comment-respond"' not in Client().get(closed.get_absolute_url()).content.decode()
