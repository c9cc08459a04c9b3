"""Guards around upstream bugs, put in front of every ModelAdmin on the admin site; and the
admin of the email queue.

- Django's date hierarchy builds the end of the chosen period by adding a day, a month or a
  year to its start, outside the check of the start: `?published_at__year=9999&…__month=12`
  raised OverflowError (a 500). A period that ends past the last representable date now
  shows the unfiltered list with a message, as Django does for any other bad filter.
- django-simple-history filters the history by the id in the address as it stands: a
  non-numeric id (`/admin/articles/article/abc/history/`) raised ValueError (a 500). An id
  that is no valid primary key is now a 404, as is a version id that is none.
- django-import-export's export page builds the list's queryset from the address but does
  not catch the list's IncorrectLookupParameters: any stray parameter (`/export/?page=2`) was a
  500. It now goes back to the list with a message, as the list itself does.

`guard_every_admin()` (called from CoreConfig.ready(), after the admin's autodiscovery) puts
GuardedAdminMixin in front of every registered ModelAdmin, ours and other packages' alike
(axes' logs have a date hierarchy too); tests/test_admin_guards.py walks the registry.

`PublishingAdminMixin` is the one admin of publishing (core.publishing.Publishable): the
publish / unpublish / schedule actions, the status column with the scheduled time, and the
link to the page.
"""

import difflib
import html
import itertools
import re
import types

from adminsortable2.admin import SortableAdminBase, SortableInlineAdminMixin
from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers, widgets
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.utils import model_ngettext
from django.contrib.admin.views.main import ChangeList
from django.contrib.contenttypes.admin import GenericTabularInline
from django.contrib.contenttypes.forms import BaseGenericInlineFormSet
from django.contrib.flatpages.admin import FlatPageAdmin
from django.contrib.flatpages.forms import FlatpageForm
from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import conditional_escape, format_html, strip_tags
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_prose_editor.fields import ProseEditorFormField
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import to_historic
from simple_history.template_utils import HistoricalRecordContextHelper

from . import history
from .metadata import site_url
from .models import MenuItem, PreviewLink, QueuedEmail
from .publishing import Status
from .richtext import RICH_TEXT_EXTENSIONS, validate_image_alt


class GuardedChangeList(ChangeList):
    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except (OverflowError, ValueError) as exc:
            if not (self.date_hierarchy and f"{self.date_hierarchy}__year" in request.GET):
                raise
            self.model_admin.message_user(
                request,
                _("There is no such date to list: showing everything instead."),
                messages.WARNING,
            )
            raise IncorrectLookupParameters(exc) from exc


def _valid_key(field, value):
    try:
        field.to_python(value)
    except ValidationError:
        return False
    return True


