"""Factories and test data for this app's tests."""

import factory

from comments.models import BlockedTerm, BlockKind, Comment, CommentStatus
from tests.articles.factories import ArticleFactory


class CommentFactory(factory.django.DjangoModelFactory):
    """An approved comment on a published article; `article=` names the article, `target=`
    any commentable item (an episode, an event)."""

    class Meta:
        model = Comment

    class Params:
        article = None

    target = factory.Maybe(
        "article",
        yes_declaration=factory.SelfAttribute("article"),
        no_declaration=factory.SubFactory(ArticleFactory),
    )
    name = factory.Sequence(lambda n: f"Reader {n}")
    email = factory.Sequence(lambda n: f"reader-{n}@private.example")
    body = factory.Sequence(lambda n: f"Comment number {n}: a thoughtful remark.")
    status = CommentStatus.APPROVED
    ip_address = "198.51.100.7"
    user_agent = "Mozilla/5.0 (test)"


class BlockedTermFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BlockedTerm
        django_get_or_create = ["kind", "value"]

    kind = BlockKind.WORD
    value = "casino"
