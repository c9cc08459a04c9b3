import csv

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.spreadsheets import escape_formula

from .emails import unsubscribe_url
from .models import Status, Subscriber


def subscribers_csv(request, queryset):
    """Confirmed subscribers for the mailing service, each with their one-click unsubscribe link."""
    stamp = timezone.localtime().strftime("%Y-%m-%d")
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="newsletter-subscribers-{stamp}.csv"'
    response["Cache-Control"] = "no-store"
    writer = csv.writer(response)
    writer.writerow(["email", "confirmed_at", "unsubscribe_url"])
    for subscriber in queryset.confirmed().order_by("email"):
        writer.writerow(
            [
                escape_formula(subscriber.email),
                subscriber.confirmed_at.isoformat(),
                unsubscribe_url(subscriber),
            ]
        )
    return response


@admin.register(Subscriber)
class SubscriberAdmin(admin.ModelAdmin):
    list_display = ["email", "status", "created", "confirmed_at", "unsubscribed_at"]
    list_filter = ["status", ("created", admin.DateFieldListFilter)]
    search_fields = ["email"]
    date_hierarchy = "created"
    readonly_fields = ["created", "confirmation_sent_at", "confirmed_at", "unsubscribed_at"]
    fields = ["email", "status", *readonly_fields]
    actions = ["export_csv", "mark_unsubscribed"]
    change_list_template = "admin/newsletter/subscriber/change_list.html"

    def get_urls(self):
        export = self.admin_site.admin_view(self.export_all_view)
        return [path("export/", export, name="newsletter_subscriber_export"), *super().get_urls()]

    def export_all_view(self, request):
        if not self.has_export_permission(request):
            raise PermissionDenied
        return subscribers_csv(request, Subscriber.objects.all())

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            **(extra_context or {}),
            "export_url": reverse("admin:newsletter_subscriber_export"),
            "confirmed_count": Subscriber.objects.confirmed().count(),
        }
        return super().changelist_view(request, extra_context)

    @admin.action(
        description=_("Export the confirmed among the selected as CSV"), permissions=["export"]
    )
    def export_csv(self, request, queryset):
        return subscribers_csv(request, queryset)

    @admin.action(description=_("Unsubscribe the selected (on request)"), permissions=["change"])
    def mark_unsubscribed(self, request, queryset):
        count = 0
        for subscriber in queryset.exclude(status=Status.UNSUBSCRIBED):
            subscriber.unsubscribe()
            count += 1
        self.message_user(
            request, gettext("Unsubscribed %(count)s address(es).") % {"count": count}
        )
