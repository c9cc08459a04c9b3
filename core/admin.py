from django.contrib import admin, messages
from django.utils.html import format_html

from .models import QueuedEmail


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
