from django.contrib import admin
from django.utils.html import format_html
from taggit.models import Tag

from core.admin import HistoryAdmin, PublishingAdminMixin
from members.admin import CreditInline, CreditsAdminMixin

from .models import Article, Byline, Category, TaggedArticle, Topic

# Article topics use their own tag model (Topic); taggit's generic Tag is not used.
admin.site.unregister(Tag)


@admin.register(Category)
class CategoryAdmin(HistoryAdmin):
    list_display = ["name", "name_ru", "slug", "order", "is_policy_memo", "links_out"]
    list_editable = ["order"]
    search_fields = ["name", "name_ru"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "name_ru", "slug"]
    fields = ["name", "name_ru", "slug"]
    search_fields = ["name", "name_ru"]


class BylineInline(CreditInline):
    model = Byline
    verbose_name = "author"
    verbose_name_plural = "authors (the first is the primary author)"


class TopicInline(admin.TabularInline):
    model = TaggedArticle
    extra = 1
    autocomplete_fields = ["tag"]
    verbose_name_plural = "topics"


@admin.register(Article)
class ArticleAdmin(PublishingAdminMixin, CreditsAdminMixin, HistoryAdmin):
    list_display = ["title", "category", "author_names", "state", "published", "thumbnail"]
    list_filter = [
        "status",
        "category",
        "language",
        "featured",
        ("published_at", admin.DateFieldListFilter),
    ]
    list_select_related = ["category"]
    search_fields = ["title", "summary", "slug", "credits__person__name"]
    date_hierarchy = "published_at"
    autocomplete_fields = ["category", "translation"]
    inlines = [BylineInline, TopicInline]
    save_on_top = True
    fieldsets = [
        (
            None,
            {"fields": ["title", "slug", "category", "language", "translation", "summary", "body"]},
        ),
        ("Image", {"fields": ["image", "image_alt", "image_credit"]}),
        ("Policy memo and links", {"fields": ["memo_number", "pdf", "external_url"]}),
        ("Publishing", {"fields": ["status", "published_at", "featured"]}),
        ("Comments", {"fields": ["comments_open"]}),
    ]

    @admin.display(description="Authors")
    def author_names(self, obj):
        return self.credit_names(obj)

    @admin.display(description="Image")
    def thumbnail(self, obj):
        if not obj.image:
            return "—"
        return format_html(
            '<img src="{}" alt="{}" width="80" height="45">',
            obj.image_card_fallback.url,
            obj.image_alt,
        )

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
