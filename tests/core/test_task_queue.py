"""The durable email queue and the daily tasks (issue 13, defect 6 and the comment IP purge).

These tests use the real queue: django-tasks' database backend, the task rows written in the
request's transaction, and django-tasks-db's worker running them. The mail server is Django's
SMTP backend pointed at a port where nothing listens (connection refused), as while the mail
server is stopped; "back" is the locmem backend, which records what would have been sent.
"""

import datetime
import io
import logging
import signal
import smtplib

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from comments.models import Comment, CommentStatus
from core.models import QueuedEmail
from core.tasks import enqueue_email
from newsletter.models import Status, Subscriber
from tests.articles.factories import ArticleFactory
from tests.comments.factories import CommentFactory
from tests.comments.helpers import post_comment
from tests.helpers.net import closed_port
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db

QUEUE_ADMIN = "/admin/core/queuedemail/"


@pytest.fixture(autouse=True)
def queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def mail_down(settings):
    with closed_port() as port:  # connections refused, as while the mail server is stopped
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        yield


def mail_is_back(settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


def work_off_queue():
    """Run every task that is due, as `run_worker` does: django-tasks-db's Worker claims each
    row and runs it with `run_task` (which records the outcome and sends task_finished). Its
    polling loop is left out only because it recycles database connections, which a test's
    transaction cannot allow; test_worker_command_* below runs the real command."""
    worker = Worker(
        queue_names=["*"],
        interval=0,
        batch=True,
        backend_name="default",
        startup_delay=False,
        max_tasks=None,
        worker_id="test-worker",
        excluded_queue_names=[],
    )
    for _ in range(100):
        result = DBTaskResult.objects.ready().first()
        if result is None:
            return
        result.claim(worker.worker_id)
        worker.run_task(result)
    raise AssertionError("the queue never ran dry")


def move_clock(time_machine, seconds):
    time_machine.move_to(timezone.now() + datetime.timedelta(seconds=seconds), tick=False)


# --- Mail server down -----------------------------------------------------------------------


def test_comment_posted_while_the_mail_server_is_down_is_stored_once_and_mailed_later(
    client, editor, mail_down, settings, caplog, time_machine, django_capture_on_commit_callbacks
):
    article = ArticleFactory(title="Karabakh and the CSTO")
    with django_capture_on_commit_callbacks(execute=True):
        response = post_comment(client, article, body="Written while mail was down.")
    assert response.status_code == 303
    assert response["Location"].endswith("?posted=held#comments")
    assert "Your comment awaits moderation" in client.get(response["Location"]).content.decode()
    assert Comment.objects.get().body == "Written while mail was down."

    email = QueuedEmail.objects.get()
    assert email.status == TaskResultStatus.READY and email.recipients == editor.email
    assert "Karabakh and the CSTO" in email.subject

    with caplog.at_level(logging.WARNING, logger="core.tasks"):
        work_off_queue()
    email.refresh_from_db()
    assert email.status == TaskResultStatus.READY and email.attempts == 1  # back in the queue
    assert email.run_after > timezone.now() + datetime.timedelta(seconds=55)
    assert "ConnectionRefusedError" in email.last_error
    assert "attempt 1 failed" in caplog.text and mail.outbox == []
    work_off_queue()  # not due yet: nothing is tried
    email.refresh_from_db()
    assert email.attempts == 1

    mail_is_back(settings)
    move_clock(time_machine, settings.TASKS_RETRY_SECONDS + 1)
    work_off_queue()
    email.refresh_from_db()
    assert email.status == TaskResultStatus.SUCCESSFUL and email.attempts == 2
    assert [m.to for m in mail.outbox] == [[editor.email]]
    assert "Karabakh and the CSTO" in mail.outbox[0].subject
    assert Comment.objects.count() == 1


def test_approving_a_comment_while_the_mail_server_is_down_succeeds(
    client, editor, mail_down, settings, django_capture_on_commit_callbacks
):
    client.force_login(editor)
    held = CommentFactory(
        status=CommentStatus.PENDING, notify_replies=True, email="a@private.example"
    )
    other = CommentFactory(
        status=CommentStatus.PENDING, notify_replies=True, email="b@private.example"
    )
    approve = reverse("admin:comments_comment_moderate", args=[held.pk, "approved"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(approve, follow=True)
    assert response.status_code == 200
    assert f"Comment by {held.name} marked approved." in response.content.decode()
    change = reverse("admin:comments_comment_change", args=[other.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(change, {"status": "approved", "moderation_note": ""})
    assert response.status_code == 302
    assert set(Comment.objects.values_list("status", flat=True)) == {CommentStatus.APPROVED}
    queued = QueuedEmail.objects.order_by("enqueued_at")
    assert [e.recipients for e in queued] == ["a@private.example", "b@private.example"]
    assert all("is published" in e.subject for e in queued)

    work_off_queue()
    mail_is_back(settings)
    QueuedEmail.objects.all().try_again_now()
    work_off_queue()
    assert sorted(m.to[0] for m in mail.outbox) == ["a@private.example", "b@private.example"]
    assert all(m.extra_headers["List-Unsubscribe-Post"] for m in mail.outbox)


def test_newsletter_sign_up_while_the_mail_server_is_down_is_kept_and_mailed_later(
    client, mail_down, settings, time_machine
):
    response = client.post("/newsletter/", {"email": "later@example.org"})
    assert response.status_code == 302 and response["Location"] == "/newsletter/check-your-inbox/"
    assert Subscriber.objects.get().status == Status.PENDING
    work_off_queue()
    assert QueuedEmail.objects.get().attempts == 1 and mail.outbox == []

    mail_is_back(settings)
    move_clock(time_machine, settings.TASKS_RETRY_SECONDS + 1)
    work_off_queue()
    [message] = mail.outbox
    assert message.to == ["later@example.org"]
    assert message.extra_headers["List-Unsubscribe"].startswith(
        f"<{settings.SITE_URL.rstrip('/')}/newsletter/"
    )
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    confirm = next(w for w in message.body.split() if "/newsletter/confirm/" in w)
    assert "You are subscribed" in client.get(confirm).content.decode()
    assert Subscriber.objects.get().status == Status.CONFIRMED


# --- Retries, giving up, the admin view -------------------------------------------------------


def test_retries_back_off_then_give_up_and_staff_can_send_again(
    client, mail_down, settings, caplog, time_machine
):
    settings.TASKS_MAX_ATTEMPTS = 3
    enqueue_email(subject="Hello", body="Body text", to=["x@example.org"])
    email = QueuedEmail.objects.get()
    waits = []
    for _ in range(3):
        before = timezone.now()
        work_off_queue()
        email.refresh_from_db()
        if email.status == TaskResultStatus.READY:
            waits.append(round((email.run_after - before).total_seconds()))
            time_machine.move_to(email.run_after, tick=False)
    assert waits == [60, 120]  # doubling
    assert email.status == TaskResultStatus.FAILED and email.attempts == 3
    assert any(
        r.levelno == logging.ERROR and "failed 3 times, giving up" in r.getMessage()
        for r in caplog.records
    )

    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    page = client.get(QUEUE_ADMIN).content.decode()
    assert "Hello" in page and "x@example.org" in page
    assert "gave up after 3 attempt(s)" in page and "ConnectionRefusedError" in page
    assert "Body text" in client.get(f"{QUEUE_ADMIN}{email.pk}/change/").content.decode()

    mail_is_back(settings)
    response = client.post(
        QUEUE_ADMIN, {"action": "try_again_now", "_selected_action": [email.pk]}, follow=True
    )
    assert "1 email(s) queued to be sent again." in response.content.decode()
    work_off_queue()
    email.refresh_from_db()
    assert email.status == TaskResultStatus.SUCCESSFUL
    assert [m.subject for m in mail.outbox] == ["Hello"]


class RefusingBackend(BaseEmailBackend):
    def send_messages(self, messages):
        raise smtplib.SMTPRecipientsRefused({"nobody@example.org": (550, b"No such user")})


def test_an_address_the_server_refuses_is_not_retried(settings):
    settings.EMAIL_BACKEND = "tests.core.test_task_queue.RefusingBackend"
    enqueue_email(subject="Hi", body="…", to=["nobody@example.org"])
    work_off_queue()
    email = QueuedEmail.objects.get()
    assert email.status == TaskResultStatus.FAILED and email.attempts == 1
    assert "SMTPRecipientsRefused" in email.last_error


def test_an_email_is_queued_only_if_its_transaction_commits():
    with pytest.raises(RuntimeError), transaction.atomic():
        enqueue_email(subject="Never", body="…", to=["x@example.org"])
        raise RuntimeError("the change that caused it failed")
    assert not QueuedEmail.objects.exists()


@pytest.mark.parametrize("count", [1, 30])
def test_outgoing_email_admin_is_for_superusers_with_a_fixed_query_count(
    client, editor, count, django_assert_max_num_queries
):
    for n in range(count):
        enqueue_email(subject=f"Subject {n}", body="…", to=[f"r{n}@example.org"])
    client.force_login(editor)
    assert client.get(QUEUE_ADMIN).status_code == 403  # addresses: not for every editor
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    with django_assert_max_num_queries(8):
        page = client.get(QUEUE_ADMIN)
    assert page.status_code == 200 and f"Subject {count - 1}" in page.content.decode()
    assert "Waiting to be sent" in page.content.decode()


# --- Daily tasks: the comment IP purge, pruning old results -------------------------------------


@pytest.fixture
def restore_process_state():
    """The worker command installs signal handlers and log handlers; put them back."""
    handlers = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM)}
    loggers = [logging.getLogger(name) for name in ("django_tasks", "django_tasks_db")]
    saved = [(lg, lg.level, list(lg.handlers)) for lg in loggers]
    yield
    for sig, handler in handlers.items():
        signal.signal(sig, handler)
    for lg, level, lg_handlers in saved:
        lg.setLevel(level)
        lg.handlers[:] = lg_handlers


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_worker_command_runs_the_daily_purge_and_queues_the_next_one(
    settings, time_machine, restore_process_state
):
    settings.COMMENTS_IP_RETENTION_DAYS = 30
    time_machine.move_to(timezone.now() - datetime.timedelta(days=31), tick=False)
    old = CommentFactory(ip_address="203.0.113.1", user_agent="Old browser")
    time_machine.move_to(timezone.now() + datetime.timedelta(days=31), tick=False)
    recent = CommentFactory(ip_address="203.0.113.2")
    out = io.StringIO()

    def run_worker():
        call_command(
            "run_worker", batch=True, reload=False, startup_delay=False, stdout=out, verbosity=0
        )

    run_worker()
    assert "Queued the daily task purge_comment_data." in out.getvalue()
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.ip_address, old.user_agent) == (None, "")
    assert recent.ip_address == "203.0.113.2"
    purge = DBTaskResult.objects.filter(task_path="comments.tasks.purge_comment_data")
    assert purge.filter(status=TaskResultStatus.SUCCESSFUL).count() == 1
    [waiting] = purge.filter(status=TaskResultStatus.READY)
    assert waiting.run_after - timezone.now() > datetime.timedelta(hours=23, minutes=59)

    run_worker()  # a restart queues no second copy, and nothing is due yet
    assert purge.count() == 2
    time_machine.move_to(waiting.run_after + datetime.timedelta(seconds=1), tick=False)
    CommentFactory(ip_address="203.0.113.3")  # posted just now: kept
    recent.created = timezone.now() - datetime.timedelta(days=31)
    recent.save()
    run_worker()
    recent.refresh_from_db()
    assert recent.ip_address is None
    assert purge.filter(status=TaskResultStatus.SUCCESSFUL).count() == 2
    assert purge.filter(status=TaskResultStatus.READY).count() == 1
    assert Comment.objects.filter(ip_address="203.0.113.3").exists()


def test_finished_task_results_are_pruned_after_the_keep_days(settings, time_machine):
    from core.tasks import prune_task_results

    settings.TASKS_KEEP_DAYS = 30
    enqueue_email(subject="Old", body="…", to=["old@example.org"])
    work_off_queue()
    move_clock(time_machine, 31 * 86400)
    enqueue_email(subject="New", body="…", to=["new@example.org"])
    work_off_queue()
    enqueue_email(subject="Waiting", body="…", to=["wait@example.org"])
    prune_task_results.enqueue()
    work_off_queue()
    assert sorted(e.subject for e in QueuedEmail.objects.all()) == ["New", "Waiting"]


def test_the_sign_in_log_is_pruned_after_the_keep_days(settings, time_machine):
    from axes.models import AccessLog

    from core.tasks import prune_sign_in_log

    settings.SIGN_IN_LOG_KEEP_DAYS = 60
    AccessLog.objects.create(username="old", ip_address="10.0.0.1", user_agent="x")
    move_clock(time_machine, 61 * 86400)
    AccessLog.objects.create(username="recent", ip_address="10.0.0.2", user_agent="x")
    prune_sign_in_log.enqueue()
    work_off_queue()
    assert list(AccessLog.objects.values_list("username", flat=True)) == ["recent"]
    assert "core.tasks.prune_sign_in_log" in settings.TASKS_DAILY
