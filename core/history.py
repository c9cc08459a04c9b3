"""The history of published items: every version with its people and topics, and their revert.

django-simple-history records a model's fields; with `m2m_fields` it also records, with each
version, the rows of the model's many-to-many relations (their through rows, so a credit's
`order` and an event participant's `role` too). `ItemHistory` is HistoricalRecords as every
kind of item uses it (articles, episodes, events, lectures, books, syllabi, hub entries): it
records every many-to-many of the model — the credits (the `members.credits.Credit` rows:
bylines, guests, participants, book authors, instructors) and the topics — so that

- one save in the admin is one version, taken once the item's inlines are saved too
  (`core.admin.HistoryAdmin`: `defer_version()` before the item is saved, `record_version()`
  after its inlines, or after a revert);
- a credit or topic row that code saves or deletes outside such a save (the demo, an import, a
  shell) is written into the item's latest version (`_relation_changed`), so that the version
  a revert goes back to has the people and topics the item had then: an item created by code
  and given its authors afterwards has them in its first version;
- reverting restores the version's rows (`restore_relations()`) along with its fields.

`HistoricTaggableManager` is taggit's field with the one method simple-history asks of a
many-to-many field (articles' topics use it).
"""

from django.db import models
from django.db.models.signals import post_delete, post_save
from django.db.models.utils import make_model_tuple
from simple_history.models import HistoricalRecords, ModelChange
from simple_history.utils import get_m2m_field_name
from taggit.managers import TaggableManager

_histories = {}  # model -> its ItemHistory


class HistoricTaggableManager(TaggableManager):
    """taggit's field, giving django-simple-history the through model's key to the item, as
    Django's ManyToManyField does."""

    def m2m_field_name(self):
        return self.through._meta.get_field("content_object").name


class ItemHistory(HistoricalRecords):
    """HistoricalRecords that records every many-to-many of the model with each version."""

    def get_m2m_fields_from_model(self, model):
        return list(model._meta.many_to_many)

    def finalize(self, sender, **kwargs):
        """As HistoricalRecords, once the model's through models exist (a through model named
        by a string, as the credits are, is defined after the item)."""
        if sender is not self.cls:
            return
        throughs = [
            make_model_tuple(through if "." in through else f"{sender._meta.app_label}.{through}")
            if isinstance(through := field.remote_field.through, str)
            else (through._meta.app_label, through._meta.model_name)
            for field in sender._meta.many_to_many
        ]
        # After the item is registered, so that its fields have resolved their through models
        # by the time these exist.
        sender._meta.apps.lazy_model_operation(
            lambda *_: self._finalize(sender),
            (sender._meta.app_label, sender._meta.model_name),
            *throughs,
        )

    def _finalize(self, sender):
        super().finalize(sender)
        _histories[sender] = self
        for field in self.get_m2m_fields_from_model(sender):
            through = field.remote_field.through
            uid = f"item_history_{through._meta.label}"
            post_save.connect(_relation_changed, sender=through, dispatch_uid=uid)
            post_delete.connect(_relation_changed, sender=through, dispatch_uid=uid)


def has_item_history(model):
    return model in _histories


def _item_of(row, model):
    """The item a through row of `model`'s relations belongs to (the object the row holds)."""
    field = row._meta.get_field(_item_key(model, type(row)))
    return getattr(row, field.name)


def _item_key(model, through):
    field = next(f for f in model._meta.many_to_many if f.remote_field.through is through)
    return get_m2m_field_name(field)


def _relation_changed(sender, instance, raw=False, origin=None, **kwargs):
    """A row of an item's recorded relation was saved or deleted: unless a save of the item is
    under way (which records the version itself) or the item is being deleted, the item's
    latest version takes the item's rows as they now are."""
    if raw:
        return
    for model in _histories:
        if not any(f.remote_field.through is sender for f in model._meta.many_to_many):
            continue
        if isinstance(origin, model) or (
            isinstance(origin, models.QuerySet) and issubclass(origin.model, model)
        ):
            continue  # the item itself is being deleted: its deletion is the version
        item = _item_of(instance, model)
        if hasattr(item, "skip_history_when_saving"):
            continue  # defer_version(): the save records the version
        latest = item.history.order_by("-history_date", "-history_id").first()
        if latest is not None:
            _rerecord_relations(latest, item)


def _rerecord_relations(version, item):
    history = _histories[type(item)]
    for field in version._history_m2m_fields:
        history.m2m_models[field].objects.filter(history=version).delete()
    history.create_historical_record_m2ms(version, item)


def defer_version(item):
    """The coming save of `item` records no version (nor do its relations' rows): the caller
    calls record_version() once everything the save changes is saved."""
    item.skip_history_when_saving = True


def record_version(item, created=False):
    """A version of `item` as it now is, its relations' rows included."""
    if hasattr(item, "skip_history_when_saving"):
        del item.skip_history_when_saving
    _histories[type(item)].create_historical_record(item, "+" if created else "~")


