"""core has no tables of its own; this is the admin's view of the email queue (core.tasks)."""

from django.db import models
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult, DBTaskResultQuerySet

EMAIL_TASK = "core.tasks.send_email"


class QueuedEmailQuerySet(DBTaskResultQuerySet):
    def try_again_now(self):
        """Send these as soon as a worker is free; a given-up email gets a fresh set of attempts.
        Returns how many were re-queued (sent emails are left alone)."""
        now = timezone.now()
        waiting = self.filter(status=TaskResultStatus.READY).update(run_after=now)
        failed = self.filter(status=TaskResultStatus.FAILED).update(
            status=TaskResultStatus.READY, run_after=now, finished_at=None, worker_ids=[]
        )
        return waiting + failed


class QueuedEmailManager(models.Manager.from_queryset(QueuedEmailQuerySet)):
    def get_queryset(self):
        return super().get_queryset().filter(task_path=EMAIL_TASK)


class QueuedEmail(DBTaskResult):
    """A queued email (a task result of core.tasks.send_email), as staff see it in the admin."""

    objects = QueuedEmailManager()

    class Meta:
        proxy = True
        verbose_name = "outgoing email"
        ordering = ["-enqueued_at"]

    def __str__(self):
        return self.subject

    @property
    def message(self):
        return self.args_kwargs.get("kwargs", {})

    @property
    def subject(self):
        return self.message.get("subject", "")

    @property
    def recipients(self):
        return ", ".join(self.message.get("to", []))

    @property
    def attempts(self):
        return len(self.worker_ids)

    @property
    def last_error(self):
        lines = (self.traceback or "").strip().splitlines()
        return lines[-1] if lines else ""

    @property
    def state(self):
        if self.status == TaskResultStatus.SUCCESSFUL:
            return "Sent"
        if self.status == TaskResultStatus.RUNNING:
            return "Sending"
        if self.status == TaskResultStatus.FAILED:
            return f"Not sent: gave up after {self.attempts} attempt(s)"
        if self.attempts:
            when = timezone.localtime(self.run_after)
            return f"Attempt {self.attempts} failed; trying again at {when:%b %d, %H:%M}"
        return "Waiting to be sent"