class GuardedAdminMixin:
    """In front of a ModelAdmin (see guard_every_admin); each guard only acts where its
    upstream view exists."""

    def get_changelist(self, request, **kwargs):
        changelist = super().get_changelist(request, **kwargs)
        if changelist is ChangeList:
            return GuardedChangeList
        return types.new_class(changelist.__name__, (GuardedChangeList, changelist))

    def history_view(self, request, object_id, extra_context=None):
        if not _valid_key(self.model._meta.pk, admin.utils.unquote(object_id)):
            raise Http404("No such record.")
        return super().history_view(request, object_id, extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        history = getattr(self.model, self.model._meta.simple_history_manager_attribute).model
        if not (
            _valid_key(self.model._meta.pk, admin.utils.unquote(object_id))
            and _valid_key(history._meta.pk, version_id)
        ):
            raise Http404("No such version.")
        return super().history_form_view(request, object_id, version_id, extra_context)

    def export_action(self, request):
        try:
            return super().export_action(request)
        except IncorrectLookupParameters:
            self.message_user(
                request,
                _("These filters do not apply to the list: filter it again, then export."),
                messages.WARNING,
            )
            opts = self.model._meta
            url = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
            return HttpResponseRedirect(f"{url}?e=1")


def guard_every_admin(site=admin.site):
    """Register every model of `site` again with GuardedAdminMixin in front of its ModelAdmin."""
    for model, model_admin in list(site._registry.items()):
        cls = type(model_admin)
        if issubclass(cls, GuardedAdminMixin):
            continue
        guarded = types.new_class(cls.__name__, (GuardedAdminMixin, cls))
        guarded.__module__ = cls.__module__
        guarded.__qualname__ = cls.__qualname__
        site.unregister(model)
        site.register(model, guarded)


class VocabularyAdmin(admin.ModelAdmin):
    """The admin of names in English and Russian (core.vocabulary): both names and the slug in
    the list, found by either name."""

    list_display = ["name", "name_ru", "slug"]
    search_fields = ["name", "name_ru"]


class OrderedVocabularyAdmin(VocabularyAdmin):
    """Names that readers see in the editors' order, set in the list."""

    list_display = [*VocabularyAdmin.list_display, "order"]
    list_editable = ["order"]


def thumbnail(obj, field, width, height):
    """A changelist's small picture of the upload in `field` (its `<field>_card_fallback`
    rendition, described by `<field>_alt`), or a dash when there is none."""
    if not getattr(obj, field):
        return "—"
    return format_html(
        '<img src="{}" alt="{}" width="{}" height="{}">',
        getattr(obj, f"{field}_card_fallback").url,
        getattr(obj, f"{field}_alt"),
        width,
        height,
    )


class DefaultListFilter(admin.SimpleListFilter):
    """A list filter that is on by default: with no value in the address, the changelist is
    filtered by `default` (its lookup is shown selected, not "All")."""

    default = None

    def chosen(self):
        return self.value() or self.default

    def choices(self, changelist):
        chosen = self.chosen()
        for lookup, title in self.lookup_choices:
            yield {
                "selected": chosen == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }


@admin.register(QueuedEmail)
class QueuedEmailAdmin(admin.ModelAdmin):
    """The email queue: what was sent, what waits for a retry, what was given up (and why)."""

    list_display = ["subject", "recipients", "state", "enqueued_at", "last_error"]
    list_filter = ["status"]
    search_fields = ["args_kwargs"]
    ordering = ["-enqueued_at"]
    actions = ["try_again_now"]
    fields = ["subject", "recipients", "state", "enqueued_at", "finished_at", "body", "error"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False  # emails are queued by the site

    def has_change_permission(self, request, obj=None):
        # The list's action needs "change"; one email's page is read-only.
        return obj is None and super().has_change_permission(request)

    def has_delete_permission(self, request, obj=None):
        return False  # kept for TASKS_KEEP_DAYS, then pruned by the daily task

    @admin.display(description=_("Body"))
    def body(self, obj):
        return format_html("<pre>{}</pre>", obj.message.get("body", ""))

    @admin.display(description=_("Last error"))
    def error(self, obj):
        return format_html("<pre>{}</pre>", obj.traceback) if obj.traceback else "—"

    @admin.action(
        description=_("Try sending the selected emails again now"), permissions=["change"]
    )
    def try_again_now(self, request, queryset):
        count = queryset.try_again_now()
        self.message_user(
            request,
            gettext("%(count)s email(s) queued to be sent again.") % {"count": count},
            messages.SUCCESS,
        )


# --- Publishing ----------------------------------------------------------------------------


class ScheduleForm(forms.Form):
    published_at = forms.SplitDateTimeField(
        label=_("Publication time"),
        widget=widgets.AdminSplitDateTime,
        help_text=_("Readers see the selected items from then on."),
    )

    def clean_published_at(self):
        when = self.cleaned_data["published_at"]
        if when <= timezone.now():
            raise ValidationError(
                _("Choose a time in the future; to publish at once, use “Publish”.")
            )
        return when


class PreviewLinkFormSet(BaseGenericInlineFormSet):
    """Preview links are an optional section of the change form: a form posted without it (a
    page opened before the section existed, a script) saves the item and changes no link."""

    def __init__(self, data=None, files=None, **kwargs):
        prefix = kwargs.get("prefix") or self.get_default_prefix()
        if data is not None and f"{prefix}-TOTAL_FORMS" not in data:
            data = files = None
        super().__init__(data, files, **kwargs)

    def is_valid(self):
        return not self.is_bound or super().is_valid()


class PreviewLinkInline(GenericTabularInline):
    """Preview links on the change page of every Publishable: "Add another preview link" and
    Save makes one; deleting it withdraws it at once."""

    model = PreviewLink
    formset = PreviewLinkFormSet
    ct_field, ct_fk_field = "content_type", "object_id"
    fields = ["shared_with", "expires_at", "link", "created_by"]
    readonly_fields = ["link", "created_by"]
    extra = 0
    verbose_name_plural = _(
        "preview links (to show this unpublished page to someone without a login)"
    )

    @admin.display(description=_("link to send"))
    def link(self, obj):
        if not obj.pk:
            return gettext("Made when you save.")
        if not obj.is_valid:
            return gettext("Expired.")
        url = site_url(obj.get_absolute_url())
        return format_html(
            '<input type="url" value="{}" readonly size="60" aria-label="{}">',
            url,
            gettext("Preview link"),
        )


class PublishingAdminMixin:
    """For the ModelAdmin of every Publishable: the same actions, each changing the selected
    items one by one through the model's methods and save(), in one transaction, so that
    history, content_changed and the model's own rules (an event's SEQUENCE, an episode's
    GUID lock) run as for the admin form. A ModelAdmin with more actions lists these first:
    `actions = [*PublishingAdminMixin.actions, "cancel_events"]`, built on `change_each`."""

    actions = ["publish", "unpublish", "schedule"]

    def get_inlines(self, request, obj):
        """The model's own inlines, then preview links once the item exists (for the kinds
        with a page of their own)."""
        inlines = list(super().get_inlines(request, obj))
        if obj is None or not obj.HAS_PAGE:
            return inlines
        return [*inlines, PreviewLinkInline]

    def save_formset(self, request, form, formset, change):
        if formset.model is PreviewLink:
            formset.new_objects, formset.changed_objects, formset.deleted_objects = [], [], []
            if not formset.is_bound:
                return
            for link in formset.save(commit=False):
                link.created_by = link.created_by or request.user
                link.save()
            for link in formset.deleted_objects:
                link.delete()
            return
        super().save_formset(request, form, formset, change)

    def change_each(self, request, queryset, change, done):
        """`change(item)` for each item of `queryset`, then the message `done` (a format
        string with {count} and {items})."""
        with transaction.atomic():
            items = list(queryset)
            for item in items:
                change(item)
        count = len(items)
        text = done.format(count=count, items=model_ngettext(self.opts, count))
        self.message_user(request, text, messages.SUCCESS)

    @admin.action(
        description=_("Publish the selected %(verbose_name_plural)s"), permissions=["change"]
    )
    def publish(self, request, queryset):
        self.change_each(
            request,
            queryset.filter(status=Status.DRAFT),
            lambda item: item.publish("Published in bulk"),
            "Published {count} {items}.",
        )

    @admin.action(
        description=_("Unpublish the selected %(verbose_name_plural)s (back to draft)"),
        permissions=["change"],
    )
    def unpublish(self, request, queryset):
        self.change_each(
            request,
            queryset.filter(status__in=self.model.LIVE_STATUSES),
            lambda item: item.unpublish("Unpublished in bulk"),
            "Moved {count} {items} back to draft.",
        )

    @admin.action(
        description=_("Schedule the selected %(verbose_name_plural)s…"), permissions=["change"]
    )
    def schedule(self, request, queryset):
        """A page that asks for the publication time, then publishes the items from then."""
        form = ScheduleForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            when = form.cleaned_data["published_at"]
            self.change_each(
                request,
                queryset,
                lambda item: item.schedule(when, "Scheduled in bulk"),
                f"Scheduled {{count}} {{items}} for {timezone.localtime(when):%b %d, %Y %H:%M}.",
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("Schedule %(value)s")
            % {"value": model_ngettext(self.opts, len(queryset))},
            "opts": self.opts,
            "form": form,
            "media": self.media + form.media,
            "queryset": queryset,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(
            request, "admin/publishing/schedule.html", context, status=400 if form.is_bound else 200
        )

    @admin.display(description=_("Status"), ordering="status")
    def state(self, obj):
        if obj.is_scheduled:
            when = date_format(timezone.localtime(obj.published_at), "DATETIME_FORMAT")
            return gettext("Scheduled for %(when)s") % {"when": when}
        return obj.get_status_display()

    @admin.display(description=_("Published"), ordering="published_at")
    def published(self, obj):
        """The publication date, short enough for a list at 1280 px (the time is on the page)."""
        return f"{timezone.localtime(obj.published_at):%Y-%m-%d}"

    def view_on_site(self, obj):
        return obj.get_absolute_url()


# History --------------------------------------------------------------------------------------


def readable_text(value):
    """A rich-text value as the words a reader sees: no tags, entities or runs of spaces."""
    if not isinstance(value, str) or not value.lstrip().startswith("<"):
        return value  # plain text ("a < b" stays as typed); rich text starts with a tag
    return re.sub(r"\s+", " ", html.unescape(strip_tags(value.replace("><", "> <")))).strip()


class ReadableHistoryHelper(HistoricalRecordContextHelper):
    """The history page's "Changes" column as text an editor reads: rich text without its HTML,
    and a long text shown around what changed ("…words [old] words…") instead of a cut-off
    run of markup (django-simple-history's default is "<p>Uk[100 chars]p>")."""

    CONTEXT_WORDS = 8

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if field.many_to_many:  # people in their order, topics (core.history.ItemHistory)
            return history.relation_text(field, value)
        return readable_text(super().prepare_delta_change_value(change, value))

    def stringify_delta_change_values(self, change, old, new):
        if isinstance(old, str) and isinstance(new, str) and len(old) + len(new) > 160:
            old, new = self.around_the_change(old, new)
            return conditional_escape(old), conditional_escape(new)
        return super().stringify_delta_change_values(change, old, new)

    def around_the_change(self, old, new):
        """The changed words of each side with a few words of context before and after."""
        a, b = old.split(), new.split()
        matcher = difflib.SequenceMatcher(a=a, b=b, autojunk=False)
        changed = [op for op in matcher.get_opcodes() if op[0] != "equal"]
        if not changed:
            return old, new
        first, last = changed[0], changed[-1]
        n = self.CONTEXT_WORDS

        def excerpt(words, start, end):
            lo, hi = max(start - n, 0), min(end + n, len(words))
            text = " ".join(words[lo:hi])
            return ("… " if lo else "") + text + (" …" if hi < len(words) else "")

        return excerpt(a, first[1], last[2]), excerpt(b, first[3], last[4])


class HistoryAdmin(SimpleHistoryAdmin):
    """SimpleHistoryAdmin as every admin of the project uses it: readable changes (above); the
    history list's template (templates/simple_history/object_history_list.html) links the
    editor only for those who may open user records, and shows "—" for no change reason.

    For an item whose history records its relations (core.history.ItemHistory: credits and
    topics), one save is one version, taken once the inlines are saved, and reverting to a
    version restores its people (in their order) and topics with its fields, in one step."""

    object_history_form_template = "admin/history/version.html"

    def get_historical_record_context_helper(self, request, historical_record):
        return ReadableHistoryHelper(self.model, historical_record)

    def set_history_delta_changes(self, request, historical_records, foreign_keys_are_objs=True):
        """As django-simple-history does, with the relations of every record on the page read
        in one query each (its own diff reads them twice per record)."""
        if not history.has_item_history(self.model):
            return super().set_history_delta_changes(
                request, historical_records, foreign_keys_are_objs
            )
        records = list(historical_records)
        recorded = history.recorded_relations(self.model, records)
        relations = [f.name for f in self.model._meta.many_to_many]
        for new, old in itertools.pairwise(records):
            delta = new.diff_against(
                old, excluded_fields=relations, foreign_keys_are_objs=foreign_keys_are_objs
            )
            delta.changes.extend(history.relation_changes(self.model, old, new, recorded))
            delta.changes.sort(key=lambda change: change.field)
            helper = self.get_historical_record_context_helper(request, new)
            new.history_delta_changes = helper.context_for_delta_changes(delta)
        return None

    def get_form(self, request, obj=None, **kwargs):
        version = to_historic(obj) if obj is not None else None
        if version is not None and history.has_item_history(self.model):
            history.show_version_relations(obj, version)
        return super().get_form(request, obj, **kwargs)

    def save_model(self, request, obj, form, change):
        if history.has_item_history(self.model):
            history.defer_version(obj)
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if history.has_item_history(self.model):
            history.record_version(form.instance, created=not change)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        version = None
        if history.has_item_history(self.model):
            versions = self.model.history.filter(id=admin.utils.unquote(object_id))
            version = versions.filter(history_id=version_id).first()
        if version is None:  # none (a 404) or not an item with relations
            return super().history_form_view(request, object_id, version_id, extra_context)
        extra_context = {**(extra_context or {}), "relations": history.version_relations(version)}
        if request.method != "POST":
            return super().history_form_view(request, object_id, version_id, extra_context)
        with transaction.atomic():
            response = super().history_form_view(request, object_id, version_id, extra_context)
            if response.status_code == 302:  # reverted: the version's relations come back too
                item = self.model._default_manager.get(pk=version.instance.pk)
                history.defer_version(item)
                history.restore_relations(version, item)
                history.record_version(item)
        return response


class MenuEntryInline(SortableInlineAdminMixin, admin.TabularInline):
    """The entries under a menu entry, ordered by dragging."""

    model = MenuItem
    fk_name = "parent"
    fields = ["order", "name", "name_ru", "link"]
    extra = 0
    show_change_link = True  # to the entries under this one
    verbose_name_plural = _("entries under this one (drag to order)")


@admin.register(MenuItem)
class MenuItemAdmin(SortableAdminBase, admin.ModelAdmin):
    """The main menu: the bar's entries, each with the entries under it (three levels)."""

    list_display = ["place", "link", "order"]
    list_editable = ["order"]
    search_fields = ["name", "name_ru", "link"]
    fields = ["name", "name_ru", "link", "parent", "order"]
    inlines = [MenuEntryInline]

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("parent__parent")

    @admin.display(description=_("entry"), ordering="order")
    def place(self, obj):
        path, parent = [obj.label], obj.parent
        while parent is not None:
            path.insert(0, parent.label)
            parent = parent.parent
        return " › ".join(path)


class PageForm(FlatpageForm):
    """An editable page: its text in the site's rich-text editor, on this site (no Sites box)."""

    content = ProseEditorFormField(
        label=_("Content"),
        extensions=RICH_TEXT_EXTENSIONS,
        sanitize=True,
        required=False,
        validators=[validate_image_alt],
    )

    def clean(self):
        # FlatpageForm checks the address is free on the sites chosen: here, this site.
        self.cleaned_data["sites"] = [Site.objects.get_current()]
        return super().clean()


admin.site.unregister(FlatPage)


@admin.register(FlatPage)
class PageAdmin(FlatPageAdmin):
    """About, Contact, Submissions …: a tree by address (/about/ holds /about/membership/)."""

    form = PageForm
    fieldsets = [
        (None, {"fields": ["title", "url", "content"]}),
        (
            _("Advanced options"),
            {"classes": ["collapse"], "fields": ["registration_required", "template_name"]},
        ),
    ]
    list_display = ["tree", "url", "registration_required"]
    list_filter = ["registration_required"]
    ordering = ["url"]

    @admin.display(description=_("page"), ordering="url")
    def tree(self, obj):
        depth = obj.url.strip("/").count("/")
        return format_html(
            '<span class="page-depth-{}">{}{}</span>', depth, "— " * depth, obj.title
        )

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        form.instance.sites.add(Site.objects.get_current())