def relation_rows(version, field):
    """The through rows `version` recorded for the many-to-many `field`, in their order."""
    rows = getattr(version, field.name).all()
    through = field.remote_field.through
    if "order" in {f.name for f in through._meta.fields}:
        rows = rows.order_by("order", "id")
    return rows


def restore_relations(version, item):
    """Give `item` the rows of every relation `version` recorded, with their ids, order and
    roles: the item's rows are replaced by the version's (so that no row on its way back clashes
    with one on its way out). The rows hold `item` itself, so a deferred version stays
    deferred."""
    for field in version._history_m2m_fields:
        through = field.remote_field.through
        key = get_m2m_field_name(field)
        names = [f.attname for f in through._meta.concrete_fields]
        wanted = []
        for old in relation_rows(version, field):
            row = through(**{name: getattr(old, name) for name in names})
            setattr(row, key, item)
            wanted.append(row)
        for row in through.objects.filter(**{key: item}):
            setattr(row, key, item)
            row.delete()
        for row in wanted:
            row.save(force_insert=True)


def record_current_relations(apps, app_label, model_name, *relations):
    """For the data migration that starts recording an item kind's relations: every version
    recorded before takes the rows its item has now (the only record there is), so that
    reverting to one keeps the item's people and topics instead of removing them all.
    `relations` are (through model name, its key to the item)."""
    history = apps.get_model(app_label, f"Historical{model_name}")
    for through_name, key in relations:
        through = apps.get_model(app_label, through_name)
        recorded = apps.get_model(app_label, f"Historical{through_name}")
        names = [f.attname for f in through._meta.concrete_fields]
        rows = {}
        for row in through.objects.order_by("pk"):
            rows.setdefault(getattr(row, f"{key}_id"), []).append(row)
        versions = history.objects.filter(id__in=rows).values_list("history_id", "id")
        recorded.objects.bulk_create(
            (
                recorded(history_id=version, **{name: getattr(row, name) for name in names})
                for version, item in versions.iterator()
                for row in rows[item]
            ),
            batch_size=500,
        )


def relation_text(field, rows):
    """The rows of a recorded relation as an editor reads them: the people (or topics) in
    their order, with a role where the kind has one ("Ann Lee, Bo Ma (Moderator)"). `rows` are
    {through field name: value or object}, as django-simple-history's diff gives them."""
    through = field.remote_field.through
    target = field.m2m_reverse_field_name()
    roles = [
        f
        for f in through._meta.fields
        if f.choices and not f.is_relation and f.name not in (target, "order")
    ]
    ordered = any("order" in row for row in rows)
    rows = sorted(rows, key=lambda row: row.get("order") or 0) if ordered else rows
    labels = []
    for row in rows:
        label = str(row[target])
        extra = [str(dict(f.flatchoices).get(row.get(f.name), row.get(f.name))) for f in roles]
        labels.append(f"{label} ({', '.join(extra)})" if extra else label)
    return ", ".join(labels if ordered else sorted(labels)) or "—"  # topics: alphabetical


def version_relations(version):
    """[(field, text)] of every relation `version` recorded, for the page of the version."""
    result = []
    for field in version._history_m2m_fields:
        names = [f.name for f in field.remote_field.through._meta.fields]
        rows = [
            {name: getattr(row, name) for name in names} for row in relation_rows(version, field)
        ]
        result.append((field, relation_text(field, rows)))
    return result


def show_version_relations(item, version):
    """`item` (the version's instance) reads its relations as `version` recorded them (a form
    for the version shows the version's topics, not today's)."""
    cache = getattr(item, "_prefetched_objects_cache", None) or {}
    for field in version._history_m2m_fields:
        target = field.remote_field.through._meta.get_field(field.m2m_reverse_field_name())
        ids = [getattr(row, target.attname) for row in relation_rows(version, field)]
        cache[field.name] = field.related_model._default_manager.filter(pk__in=ids)
    item._prefetched_objects_cache = cache


def recorded_relations(model, versions):
    """{(history_id, field name): [row dicts]} of every relation the `versions` of `model`
    recorded, in one query per relation (a history page's diffs, whatever its length). A row
    dict holds the related object (person, topic), the order and the role where there are."""
    result = {}
    history = _histories[model]
    ids = [version.history_id for version in versions]
    for field in history.get_m2m_fields_from_model(model):
        through = field.remote_field.through
        target = field.m2m_reverse_field_name()
        names = [
            f.name
            for f in through._meta.fields
            if f.name == target or (not f.is_relation and f.name != through._meta.pk.name)
        ]
        rows = history.m2m_models[field].objects.filter(history_id__in=ids)
        for row in rows.select_related(target).order_by("history_id", target, "m2m_history_id"):
            entry = {name: getattr(row, name) for name in names}
            result.setdefault((row.history_id, field.name), []).append(entry)
    return result


def relation_changes(model, old, new, recorded):
    """simple-history's ModelChange of every relation that differs between two versions."""
    changes = []
    for field in _histories[model].get_m2m_fields_from_model(model):
        before = recorded.get((old.history_id, field.name), [])
        after = recorded.get((new.history_id, field.name), [])
        if before != after:
            changes.append(ModelChange(field.name, before, after))
    return changes
