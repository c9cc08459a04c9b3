"""Comments move from the articles app to the comments app (issue 14) without loss.

The database is migrated back to before the move (articles 0006), filled through the
migration state's models with what production holds — comments and replies in every status,
moderation stamps, IP addresses and user agents, blocklist entries, the Editors group's and a
user's own rights, the admin's history, a waiting daily task — and migrated forward again,
with Django's MigrationExecutor. Then backwards too. Runs on SQLite and PostgreSQL alike.
"""

import datetime

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone

from articles.models import Article
from comments.models import BlockedTerm, Comment, CommentStatus
from members.models import User
from ponars.search import schema

BEFORE = [("articles", "0006_checked_uploads")]
COMMENT_FIELDS = [
    "id",
    "parent_id",
    "name",
    "email",
    "website",
    "body",
    "body_html",
    "status",
    "notify_replies",
    "ip_address",
    "user_agent",
    "created",
    "moderated_by_id",
    "moderated_at",
    "moderation_note",
]
TERM_FIELDS = ["id", "kind", "value", "note", "created"]
PURGE = "articles.tasks.purge_comment_data"

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def migrate(targets):
    """Migrate the test database to `targets`; return the migration state's apps there.

    As `manage.py migrate` does (ponars/search/apps.py): the search triggers are suspended on
    SQLite while tables are remade (and rows of older shapes written), and put back once the
    database is at the latest state."""
    schema.suspend(connection)
    executor = MigrationExecutor(connection)
    state = executor.migrate(targets)
    ContentType.objects.clear_cache()
    if sorted(targets) == sorted(latest()):
        schema.ensure(connection)
    return state.apps


def latest():
    return MigrationExecutor(connection).loader.graph.leaf_nodes()


@pytest.fixture
def before_the_move():
    """The database as it was before the move; migrated forward again afterwards, whatever
    the test did."""
    apps = migrate(BEFORE)
    yield apps
    migrate(latest())


def fill(apps):
    """What production holds before the move, written with the models of that time."""
    old = {name: apps.get_model("articles", name) for name in ["Category", "Article", "Comment"]}
    OldUser = apps.get_model("members", "User")
    OldContentType = apps.get_model("contenttypes", "ContentType")
    OldPermission = apps.get_model("auth", "Permission")
    moderator = OldUser.objects.create(username="moderator", email="mod@example.org")
    helper = OldUser.objects.create(username="helper", is_staff=True)
    helper.user_permissions.add(
        OldPermission.objects.get(content_type__app_label="articles", codename="change_comment")
    )
    category = old["Category"].objects.create(name="Commentary", slug="commentary")
    first, second = (
        old["Article"].objects.create(
            title=f"Article {n}", slug=f"article-{n}", category=category, status="published"
        )
        for n in (1, 2)
    )
    now = timezone.now().replace(microsecond=0)

    def comment(article, status, minutes, parent=None, **extra):
        fields = {
            "name": f"{status.title()} reader",
            "email": f"{status}@private.example",
            "body": f"A {status} comment\nwith https://example.org/{minutes}",
            "body_html": f"<p>A {status} comment<br>with a link {minutes}</p>",
            "ip_address": "203.0.113.9",
            "user_agent": "Firefox (test)",
            "created": now - datetime.timedelta(minutes=minutes),
        }
        return old["Comment"].objects.create(
            article=article, parent=parent, status=status, **{**fields, **extra}
        )

    root = comment(
        first,
        "approved",
        50,
        website="https://reader.example/",
        notify_replies=True,
        moderated_by=moderator,
        moderated_at=now - datetime.timedelta(minutes=45),
        moderation_note="fine",
    )
    reply = comment(first, "approved", 40, parent=root, moderated_by=moderator, moderated_at=now)
    comment(first, "pending", 30, parent=reply)
    comment(first, "spam", 20, moderation_note="blocklist word: casino")
    removed = comment(second, "removed", 10, moderated_by=moderator, moderated_at=now)
    comment(second, "approved", 5, parent=removed, ip_address=None, user_agent="")
    for kind, value in [("word", "casino"), ("email", "@spam.example"), ("ip", "192.0.2.66")]:
        apps.get_model("articles", "BlockedTerm").objects.create(kind=kind, value=value, note="x")
    apps.get_model("admin", "LogEntry").objects.create(
        user=moderator,
        content_type=OldContentType.objects.get(app_label="articles", model="comment"),
        object_id=str(root.pk),
        object_repr=str(root.name),
        action_flag=CHANGE,
        change_message="Approved",
    )
    apps.get_model("django_tasks_database", "DBTaskResult").objects.create(
        task_path=PURGE,
        args_kwargs={"args": [], "kwargs": {}},
        backend_name="default",
        run_after=now + datetime.timedelta(hours=20),
        exception_class_path="",
        traceback="",
    )
    comments = list(old["Comment"].objects.order_by("id").values("article_id", *COMMENT_FIELDS))
    terms = list(apps.get_model("articles", "BlockedTerm").objects.values(*TERM_FIELDS))
    return comments, terms


