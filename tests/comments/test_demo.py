"""The demo's editor is told of new comments, so moderation can be tried with `make run`."""

import io

import pytest
from django.core import mail
from django.core.management.base import BaseCommand

from comments.models import Comment, CommentStatus
from members.demo import demo_users
from tests.articles.factories import ArticleFactory
from tests.comments.helpers import post_comment

pytestmark = pytest.mark.django_db


def test_a_comment_on_the_demo_is_mailed_to_the_demo_editor(client):
    demo_users(BaseCommand(stdout=io.StringIO()))  # the logins `seed_demo` makes with DEBUG on
    article = ArticleFactory()
    response = post_comment(client, article, email="new.reader@private.example")
    assert response.status_code == 303 and "posted=held" in response["Location"]
    comment = Comment.objects.get(email="new.reader@private.example")
    assert comment.status == CommentStatus.PENDING
    assert any("editor@example.org" in message.to for message in mail.outbox), [
        message.to for message in mail.outbox
    ]
