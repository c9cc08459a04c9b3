"""People credited on things: one abstract ordered credit, one way to list and find them.

A content app that credits people on an item (an article's authors, an episode's guests, an
event's speakers and moderators, a book's authors, a syllabus's instructors) subclasses
`Credit` with a foreign key to the item whose related name is `credits`, and gives the item's
QuerySet `CreditedQuerySet`. Then, for every kind alike:

- `item.credits` are the credit rows in order, `item.credited_people` the people (no query
  once `with_credits()` has prefetched them);
- `person.<credit model>_credits` are a person's credit rows (e.g. `person.byline_credits`);
- `Model.objects.credited_to(person)` are the items crediting a person, and
  `credits_section()` turns them into a block of the person's page (core.sections).

This module imports no content app: the items are found through the `credits` relation.
"""

from django.db import models
from django.db.models import Exists, OuterRef, Prefetch, prefetch_related_objects
from django.db.models.signals import class_prepared, post_delete
from django.dispatch import receiver
from django.utils import timezone

from core import pagecache
from core.publishing import Publishable, content_changed
from core.sections import Section


class CreditQuerySet(models.QuerySet):
    def credited_to(self, person):
        """The credit rows of `person` (with the role, where a kind has roles)."""
        return self.filter(person=person)


class Credit(models.Model):
    """A person credited on an item, in the order editors set (the first is shown first).

    Subclasses add the item's foreign key (related name `credits`) and, where the kind has
    roles, a `role` field with its own TextChoices."""

    person = models.ForeignKey(
        "members.Person", on_delete=models.PROTECT, related_name="%(class)s_credits"
    )
    order = models.PositiveSmallIntegerField(default=0)

    objects = CreditQuerySet.as_manager()

    class Meta:
        abstract = True
        ordering = ["order", "id"]

    def __str__(self):
        return f"{self.person} on {self.item}"

    @classmethod
    def item_field(cls):
        """The foreign key to what the person is credited on (its related name is `credits`)."""
        return next(
            field
            for field in cls._meta.fields
            if field.is_relation and field.remote_field.related_name == "credits"
        )

    @property
    def item(self):
        return getattr(self, self.item_field().name)

    @property
    def label(self):
        """The person's name as a list of names in the admin shows it."""
        return self.person.name

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self._item_changed()

    # Not a record of its own for core.pagecache: saving or deleting one marks its item changed
    # (its `updated`, which its kept card is keyed by) and announces the item's change.
    CHANGES_ITS_ITEM = True

    def _item_changed(self):
        item = self.item
        if isinstance(item, Publishable):
            item.updated = timezone.now()
            type(item)._base_manager.filter(pk=item.pk).update(updated=item.updated)
            live = item.is_live
            content_changed.send(sender=type(item), instance=item, was_live=live, is_live=live)


def _credit_deleted(sender, instance, origin=None, **kwargs):
    # The item itself being deleted sends its own content_changed.
    if not isinstance(origin, Publishable) and not (
        isinstance(origin, models.QuerySet) and issubclass(origin.model, Publishable)
    ):
        instance._item_changed()


@receiver(class_prepared)
def _connect_deletions(sender, **kwargs):
    if issubclass(sender, Credit) and not sender._meta.abstract:
        post_delete.connect(_credit_deleted, sender=sender, dispatch_uid=f"credits_{sender}")


class CreditedQuerySet(models.QuerySet):
    """For the QuerySet of a model whose people are credited through a `Credit` subclass."""

    def _credit_relation(self):
        return self.model._meta.get_field("credits")

    def _credits_prefetch(self):
        credit_model = self._credit_relation().related_model
        return Prefetch(
            "credits",
            queryset=credit_model.objects.select_related("person").order_by("order", "id"),
        )

    def with_credits(self):
        """Prefetch the credits and their people, in order (one query)."""
        return self.prefetch_related(self._credits_prefetch())

    def add_credits(self, items):
        """What with_credits() prefetches, for items already fetched: one query for several
        lists at once (the home page's featured and latest articles). Returns `items`."""
        prefetch_related_objects(items, self._credits_prefetch())
        return items

    def credit_of(self, person):
        """An EXISTS condition: `person` is credited on the item (in any role)."""
        relation = self._credit_relation()
        credits = relation.related_model.objects.filter(
            person=person, **{relation.field.name: OuterRef("pk")}
        )
        return Exists(credits)

    def credited_to(self, person):
        """Items crediting `person`. A kind that credits people in other ways too (an episode's
        host) widens this, so that a person's page finds everything the same way."""
        return self.filter(self.credit_of(person))


class Credited:
    """For a model with credits (a `Credit` subclass's foreign key named `credits`)."""

    @property
    def credited_people(self):
        """The credited people in order, from the prefetched credits (no query when prefetched)."""
        return [credit.person for credit in self.credits.all()]


def credits_section(
    person, items, template, title, name, feeds=(), limit=None, rows=False, **context
):
    """A block for `person`'s page: what of `items` credits them, or None when nothing does.

    `items` is a QuerySet already narrowed to what readers see: of content (articles, books …,
    through CreditedQuerySet.credited_to) or of credit rows, when the page lists the person's
    role on each item (an event's speakers and moderators). One query plus the QuerySet's
    prefetches, whatever the number of items. With `limit`, at most that many (the first in
    the QuerySet's order) and `more` in the context: True when there are others.

    `rows`: for a template that shows the items as kept parts (`{% article_cards %}`), which
    reads the rows of a QuerySet itself: the template gets the QuerySet of those items, not the
    items.

    With kept parts on, the section is kept as a home page box is (core.sections.kept_section):
    which items it shows (their ids) until what lists of their kind hold changes (a credit
    added or removed is a change of its item, members.credits.Credit), its HTML until one of
    them changes or a record does; its queries run only when it is made."""
    found = items.credited_to(person)
    window = found if limit is None else found[: limit + 1]
    if not pagecache.parts_kept():
        shown = list(window)
        count, shown = len(shown), shown[:limit]
        if not count:
            return None
        more = limit is not None and count > limit
        context = {name: shown, "person": person, "more": more, **context}
        return Section(template, context, title, list(feeds))
    model = items.model
    if issubclass(model, Publishable):
        kind, column = model, "pk"
    else:  # credit rows: the item is behind their foreign key whose related name is `credits`
        field = next(f for f in model._meta.concrete_fields if _is_credits_key(f))
        kind, column = field.related_model, field.attname
    ids = pagecache.remember(
        f"credits:{template}:{person.pk}:{limit}",
        lambda: [list(row) for row in window.values_list("pk", column)],
        of=(pagecache.listing(kind),),
    )
    if not ids:
        return None
    shown_ids = [pk for pk, _item in ids[:limit]]
    more = limit is not None and len(ids) > limit

    def load():
        shown = items.filter(pk__in=shown_ids)
        shown = shown if rows else list(shown)
        return {name: shown, "person": person, "more": more, **context}

    shows = [(kind, item) for _pk, item in ids[:limit]]
    return Section(
        template, title=title, feeds=list(feeds), shows=shows, load=load, of=f"person:{person.pk}"
    )


def _is_credits_key(field):
    return field.is_relation and field.many_to_one and field.remote_field.related_name == "credits"
