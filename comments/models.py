"""Reader comments on any page that takes them: articles, podcast episodes, events.

A comment names its item through a generic relation (contenttypes), so this app imports no
content app; a content model takes comments by inheriting `Commentable` (see there).
"""

import datetime
import functools
import ipaddress

from django.apps import apps
from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey, GenericRelation
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, models
from django.db.models import Count, OuterRef, ProtectedError, Q, Subquery, prefetch_related_objects
from django.db.models.functions import Coalesce
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import HttpsURLField
from core.publishing import Language, content_changed
from core.validators import http_url_validator

from .text import render_body


class CommentStatus(models.TextChoices):
    PENDING = "pending", _("Pending")
    APPROVED = "approved", _("Approved")
    SPAM = "spam", _("Spam")
    REMOVED = "removed", _("Removed")


def _kind(model):
    """Lookups that select one model's comments by the content type's natural key: a join on
    a tiny table inside the same query, never a query of its own (the page budgets stay fixed
    whether or not the ContentType cache is warm)."""
    opts = model._meta.concrete_model._meta
    return {"content_type__app_label": opts.app_label, "content_type__model": opts.model_name}


class CommentQuerySet(models.QuerySet):
    def approved(self):
        """The one rule for which comments readers see."""
        return self.filter(status=CommentStatus.APPROVED)

    def pending(self):
        return self.filter(status=CommentStatus.PENDING)

    def on_model(self, model):
        """Comments on items of `model` (e.g. every article)."""
        return self.filter(**_kind(model))

    def for_target(self, target):
        """Comments on one item."""
        return self.on_model(type(target)).filter(object_id=target.pk)

    def for_page(self, target):
        """An item's approved comments, oldest first, with only what the page shows."""
        return (
            self.approved()
            .for_target(target)
            .only(
                "id",
                "parent_id",
                "content_type_id",
                "object_id",
                "name",
                "website",
                "body_html",
                "created",
                "status",
            )
            .order_by("created", "id")
        )

    def by_email(self, email):
        return self.filter(email__iexact=email.strip())

    def purge_personal_data(self, days):
        """Erase the IP address and user agent of comments posted more than `days` days ago;
        return how many comments changed. The comments themselves are kept."""
        cutoff = timezone.now() - datetime.timedelta(days=days)
        return (
            self.filter(created__lt=cutoff)
            .filter(Q(ip_address__isnull=False) | ~Q(user_agent=""))
            .update(ip_address=None, user_agent="")
        )


class Comment(models.Model):
    """A reader's comment on an item. Shown only once approved; the email is never shown.

    Moderators change the status; nothing a reader wrote is deleted by a moderator's click.
    """

    content_type = models.ForeignKey(
        ContentType, on_delete=models.PROTECT, related_name="+", verbose_name=_("kind of item")
    )
    object_id = models.PositiveBigIntegerField(_("item id"))
    target = GenericForeignKey("content_type", "object_id")
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="replies",
        verbose_name=_("in reply to"),
    )
    name = models.CharField(max_length=100)
    email = models.EmailField(help_text=_("Private: never shown on the site or in feeds."))
    website = HttpsURLField(blank=True, max_length=300, validators=[http_url_validator])
    body = models.TextField(
        _("comment"), help_text=_("Plain text, exactly as the reader typed it.")
    )
    body_html = models.TextField(
        editable=False, help_text=_("The body escaped, with line breaks and links.")
    )
    status = models.CharField(
        max_length=10, choices=CommentStatus.choices, default=CommentStatus.PENDING
    )
    notify_replies = models.BooleanField(
        _("notify of replies"),
        default=False,
        help_text=_("The commenter asked for an email on approval and replies."),
    )
    language = models.CharField(
        _("language"),
        max_length=8,
        choices=Language.choices,
        default=Language.ENGLISH,
        # Also the database's default, so rows written by SQL (articles 0007's INSERT … SELECT
        # of the comments from before the move) get English, as every comment had before.
        db_default=Language.ENGLISH,
        help_text=_("The site's language the reader wrote in: their emails come in it."),
    )
    ip_address = models.GenericIPAddressField(_("IP address"), null=True, blank=True)
    user_agent = models.CharField(max_length=500, blank=True)
    created = models.DateTimeField(default=timezone.now, db_index=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
        editable=False,
    )
    moderated_at = models.DateTimeField(null=True, blank=True, editable=False)
    moderation_note = models.CharField(
        max_length=200,
        blank=True,
        help_text=_("Why the site held or filed it, e.g. “blocklist: casino”."),
    )

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created", "id"]
        indexes = [
            models.Index(
                fields=["content_type", "object_id", "status", "created"],
                name="comments_target_idx",
            ),
            models.Index(fields=["status", "-created"], name="comments_queue_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=CommentStatus.values), name="comments_status_valid"
            ),
            models.CheckConstraint(
                condition=~Q(parent=models.F("id")), name="comments_not_own_parent"
            ),
        ]

    def __str__(self):
        return f"{self.name} on {self.object_id}: {self.body[:40]}"

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        if "status" in field_names:
            instance._loaded_status = values[list(field_names).index("status")]
        return instance

    def save(self, *args, **kwargs):
        self.body_html = render_body(self.body)
        super().save(*args, **kwargs)
        was = getattr(self, "_loaded_status", None)
        self._loaded_status = self.status
        if CommentStatus.APPROVED in (was, self.status):
            announce_shown([self])

    def get_absolute_url(self):
        return f"{self.target.get_absolute_url()}#c{self.pk}"

    @property
    def is_approved(self):
        return self.status == CommentStatus.APPROVED


