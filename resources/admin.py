from django.contrib import admin, messages
from django.db.models import Prefetch
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from .models import Book, BookAuthor, HubEntry, Status, Syllabus, SyllabusInstructor, Topic


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order"]
    list_editable = ["order"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class PublishingAdmin(SimpleHistoryAdmin):
    """Draft/published like articles: bulk publish and unpublish, history, view on site."""

    actions = ["publish", "unpublish"]
    date_hierarchy = "published_at"
    save_on_top = True

    def _set_status(self, request, queryset, status, reason):
        count = 0
        for obj in queryset.exclude(status=status):
            obj.status = status
            obj._change_reason = reason
            obj.save()
            count += 1
        return count

    @admin.action(description="Publish the selected items", permissions=["change"])
    def publish(self, request, queryset):
        count = self._set_status(request, queryset, Status.PUBLISHED, "Published in bulk")
        self.message_user(request, f"Published {count} item(s).", messages.SUCCESS)

    @admin.action(
        description="Unpublish the selected items (back to draft)", permissions=["change"]
    )
    def unpublish(self, request, queryset):
        count = self._set_status(request, queryset, Status.DRAFT, "Unpublished in bulk")
        self.message_user(request, f"Moved {count} item(s) back to draft.", messages.SUCCESS)


class CreditsAdmin(PublishingAdmin):
    """Lists the ordered people (authors, instructors) of each row in two queries."""

    credits = ""  # the related name of the ordered through model
    credit_model = None

    def get_queryset(self, request):
        credits = Prefetch(
            self.credits, queryset=self.credit_model.objects.select_related("person")
        )
        return super().get_queryset(request).prefetch_related(credits)

    @admin.display(description="People")
    def people(self, obj):
        return ", ".join(credit.person.name for credit in getattr(obj, self.credits).all())


class BookAuthorInline(admin.TabularInline):
    model = BookAuthor
    extra = 1
    autocomplete_fields = ["person"]
    fields = ["person", "order"]
    verbose_name_plural = "authors (in order)"


@admin.register(Book)
class BookAdmin(CreditsAdmin):
    credits, credit_model = "credits", BookAuthor
    list_display = [
        "title",
        "people",
        "year",
        "publisher",
        "status",
        "published_at",
        "thumbnail",
    ]
    list_filter = ["status", "topics", "year"]
    search_fields = ["title", "description", "publisher", "slug", "credits__person__name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["topics"]
    inlines = [BookAuthorInline]
    fieldsets = [
        (
            None,
            {"fields": ["title", "slug", "publisher", "year", "description", "prizes", "topics"]},
        ),
        ("Cover", {"fields": ["cover", "cover_alt"]}),
        ("Link", {"fields": ["link", "link_kind"]}),
        ("Publishing", {"fields": ["status", "published_at"]}),
    ]

    @admin.display(description="Cover")
    def thumbnail(self, obj):
        if not obj.cover:
            return "—"
        return format_html(
            '<img src="{}" alt="{}" width="40" height="60">',
            obj.cover_card_fallback.url,
            obj.cover_alt,
        )


class SyllabusInstructorInline(admin.TabularInline):
    model = SyllabusInstructor
    extra = 1
    autocomplete_fields = ["person"]
    fields = ["person", "order"]
    verbose_name_plural = "instructors (in order)"


@admin.register(Syllabus)
class SyllabusAdmin(CreditsAdmin):
    credits, credit_model = "teaching", SyllabusInstructor
    list_display = [
        "title",
        "people",
        "institution",
        "term",
        "level",
        "status",
        "published_at",
    ]
    list_filter = ["status", "level", "topics"]
    search_fields = ["title", "summary", "institution", "slug", "teaching__person__name"]
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["topics"]
    inlines = [SyllabusInstructorInline]
    fieldsets = [
        (
            None,
            {
                "fields": [
                    "title",
                    "slug",
                    "institution",
                    "term",
                    "level",
                    "summary",
                    "topics",
                    "pdf",
                ]
            },
        ),
        ("Publishing", {"fields": ["status", "published_at"]}),
    ]


@admin.register(HubEntry)
class HubEntryAdmin(PublishingAdmin):
    list_display = ["title", "kind", "topic", "order", "status", "published_at"]
    list_editable = ["order"]
    list_filter = ["status", "kind", "topic"]
    list_select_related = ["topic"]
    search_fields = ["title", "annotation", "url"]
    autocomplete_fields = ["topic"]
    fields = ["title", "url", "annotation", "kind", "topic", "order", "status", "published_at"]

    def view_on_site(self, obj):
        return obj.get_absolute_url()
