from django.contrib import admin, messages
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin
from taggit.models import Tag

from .models import Article, Byline, Category, Status, TaggedArticle, Topic

# Article topics use their own tag model (Topic); taggit's generic Tag is not used.
admin.site.unregister(Tag)


@admin.register(Category)
class CategoryAdmin(SimpleHistoryAdmin):
    list_display = ["name", "name_ru", "slug", "order", "is_policy_memo", "links_out"]
    list_editable = ["order"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "name_ru"]


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    search_fields = ["name"]
    prepopulated_fields = {"slug": ["name"]}


class BylineInline(admin.TabularInline):
    model = Byline
    extra = 1
    autocomplete_fields = ["person"]
    fields = ["person", "order"]
    verbose_name = "author"
    verbose_name_plural = "authors (the first is the primary author)"


class TopicInline(admin.TabularInline):
    model = TaggedArticle
    extra = 1
    autocomplete_fields = ["tag"]
    verbose_name_plural = "topics"


@admin.register(Article)
class ArticleAdmin(SimpleHistoryAdmin):
    list_display = ["title", "category", "author_names", "state", "published_at", "thumbnail"]
    list_filter = [
        "status",
        "category",
        "language",
        "featured",
        ("published_at", admin.DateFieldListFilter),
    ]
    list_select_related = ["category"]
    search_fields = ["title", "summary", "slug", "bylines__person__name"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["title"]}
    autocomplete_fields = ["category"]
    inlines = [BylineInline, TopicInline]
    actions = ["publish", "unpublish"]
    save_on_top = True
    fieldsets = [
        (None, {"fields": ["title", "slug", "category", "language", "summary", "body"]}),
        ("Image", {"fields": ["image", "image_alt", "image_credit"]}),
        ("Policy memo and links", {"fields": ["memo_number", "pdf", "external_url"]}),
        ("Publishing", {"fields": ["status", "published_at", "featured"]}),
        ("Comments", {"fields": ["comments_open"]}),
    ]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(Prefetch("bylines", queryset=Byline.objects.select_related("person")))
        )

    @admin.display(description="Authors")
    def author_names(self, obj):
        return ", ".join(b.person.name for b in obj.bylines.all())

    @admin.display(description="Status", ordering="status")
    def state(self, obj):
        if obj.is_scheduled:
            return f"Scheduled for {timezone.localtime(obj.published_at):%b %d, %Y %H:%M}"
        return obj.get_status_display()

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

    @admin.action(description="Publish the selected articles", permissions=["change"])
    def publish(self, request, queryset):
        count = 0
        for article in queryset.exclude(status=Status.PUBLISHED):
            article.status = Status.PUBLISHED
            article._change_reason = "Published in bulk"
            article.save()
            count += 1
        self.message_user(request, f"Published {count} article(s).", messages.SUCCESS)

    @admin.action(
        description="Unpublish the selected articles (back to draft)", permissions=["change"]
    )
    def unpublish(self, request, queryset):
        count = 0
        for article in queryset.filter(status=Status.PUBLISHED):
            article.status = Status.DRAFT
            article._change_reason = "Unpublished in bulk"
            article.save()
            count += 1
        self.message_user(request, f"Moved {count} article(s) back to draft.", messages.SUCCESS)

    def view_on_site(self, obj):
        return obj.get_absolute_url()