class BlockKind(models.TextChoices):
    WORD = "word", _("Word or phrase in the comment, name or website")
    EMAIL = "email", _("Email address (or @domain)")
    IP = "ip", _("IP address")


class BlockedTerm(models.Model):
    """A blocklist entry: a comment that matches goes straight to spam."""

    kind = models.CharField(max_length=10, choices=BlockKind.choices, default=BlockKind.WORD)
    value = models.CharField(
        max_length=200,
        help_text=_("Matched without regard to case. For emails, “@example.com” blocks a domain."),
    )
    note = models.CharField(max_length=200, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "value"]
        verbose_name = _("blocklist entry")
        verbose_name_plural = _("comment blocklist")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=BlockKind.values), name="comments_blockedterm_kind_valid"
            ),
            models.UniqueConstraint(fields=["kind", "value"], name="comments_unique_blocked_term"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.value}"

    def clean(self):
        self.value = self.value.strip().lower()
        if not self.value:
            raise ValidationError({"value": "Enter a word, an email address or an IP address."})
        if self.kind == BlockKind.IP:
            try:
                ipaddress.ip_address(self.value)
            except ValueError:
                raise ValidationError(
                    {"value": "Enter a valid IP address, e.g. 203.0.113.7."}
                ) from None


# --- What a content model needs to take comments -------------------------------------------


def announce_shown(comments):
    """Send core.publishing's content_changed for the items whose pages show (or showed) these
    comments: what readers see changed (a page cache is purged). A comment held for moderation
    shows nowhere, so callers pass only the approved ones and those that were."""
    prefetch_related_objects(comments, "target")
    for target in {c.target for c in comments if c.target is not None}:
        live = getattr(target, "is_live", True)
        content_changed.send(
            sender=type(target), instance=target, was_live=live, is_live=live, listed=False
        )


@receiver(post_delete, sender=Comment, dispatch_uid="comments_deleted_announce")
def _deleted(sender, instance, **kwargs):
    if instance.status == CommentStatus.APPROVED:
        announce_shown([instance])


class ProtectedGenericRelation(GenericRelation):
    """A generic relation that protects its comments as `on_delete=PROTECT` would.

    A plain GenericRelation deletes the related rows with the item. Django's deletion collector
    asks this field for them (on `delete()` of an item, of a queryset, of a parent that
    cascades to items, and on the admin's delete page); refusing here is the one place that
    covers every way, and the admin shows "Cannot delete …" with the comments listed.
    """

    def bulk_related_objects(self, objs, using=DEFAULT_DB_ALIAS):
        comments = list(super().bulk_related_objects(objs, using))
        if comments:
            raise ProtectedError(
                f"Cannot delete some instances of model {self.model.__name__!r} because "
                "they have reader comments (a moderator removes comments by their status).",
                set(comments),
            )
        return []


class Commentable(models.Model):
    """A page readers may comment on. Inherit it; the model provides `title`, `slug` and
    `get_absolute_url()`, its QuerySet mixes in `CommentableQuerySet` (comment counts on
    lists), and its app's `urls.py` adds `comments.views.comment_urls(...)` in the namespace
    named after the app label. Where `is_live` and `published_at` do not apply, override
    `comments_public` and `comments_since`.
    """

    comments_open = models.BooleanField(
        default=True,
        help_text=_(
            "Untick to close comments: the page keeps showing approved comments, with no "
            "form. Comments also close by themselves COMMENTS_CLOSE_AFTER_DAYS after publication "
            "(for an event: after it ends) when that is set."
        ),
    )
    comments = ProtectedGenericRelation(Comment, related_query_name="%(class)s")

    class Meta:
        abstract = True

    @property
    def comments_public(self):
        """The page is public, not a draft shown to staff: it has a comments feed and, while
        comments are open, a form."""
        return self.is_live

    @property
    def comments_since(self):
        """When the COMMENTS_CLOSE_AFTER_DAYS clock starts."""
        return self.published_at

    @property
    def comments_close_at(self):
        """When comments close by themselves (COMMENTS_CLOSE_AFTER_DAYS), or None for never."""
        days = settings.COMMENTS_CLOSE_AFTER_DAYS
        return self.comments_since + datetime.timedelta(days=days) if days else None

    @property
    def comments_are_open(self):
        """Readers may post: the page is public, not closed by an editor, nor past the limit."""
        close_at = self.comments_close_at
        return (
            self.comments_open
            and self.comments_public
            and (close_at is None or timezone.now() < close_at)
        )

    def comment_url(self, name):
        """The item's `comment`, `comment_token` or `comments_feed` address."""
        return reverse(f"{self._meta.app_label}:{name}", kwargs={"slug": self.slug})


class CommentableQuerySet(models.QuerySet):
    def with_comment_count(self):
        """Annotate `comment_count` (approved comments) in the same query: no query per item."""
        return self.annotate(comment_count=Coalesce(Subquery(_approved_count(self.model)), 0))


@functools.cache
def _approved_count(model):
    """The subquery of with_comment_count(), built once per model: it holds nothing that
    changes (the kind is matched by its natural key, `_kind`), and every list of cards uses it."""
    return (
        Comment.objects.approved()
        .on_model(model)
        .filter(object_id=OuterRef("pk"))
        .order_by()
        .values("object_id")
        .annotate(count=Count("pk"))
        .values("count")
    )


def commentable_models():
    """Every installed model that takes comments (for the admin's search and filters)."""
    return [model for model in apps.get_models() if issubclass(model, Commentable)]