def editors_rights(app_label):
    return set(
        Group.objects.get(name="Editors")
        .permissions.filter(content_type__app_label=app_label)
        .filter(codename__regex=r"_(comment|blockedterm)$")
        .values_list("codename", flat=True)
    )


def test_every_comment_moves_with_its_replies_moderation_rights_and_history(before_the_move):
    comments, terms = fill(before_the_move)
    assert {row["status"] for row in comments} == set(CommentStatus.values)

    migrate(latest())

    article_type = ContentType.objects.get_for_model(Article)
    moved = list(
        Comment.objects.order_by("id").values("content_type", "object_id", *COMMENT_FIELDS)
    )
    assert moved == [
        {"content_type": article_type.pk, "object_id": row.pop("article_id"), **row}
        for row in comments
    ]
    assert list(BlockedTerm.objects.values(*TERM_FIELDS)) == terms
    reply = Comment.objects.get(name="Pending reader")
    assert reply.parent.parent.name == "Approved reader" and reply.target.title == "Article 1"
    assert Comment.objects.get(parent__status="removed").target.slug == "article-2"
    # The model's rules still hold on the moved rows: an article with comments is kept.
    with pytest.raises(Exception, match="reader comments"):
        Article.objects.get(slug="article-2").delete()
    # New rows continue after the moved ones (the id sequence was moved on, on PostgreSQL).
    newest = Comment.objects.create(target=reply.target, name="New", email="n@x.example", body="x")
    assert newest.pk > max(row["id"] for row in comments)
    assert BlockedTerm.objects.create(kind="word", value="new").pk > max(t["id"] for t in terms)

    # Rights and history moved with the models' content types.
    assert not ContentType.objects.filter(
        app_label="articles", model__in=["comment", "blockedterm"]
    )
    assert editors_rights("comments") == {
        "view_comment",
        "change_comment",
        *(f"{action}_blockedterm" for action in ("add", "change", "delete", "view")),
    }
    assert editors_rights("articles") == set()
    assert User.objects.get(username="helper").has_perm("comments.change_comment")
    entry = LogEntry.objects.get(change_message="Approved")
    assert entry.get_edited_object() == Comment.objects.get(name="Approved reader", parent=None)
    assert entry.get_admin_url() == f"/admin/comments/comment/{entry.object_id}/change/"
    assert not Permission.objects.filter(content_type__app_label="articles", codename="add_comment")
    # The daily purge that was waiting runs the task at its new address.
    from django_tasks_db.models import DBTaskResult

    assert DBTaskResult.objects.get().task_path == "comments.tasks.purge_comment_data"
    assert "articles_comment" not in connection.introspection.table_names()


def test_the_move_can_be_undone_while_every_comment_is_on_an_article(before_the_move):
    comments, terms = fill(before_the_move)
    migrate(latest())

    apps = migrate(BEFORE)

    back = apps.get_model("articles", "Comment").objects.order_by("id")
    assert list(back.values("article_id", *COMMENT_FIELDS)) == comments
    assert list(apps.get_model("articles", "BlockedTerm").objects.values(*TERM_FIELDS)) == terms
    assert not apps.get_model("comments", "Comment").objects.exists()
    assert editors_rights("articles") >= {"view_comment", "change_comment", "add_blockedterm"}
    tasks = apps.get_model("django_tasks_database", "DBTaskResult").objects
    assert tasks.get().task_path == PURGE


def test_undoing_the_move_refuses_when_episodes_or_events_have_comments(before_the_move):
    from tests.podcasts.factories import EpisodeFactory

    comments, _ = fill(before_the_move)
    migrate(latest())
    Comment.objects.create(target=EpisodeFactory(), name="Listener", email="l@x.example", body="x")

    with pytest.raises(RuntimeError, match="1 comment\\(s\\) are on podcast episodes"):
        migrate(BEFORE)

    # Nothing changed: every comment is still in the comments app.
    assert Comment.objects.count() == len(comments) + 1
    assert editors_rights("comments") >= {"view_comment", "change_comment"}
