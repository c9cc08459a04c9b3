"""The admin's front page as an editor's dashboard: drafts, what is scheduled, and what others
changed lately, each one click from editing. Three queries however much content there is."""

from django import template
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Value
from django.urls import reverse
from django.utils import timezone

from core.publishing import Status, publishable_models

register = template.Library()

LIMIT = 10


def _visible_models(user):
    return [
        model
        for model in publishable_models()
        if user.has_perm(f"{model._meta.app_label}.view_{model._meta.model_name}")
    ]


def _rows(querysets, order_by):
    """The first LIMIT rows of the union of `querysets` (one query), with their admin links
    and `when`: the time they are ordered by."""
    if not querysets:
        return []
    first, *rest = querysets
    rows = list(first.union(*rest).order_by(order_by)[:LIMIT])
    labels = {model._meta.label_lower: model for model in publishable_models()}
    for row in rows:
        opts = labels[row.pop("model_label")]._meta
        row["kind"] = opts.verbose_name
        row["url"] = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[row["pk"]])
        row["when"] = row[order_by.lstrip("-")]
    return rows


def _items(model, queryset, when):
    label = Value(model._meta.label_lower, output_field=CharField())
    return (
        queryset.order_by().annotate(model_label=label).values("model_label", "pk", "title", when)
    )


@register.inclusion_tag("admin/dashboard.html", takes_context=True)
def dashboard(context):
    request = context.get("request")
    if request is None:
        return {"show": False}
    user, now = request.user, timezone.now()
    models = _visible_models(user)
    drafts = _rows(
        [_items(m, m._default_manager.filter(status=Status.DRAFT), "updated") for m in models],
        "-updated",
    )
    scheduled = _rows(
        [_items(m, m._default_manager.scheduled(now), "published_at") for m in models],
        "published_at",
    )
    content_types = ContentType.objects.get_for_models(*models).values()
    changes = (
        LogEntry.objects.filter(content_type__in=content_types)
        .exclude(user=user)
        .select_related("user", "content_type")
        .order_by("-action_time")[:LIMIT]
        if models
        else []
    )
    return {"show": bool(models), "drafts": drafts, "scheduled": scheduled, "changes": changes}
