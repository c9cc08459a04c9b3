"""What every published kind of content shares: one abstract model, one visibility rule, one
preview rule, one signal.

A content model subclasses `Publishable` (status, publication time, created/updated stamps)
and its QuerySet extends `PublishableQuerySet`. Readers see an item when its status is one of
the model's `LIVE_STATUSES` and its `published_at` has come: a future time schedules it, and
visibility is decided by the clock at query time, so no cron job is needed. A model may add
statuses of its own (events: "cancelled", which stays visible) by giving its own choices to
`status_field()` / `status_check()` and naming the visible ones in `LIVE_STATUSES`.

`content_changed` is THE hook for anything that keeps a copy of what readers see (a page
cache): it is sent whenever a publishable item may look different to readers — see its
docstring and docs/ARCHITECTURE.md ("Publishing").
"""

from django.apps import apps
from django.contrib.contenttypes.fields import GenericRelation
from django.db import models
from django.db.models import Q
from django.db.models.signals import class_prepared, post_delete
from django.dispatch import Signal, receiver
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Language(models.TextChoices):
    ENGLISH = "en", _("English")
    RUSSIAN = "ru", _("Russian")


class Status(models.TextChoices):
    DRAFT = "draft", _("Draft")
    PUBLISHED = "published", _("Published")


content_changed = Signal()
"""Sent with `sender` (the model), `instance`, `was_live` and `is_live` (booleans: whether
readers could see the item before the change, and can after it) and, optionally, `listed`
(False when the change cannot move the item into, out of or within a list: an edit that leaves
its `LISTED_BY` fields as they were, a comment; True or absent otherwise) when a publishable
item is saved — by the admin form, an admin action, a data import or any code — or deleted, and when a
row that changes what its page shows is saved or deleted (a person credited on it: bylines,
guests, speakers, authors, instructors; see members.credits). It is sent inside the
transaction of the change, possibly several times for one admin save: a receiver that purges a
cache should do it in `transaction.on_commit` and be idempotent. `QuerySet.update()`,
`bulk_create()` and raw SQL send nothing (as with Django's own signals): code that uses them on
publishable tables sends `content_changed` itself.
"""


def status_field(statuses=Status, default=Status.DRAFT):
    return models.CharField(max_length=10, choices=statuses.choices, default=default)


def status_check(statuses=Status):
    """The database refuses a status that is not one of the model's choices."""
    return models.CheckConstraint(
        condition=Q(status__in=statuses.values), name="%(class)s_status_valid"
    )


class PublishableQuerySet(models.QuerySet):
    def published(self, now=None):
        """The one rule for what readers see: a visible status, and its time has come."""
        return self.filter(
            status__in=self.model.LIVE_STATUSES, published_at__lte=now or timezone.now()
        )

    def scheduled(self, now=None):
        """Items that readers will see once their publication time comes."""
        return self.filter(
            status__in=self.model.LIVE_STATUSES, published_at__gt=now or timezone.now()
        )

    def next_to(self, item, later):
        """The item of this QuerySet published just after (`later`) or before `item` (ties on
        the time broken by id, so "previous" and "next" walk every item once), else None."""
        step = "gt" if later else "lt"
        order = ("published_at", "id") if later else ("-published_at", "-id")
        after = Q(**{f"published_at__{step}": item.published_at}) | Q(
            published_at=item.published_at, **{f"id__{step}": item.id}
        )
        return self.filter(after).order_by(*order).first()


