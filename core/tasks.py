"""Background tasks: the email queue, retries with back-off, and the daily tasks.

django-tasks (Django's tasks framework, backported) with its database backend
(django-tasks-db): a queued task is a row in `django_tasks_database_dbtaskresult`, written in
the caller's transaction, and `manage.py run_worker` runs it. The library runs each task once;
this module adds the two things the site needs on top, both driven by the `task_finished`
signal that the worker sends after every run:

- **Retries.** A task that raises `RetryLater` (the mail server is down or refused for now)
  goes back to the queue on the same row, with `run_after` TASKS_RETRY_SECONDS later, doubling
  each time up to TASKS_RETRY_MAX_SECONDS; the attempt count is the row's list of workers, and
  the last error stays on the row for staff to read. After TASKS_MAX_ATTEMPTS it is left failed
  and logged as an error; Admin → Outgoing emails → "Try again now" re-queues it.
- **Files of scheduled items.** `publish_scheduled_files` runs at the next scheduled
  publication time (and once when the worker starts) and moves the files of items whose time
  has come to the public storage (core.uploads).
- **Daily tasks** (settings.TASKS_DAILY). `schedule_daily()` (run by `run_worker` at start)
  queues each one that is not already waiting; each run queues the next, a day later.
"""

import datetime
import logging
import smtplib

from django.conf import settings
from django.core.mail import EmailMessage
from django.core.management import call_command
from django.db.models import Q
from django.utils import timezone
from django.utils.module_loading import import_string
from django_tasks import TaskResultStatus, task

logger = logging.getLogger(__name__)


class RetryLater(Exception):
    """Raised by a task whose failure should pass (a mail server that is down): run it again."""


def retry_delay(attempt):
    """Seconds to wait after the `attempt`-th failed attempt: 1, 2, 4 … minutes, capped."""
    return min(settings.TASKS_RETRY_SECONDS * 2 ** (attempt - 1), settings.TASKS_RETRY_MAX_SECONDS)


# --- Email -----------------------------------------------------------------------------------


@task()
def send_email(*, subject, body, to, headers=None, from_email=None):
    """Send one queued email through Django's email backend (SMTP in production)."""
    message = EmailMessage(
        subject=subject, body=body, from_email=from_email, to=to, headers=headers or {}
    )
    try:
        message.send()
    except smtplib.SMTPRecipientsRefused:
        raise  # the server refuses these addresses: trying again would not change that
    except (smtplib.SMTPException, OSError) as exc:
        raise RetryLater(f"{type(exc).__name__}: {exc}") from exc
    return len(to)


def enqueue_email(*, subject, body, to, headers=None, from_email=None):
    """Queue an email. With the database backend it is a row written in the current transaction:
    it exists exactly when the change that caused it is committed, and is sent by the worker."""
    return send_email.enqueue(
        subject=str(subject), body=body, to=list(to), headers=headers or {}, from_email=from_email
    )


# --- Files of scheduled items (core.uploads) ---------------------------------------------------


@task()
def publish_scheduled_files():
    """Move every file whose item's visibility changed without a save (a scheduled item whose
    time has come) to where it belongs, then queue this task again for the next scheduled
    publication time (core.publishing.next_scheduled_time)."""
    from .publishing import next_scheduled_time
    from .uploads import move_all_files

    moved = move_all_files()
    schedule_file_publication(next_scheduled_time())
    return moved


def schedule_file_publication(when):
    """Queue `publish_scheduled_files` to run at `when` (an aware datetime; None: nothing to
    do), unless a run at or before `when` is already waiting. Only with the database backend
    (the immediate backend of the tests cannot run a task later). Returns whether it queued."""
    from django_tasks_db.backend import DatabaseBackend

    if when is None or not isinstance(publish_scheduled_files.get_backend(), DatabaseBackend):
        return False
    waiting = _waiting(publish_scheduled_files.module_path).filter(
        Q(run_after__isnull=True) | Q(run_after__lte=when)
    )
    if waiting.exists():
        return False
    publish_scheduled_files.using(run_after=when).enqueue()
    return True


# --- Daily tasks -----------------------------------------------------------------------------


@task()
def prune_task_results():
    """Delete finished task results (sent emails hold addresses) after TASKS_KEEP_DAYS."""
    call_command(
        "prune_db_task_results", min_age_days=settings.TASKS_KEEP_DAYS, queue_name="*", verbosity=0
    )


@task()
def prune_sign_in_log():
    """Delete django-axes' record of admin sign-ins (address, browser, time) after
    SIGN_IN_LOG_KEEP_DAYS; failed attempts that still lock an account are kept by axes."""
    from axes.handlers.proxy import AxesProxyHandler

    return AxesProxyHandler.reset_logs(age_days=settings.SIGN_IN_LOG_KEEP_DAYS)


def daily_tasks():
    return [import_string(path) for path in settings.TASKS_DAILY]


def _waiting(task_path):
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(
        task_path=task_path, status__in=[TaskResultStatus.READY, TaskResultStatus.RUNNING]
    )


def schedule_daily():
    """Queue each daily task that is not already waiting or running; return those queued."""
    queued = [daily for daily in daily_tasks() if not _waiting(daily.module_path).exists()]
    for daily in queued:
        daily.enqueue()
    return queued


# --- After every run (the worker's task_finished signal) -------------------------------------


def after_task(sender, task_result, **kwargs):
    """Put a task that raised RetryLater back in the queue, and queue a daily task's next run.

    Only for the database backend: the immediate backend (tests) has no queue to return to.
    (The worker sends the backend's class as `sender` after a failure, the backend itself
    after a success.)"""
    from django_tasks_db.backend import DatabaseBackend

    if not issubclass(sender if isinstance(sender, type) else type(sender), DatabaseBackend):
        return
    path = task_result.task.module_path
    if path in settings.TASKS_DAILY:
        if not _waiting(path).exclude(pk=task_result.id).exists():
            next_run = timezone.now() + datetime.timedelta(days=1)
            task_result.task.using(run_after=next_run).enqueue()
        return
    error = task_result.errors[-1] if task_result.errors else None
    if error is None or error.exception_class_path != f"{__name__}.{RetryLater.__name__}":
        return
    attempt = task_result.attempts
    reason = error.traceback.strip().splitlines()[-1]
    if attempt >= settings.TASKS_MAX_ATTEMPTS:
        logger.error(
            "Task %s (%s) failed %d times, giving up (%s); staff can re-queue it in the admin.",
            task_result.id,
            path,
            attempt,
            reason,
        )
        return
    from django_tasks_db.models import DBTaskResult

    run_after = timezone.now() + datetime.timedelta(seconds=retry_delay(attempt))
    DBTaskResult.objects.filter(pk=task_result.id, status=TaskResultStatus.FAILED).update(
        status=TaskResultStatus.READY, run_after=run_after, finished_at=None
    )
    logger.warning(
        "Task %s (%s) attempt %d failed (%s); trying again at %s",
        task_result.id,
        path,
        attempt,
        reason,
        run_after.isoformat(timespec="seconds"),
    )
