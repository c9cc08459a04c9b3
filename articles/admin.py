from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from taggit.models import Tag

from core.admin import (
    HistoryAdmin,
    OrderedVocabularyAdmin,
    PublishingAdminMixin,
    VocabularyAdmin,
    thumbnail,
)
from members.admin import CreditInline, CreditsAdminMixin

from .models import Article, Byline, Category, TaggedArticle, Topic

# Article topics use their own tag model (Topic); taggit's generic Tag is not used.
admin.site.unregister(Tag)


@admin.register(Category)
class CategoryAdmin(OrderedVocabularyAdmin, HistoryAdmin):
    list_display = [*OrderedVocabularyAdmin.list_display, "is_policy_memo", "links_out"]


@admin.register(Topic)
class TopicAdmin(VocabularyAdmin):
    fields = ["name", "name_ru", "slug"]


class BylineInline(CreditInline):
    model = Byline
    verbose_name = _("author")
    verbose_name_plural = _("authors (the first is the primary author)")


class TopicInline(admin.TabularInline):
    model = TaggedArticle
    extra = 1
    autocomplete_fields = ["tag"]
    verbose_name_plural = _("topics")


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
        (_("Image"), {"fields": ["image", "image_alt", "image_credit"]}),
        (
            _("Policy memo and links"),
            {"fields": ["memo_number", "pdf", "generated_pdf", "external_url"]},
        ),
        (_("Publishing"), {"fields": ["status", "published_at", "featured"]}),
        (_("Comments"), {"fields": ["comments_open"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "generated_pdf"]

    @admin.display(description=_("PDF made from the text"))
    def generated_pdf(self, obj):
        """The memo's PDF typeset from its text (articles.pdf), or why there is none."""
        if obj is None or not obj.pk or not obj.category_id or not obj.category.is_policy_memo:
            return _("Only policy memos get a PDF made from their text.")
        if obj.pdf:
            return _("None needed: readers download the uploaded PDF.")
        if obj.pdf_problem:
            return format_html(_("No PDF was made from the text: {}"), obj.pdf_problem)
        if obj.pdf_generated:
            return format_html(
                _(
                    '<a href="{}">{}</a> (made by the task worker when the memo was last '
                    "published or changed)"
                ),
                obj.pdf_generated.url,
                obj.pdf_generated.name.rsplit("/", 1)[-1],
            )
        if obj.status not in obj.LIVE_STATUSES:
            return _("Made by the task worker once the memo is published.")
        return _("Being made by the task worker; reload this page in a minute.")

    @admin.display(description=_("Authors"))
    def author_names(self, obj):
        return self.credit_names(obj)

    @admin.display(description=_("Image"))
    def thumbnail(self, obj):
        return thumbnail(obj, "image", 80, 45)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)