class Publishable(models.Model):
    """Status, publication time and the created/updated stamps of a published kind of content."""

    LIVE_STATUSES = (Status.PUBLISHED,)  # statuses readers see once `published_at` has come
    # The fields lists select or order the model's items by: a save that changes none of them
    # leaves every list's membership, count and years as they were (content_changed's `listed`).
    LISTED_BY = ("status", "published_at")
    HAS_PAGE = True  # a detail page of its own (fetched by get_visible_or_404): preview links

    status = status_field()
    published_at = models.DateTimeField(
        _("publication time"), default=timezone.now, help_text=_("A future time schedules it.")
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    # Preview links for outside readers (core.models.PreviewLink): deleted with the item by
    # Django's collector, one query per batch however many items are deleted.
    preview_links = GenericRelation("core.PreviewLink")

    objects = PublishableQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def is_live(self):
        return self.status in self.LIVE_STATUSES and self.published_at <= timezone.now()

    @property
    def is_scheduled(self):
        return self.status in self.LIVE_STATUSES and self.published_at > timezone.now()

    @property
    def robots(self):
        """For `Metadata.robots`: a preview is never indexed."""
        return "" if self.is_live else "noindex"

    @classmethod
    def can_preview(cls, user):
        """Staff who may view the model in the admin see its drafts and scheduled items at their
        URL (with the draft banner); everyone else gets a 404 there."""
        opts = cls._meta
        return (
            user.is_active
            and user.is_staff
            and user.has_perm(f"{opts.app_label}.view_{opts.model_name}")
        )

    # State changes: the admin actions, demo content and tests all go through save().

    def set_status(self, status, reason=""):
        self.status = status
        if reason:
            self._change_reason = reason  # the history entry's reason (django-simple-history)
        self.save()

    def shown_with(self):
        """Other items whose pages show this one ((model, id) pairs): what is kept of them is
        made again when this one changes, as its own is (core.pagecache.Renewal)."""
        return ()

    def publish(self, reason=""):
        self.set_status(Status.PUBLISHED, reason)

    def unpublish(self, reason=""):
        self.set_status(Status.DRAFT, reason)

    def schedule(self, when, reason=""):
        """Readers see it from `when` on (at once if `when` has passed); a visible status of the
        model's own (a cancelled event) is kept."""
        self.published_at = when
        self.set_status(
            self.status if self.status in self.LIVE_STATUSES else Status.PUBLISHED, reason
        )

    # content_changed on save (deletions: see _send_deleted below).

    @classmethod
    def from_db(cls, db, field_names, values):
        instance = super().from_db(db, field_names, values)
        loaded = dict(zip(field_names, values, strict=True))
        if "status" in loaded and "published_at" in loaded:
            instance._loaded_visibility = (loaded["status"], loaded["published_at"])
        listed_by = cls._listed_by()
        if all(field in loaded for field in listed_by):
            instance._loaded_listing = tuple(loaded[field] for field in listed_by)
        return instance

    @classmethod
    def _listed_by(cls):
        """The columns of LISTED_BY, found once per model (from_db runs for every row)."""
        found = _listed_columns.get(cls)
        if found is None:
            found = _listed_columns[cls] = [cls._meta.get_field(n).attname for n in cls.LISTED_BY]
        return found

    def _listing(self):
        return tuple(getattr(self, field) for field in self._listed_by())

    def _was_live(self):
        """Whether readers saw the stored row (before this save): from the values it was loaded
        with, else (a new object, or a partial load) from the database."""
        if self._state.adding:
            return False
        loaded = getattr(self, "_loaded_visibility", None)
        if loaded is None:
            return (
                type(self)
                ._base_manager.filter(
                    pk=self.pk, status__in=self.LIVE_STATUSES, published_at__lte=timezone.now()
                )
                .exists()
            )
        status, published_at = loaded
        return status in self.LIVE_STATUSES and published_at <= timezone.now()

    def save(self, *args, **kwargs):
        was_live = self._was_live()
        loaded = None if self._state.adding else getattr(self, "_loaded_listing", None)
        super().save(*args, **kwargs)
        self._loaded_visibility = (self.status, self.published_at)
        self._loaded_listing = self._listing()
        content_changed.send(
            sender=type(self),
            instance=self,
            was_live=was_live,
            is_live=self.is_live,
            listed=loaded != self._loaded_listing,  # a new item, or not loaded: True
        )


_listed_columns = {}  # model: the columns of its LISTED_BY (Publishable._listed_by)


def _send_deleted(sender, instance, **kwargs):
    content_changed.send(sender=sender, instance=instance, was_live=instance.is_live, is_live=False)


@receiver(class_prepared)
def _connect_deletions(sender, **kwargs):
    # Per model, not for every model: a post_delete receiver for all senders would stop
    # Django's fast deletes everywhere.
    if issubclass(sender, Publishable) and not sender._meta.abstract:
        post_delete.connect(_send_deleted, sender=sender, dispatch_uid=f"publishing_{sender}")


def publishable_models():
    return [model for model in apps.get_models() if issubclass(model, Publishable)]


def next_scheduled_time(now=None):
    """The earliest future publication time across every publishable model (None if nothing
    is scheduled), in one query: when a cached page stops being fresh although no row changed."""
    now = now or timezone.now()
    times = [
        m._default_manager.scheduled(now).order_by().values("published_at")
        for m in publishable_models()
    ]
    if not times:
        return None
    first, *rest = times
    found = first.union(*rest).order_by("published_at").first()
    return found["published_at"] if found else None


class PreviewLinkInvalid(Http404):
    """A `?preview=` link that expired or was withdrawn: a 404 that says so."""


def get_visible_or_404(request, queryset, kept_as=None, **lookup):
    """The item `lookup` names in `queryset`, if the request may see it: live; or previewable
    by its user (Publishable.can_preview); or opened with a valid preview link for this item
    (core.models.PreviewLink, `?preview=<key>`). Else Http404. Every detail view fetches
    through this. A preview is marked on the request (`request.preview_of`) so that
    core.middleware.PreviewHeadersMiddleware keeps it out of every cache and index.

    `kept_as` (a name for the shape of `queryset`): a live item, with what the queryset
    loads, is kept and not looked up again on every request; a draft is looked up each time.
    With kept parts on and a lookup by fields of the model's LISTED_BY (its slug), which item
    the address names is kept until what lists of the model hold changes (a publication, a new
    slug), and the item until it changes (its token: an edit, a credit, a file, an item it
    shows, Publishable.shown_with) or a record does (what else the queryset loads: a category,
    a series, people's names) or a scheduled time comes: a change to another item leaves it
    kept. The item's `kept_of` then names it, for what its page keeps with it (its <head>:
    articles.views). Otherwise the item is kept for the generation."""
    if kept_as and request.method in ("GET", "HEAD"):
        from . import pagecache  # it imports this module

        model = queryset.model

        def find(**where):
            item = get_object_or_404(queryset, **where)
            if not item.is_live:
                raise pagecache.NotKept(item)
            return item

        if pagecache.parts_kept() and set(lookup) <= {"pk", *model.LISTED_BY}:
            pk = pagecache.remember(
                pagecache.item_key(model, "address", lookup),
                lambda: (
                    model._default_manager.filter(**lookup).values_list("pk", flat=True).first()
                ),
                of=(pagecache.listing(model),),
            )
            if pk is None:
                raise Http404(f"No {model._meta.object_name} matches the given query.")
            item = pagecache.remember(
                pagecache.item_key(model, kept_as, {"pk": pk}),
                lambda: find(pk=pk),
                of=((model, pk),),
            )
            if item.is_live:  # a draft is made each time, and nothing of it kept
                item.kept_of = ((model, pk),)
        else:
            item = pagecache.remember(
                pagecache.item_key(model, kept_as, lookup), lambda: find(**lookup)
            )
    else:
        item = get_object_or_404(queryset, **lookup)
    if item.is_live:
        return item
    if not queryset.model.can_preview(request.user):
        key = request.GET.get("preview")
        if not key:
            raise Http404(f"No such {queryset.model._meta.verbose_name}.")
        from .models import PreviewLink  # models import this module

        link = PreviewLink.objects.valid().for_item(item).filter(key=key).first()
        if link is None:
            raise PreviewLinkInvalid(
                "This preview link has expired or was withdrawn. Ask the editors for a new one."
            )
        request.preview_link = link
    request.preview_of = item
    return item
