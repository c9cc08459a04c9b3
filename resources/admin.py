from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from core.admin import HistoryAdmin, OrderedVocabularyAdmin, PublishingAdminMixin, thumbnail
from members.admin import CreditInline, CreditsAdminMixin

from .models import Book, BookAuthor, HubEntry, Syllabus, SyllabusInstructor, Topic


@admin.register(Topic)
class TopicAdmin(OrderedVocabularyAdmin):
    pass


class ResourceAdmin(PublishingAdminMixin, HistoryAdmin):
    date_hierarchy = "published_at"
    save_on_top = True


class CreditsAdmin(CreditsAdminMixin, ResourceAdmin):
    @admin.display(description=_("People"))
    def people(self, obj):
        return self.credit_names(obj)


class BookAuthorInline(CreditInline):
    model = BookAuthor
    verbose_name_plural = _("authors (in order)")


@admin.register(Book)
class BookAdmin(CreditsAdmin):
    list_display = ["title", "people", "year", "publisher", "status", "published_at", "thumbnail"]
    list_filter = ["status", "topics", "year"]
    search_fields = ["title", "description", "publisher", "slug", "credits__person__name"]
    autocomplete_fields = ["topics"]
    inlines = [BookAuthorInline]
    fieldsets = [
        (
            None,
            {"fields": ["title", "slug", "publisher", "year", "description", "prizes", "topics"]},
        ),
        (_("Cover"), {"fields": ["cover", "cover_alt"]}),
        (_("Link"), {"fields": ["link", "link_kind"]}),
        (_("Publishing"), {"fields": ["status", "published_at"]}),
    ]

    @admin.display(description=_("Cover"))
    def thumbnail(self, obj):
        return thumbnail(obj, "cover", 40, 60)


class SyllabusInstructorInline(CreditInline):
    model = SyllabusInstructor
    verbose_name_plural = _("instructors (in order)")


@admin.register(Syllabus)
class SyllabusAdmin(CreditsAdmin):
    list_display = ["title", "people", "institution", "term", "level", "status", "published_at"]
    list_filter = ["status", "level", "topics"]
    search_fields = ["title", "summary", "institution", "slug", "credits__person__name"]
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
        (_("Publishing"), {"fields": ["status", "published_at"]}),
    ]


@admin.register(HubEntry)
class HubEntryAdmin(ResourceAdmin):
    list_display = ["title", "kind", "topic", "order", "state", "published"]
    list_editable = ["order"]
    list_filter = ["status", "kind", "topic"]
    list_select_related = ["topic"]
    search_fields = ["title", "annotation", "url"]
    autocomplete_fields = ["topic"]
    fields = ["title", "url", "annotation", "kind", "topic", "order", "status", "published_at"]
