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
"""

import types

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import ChangeList
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.urls import reverse
from django.utils.html import format_html

from .models import QueuedEmail


class GuardedChangeList(ChangeList):
    def get_filters(self, request):
        try:
            return super().get_filters(request)
        except (OverflowError, ValueError) as exc:
            if not (self.date_hierarchy and f"{self.date_hierarchy}__year" in request.GET):
                raise
            self.model_admin.message_user(
                request,
                "There is no such date to list: showing everything instead.",
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
                "These filters do not apply to the list: filter it again, then export.",
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

    @admin.display(description="Body")
    def body(self, obj):
        return format_html("<pre>{}</pre>", obj.message.get("body", ""))

    @admin.display(description="Last error")
    def error(self, obj):
        return format_html("<pre>{}</pre>", obj.traceback) if obj.traceback else "—"

    @admin.action(description="Try sending the selected emails again now", permissions=["change"])
    def try_again_now(self, request, queryset):
        count = queryset.try_again_now()
        self.message_user(request, f"{count} email(s) queued to be sent again.", messages.SUCCESS)
