"""core's tables: preview links for unpublished items, and the admin's view of the email queue
(core.tasks)."""

import datetime
import secrets
from urllib.parse import urlencode

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult, DBTaskResultQuerySet

from .vocabulary import TranslatedName, russian_name_field

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
        verbose_name = _("outgoing email")
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


# Preview links ----------------------------------------------------------------------------


def new_preview_key():
    return secrets.token_urlsafe(24)  # 192 random bits: a link cannot be guessed


def preview_expiry():
    return timezone.now() + datetime.timedelta(days=settings.PREVIEW_LINK_DAYS)


class PreviewLinkQuerySet(models.QuerySet):
    def valid(self, now=None):
        return self.filter(expires_at__gt=now or timezone.now())

    def for_item(self, item):
        content_type = ContentType.objects.get_for_model(item)
        return self.filter(content_type=content_type, object_id=item.pk)


class PreviewLink(models.Model):
    """A link that shows an unpublished item (any Publishable) to someone without an account,
    such as its outside author, until it expires or an editor deletes it (revokes it).

    The key is random and stored, not derived: deleting the row withdraws the link at once.
    core.publishing.get_visible_or_404 accepts `?preview=<key>` for the item it belongs to.
    """

    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    item = GenericForeignKey("content_type", "object_id")
    key = models.CharField(max_length=64, unique=True, default=new_preview_key, editable=False)
    shared_with = models.CharField(
        max_length=200, blank=True, help_text="Who the link is for, e.g. the author's name."
    )
    expires_at = models.DateTimeField(
        "expires", default=preview_expiry, help_text="The link stops working at this time."
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PreviewLinkQuerySet.as_manager()

    class Meta:
        verbose_name = "preview link"
        indexes = [models.Index(fields=["content_type", "object_id"])]

    def __str__(self):
        return f"Preview link for {self.shared_with or 'anyone who has it'}"

    @property
    def is_valid(self):
        return self.expires_at > timezone.now()

    def get_absolute_url(self):
        return f"{self.item.get_absolute_url()}?{urlencode({'preview': self.key})}"


MENU_LEVELS = 3  # templates/includes/menu.html draws three


class MenuItem(TranslatedName, models.Model):
    """An entry of the site's main menu, edited in the admin: a link, or (without one) a heading
    that groups the entries under it. Nested by `parent`, ordered by `order` (core.menus)."""

    parent = models.ForeignKey(
        "self",
        verbose_name=_("under"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="children",
        help_text=_("Empty for an entry of the menu bar itself."),
    )
    name = models.CharField(
        _("label"), max_length=100, help_text=_("“{site}” stands for the site's name.")
    )
    name_ru = russian_name_field(100)
    link = models.CharField(
        _("link"),
        max_length=300,
        blank=True,
        help_text=_(
            "An address on this site (/about/, /articles/category/commentary/) or a full "
            "https:// address. Empty: a heading that opens the entries under it."
        ),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "id"]
        verbose_name = _("menu entry")
        verbose_name_plural = _("menu entries")

    def __str__(self):
        return self.label

    def clean(self):
        from .menus import link_problem

        if problem := link_problem(self.link):
            raise ValidationError({"link": problem})
        depth, parent = 1, self.parent
        while parent is not None and depth <= MENU_LEVELS:
            if parent.pk is not None and parent.pk == self.pk:
                raise ValidationError({"parent": _("An entry cannot be under itself.")})
            depth, parent = depth + 1, parent.parent
        if depth + self.levels_below() > MENU_LEVELS:
            raise ValidationError({"parent": _("The menu has three levels at most.")})

    def levels_below(self):
        """How many levels of entries stand under this one (one query a level)."""
        levels, ids = 0, [self.pk] if self.pk else []
        while ids and levels <= MENU_LEVELS:
            ids = list(MenuItem.objects.filter(parent__in=ids).values_list("pk", flat=True))
            levels += bool(ids)
        return levels
