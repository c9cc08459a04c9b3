"""What every published kind of content shares: status, language, scheduled visibility.

A content model has `status` (Status) and `published_at` fields; its QuerySet extends
`PublishedQuerySet` and the model mixes in `Scheduled`. A future `published_at` schedules
the item: visibility is decided by the clock at query time, so no cron job is needed.
"""

from django.db import models
from django.utils import timezone


class Language(models.TextChoices):
    ENGLISH = "en", "English"
    RUSSIAN = "ru", "Russian"


class Status(models.TextChoices):
    DRAFT = "draft", "Draft"
    PUBLISHED = "published", "Published"


class PublishedQuerySet(models.QuerySet):
    def published(self):
        """The one rule for what readers see: published, and its time has come."""
        return self.filter(status=Status.PUBLISHED, published_at__lte=timezone.now())


class Scheduled:
    """`is_live` / `is_scheduled` for a model with `status` and `published_at`."""

    @property
    def is_live(self):
        return self.status == Status.PUBLISHED and self.published_at <= timezone.now()

    @property
    def is_scheduled(self):
        return self.status == Status.PUBLISHED and self.published_at > timezone.now()


def can_preview(user, model):
    """Staff who may view `model` in the admin see its drafts and scheduled items at their URL."""
    opts = model._meta
    return (
        user.is_active
        and user.is_staff
        and user.has_perm(f"{opts.app_label}.view_{opts.model_name}")
    )
