from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Case, Prefetch, Value, When
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import Truncator
from simple_history.admin import SimpleHistoryAdmin
from taggit.models import Tag

from . import comments as comment_service
from .models import (
    Article,
    BlockedTerm,
    Byline,
    Category,
    Comment,
    CommentStatus,
    Status,
    TaggedArticle,
    Topic,
)

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


# --- Reader comments (issue 3) -------------------------------------------------------------


class CommentStatusFilter(admin.SimpleListFilter):
    """Status filter that is on by default: moderators land on the pending queue."""

    title = "status"
    parameter_name = "status"
    default = CommentStatus.PENDING

    def lookups(self, request, model_admin):
        return [*CommentStatus.choices, ("all", "All")]

    def choices(self, changelist):
        current = self.value() or self.default
        for value, label in self.lookup_choices:
            yield {
                "selected": current == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }

    def queryset(self, request, queryset):
        value = self.value() or self.default
        if value == "all":
            return queryset
        if value not in CommentStatus.values:
            return queryset.none()
        return queryset.filter(status=value)


MODERATION_BUTTONS = [
    (CommentStatus.APPROVED, "Approve"),
    (CommentStatus.SPAM, "Spam"),
    (CommentStatus.REMOVED, "Remove"),
]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = [
        "excerpt",
        "status",
        "article_link",
        "name",
        "email",
        "ip_address",
        "created",
        "moderate_buttons",
    ]
    list_filter = [CommentStatusFilter, ("created", admin.DateFieldListFilter)]
    list_select_related = ["article", "parent"]
    search_fields = ["name", "email", "body", "ip_address", "article__title"]
    date_hierarchy = "created"
    list_per_page = 100
    actions = ["approve", "mark_spam", "remove", "mark_pending"]
    readonly_fields = [
        "article_link",
        "parent",
        "name",
        "email",
        "website",
        "body",
        "notify_replies",
        "ip_address",
        "user_agent",
        "created",
        "moderated_by",
        "moderated_at",
    ]
    fieldsets = [
        (None, {"fields": ["status", "moderation_note", "article_link", "parent", "body"]}),
        (
            "Commenter (private)",
            {"fields": ["name", "email", "website", "notify_replies", "ip_address", "user_agent"]},
        ),
        ("Moderation", {"fields": ["created", "moderated_by", "moderated_at"]}),
    ]

    def get_ordering(self, request):
        # Pending first, then newest first.
        return [
            Case(When(status=CommentStatus.PENDING, then=Value(0)), default=Value(1)).asc(),
            "-created",
            "-id",
        ]

    def has_add_permission(self, request):
        return False  # comments come from readers; staff answer with "Reply"

    def has_delete_permission(self, request, obj=None):
        return False  # "Remove" changes the status: nothing a reader wrote is deleted

    @admin.display(description="Comment")
    def excerpt(self, obj):
        text = Truncator(" ".join(obj.body.split())).chars(120)
        if obj.parent_id:
            return format_html(
                '<span class="comment-reply-label">↳ reply to {}:</span> {}', obj.parent.name, text
            )
        return text

    @admin.display(description="Article", ordering="article__title")
    def article_link(self, obj):
        return format_html(
            '<a href="{}#c{}">{}</a>', obj.article.get_absolute_url(), obj.pk, obj.article.title
        )

    @admin.display(description="Moderate")
    def moderate_buttons(self, obj):
        # Buttons inside the changelist form post to moderate_view (formaction): one click per comment.
        buttons = [
            format_html(
                '<button type="submit" class="button" formaction="{}" formnovalidate>{}</button>',
                reverse("admin:articles_comment_moderate", args=[obj.pk, status]),
                label,
            )
            for status, label in MODERATION_BUTTONS
            if obj.status != status
        ]
        reply = format_html(
            '<a class="button" href="{}">Reply</a>',
            reverse("admin:articles_comment_reply", args=[obj.pk]),
        )
        return format_html_join(" ", "{}", [(b,) for b in [*buttons, reply]])

    def get_urls(self):
        own = [
            path(
                "<int:pk>/moderate/<str:status>/",
                self.admin_site.admin_view(self.moderate_view),
                name="articles_comment_moderate",
            ),
            path(
                "<int:pk>/reply/",
                self.admin_site.admin_view(self.reply_view),
                name="articles_comment_reply",
            ),
        ]
        return own + super().get_urls()

    def _back(self, request):
        referer = request.META.get("HTTP_REFERER", "")
        if referer and url_has_allowed_host_and_scheme(
            referer, {request.get_host()}, request.is_secure()
        ):
            return HttpResponseRedirect(referer)
        return HttpResponseRedirect(reverse("admin:articles_comment_changelist"))

    def moderate_view(self, request, pk, status):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        comment = get_object_or_404(Comment, pk=pk)
        if not self.has_change_permission(request, comment):
            raise PermissionDenied
        if status not in CommentStatus.values:
            messages.error(request, "Unknown status.")
            return self._back(request)
        changed = comment_service.moderate([comment], status, request.user)
        label = CommentStatus(status).label.lower()
        if changed:
            messages.success(request, f"Comment by {comment.name} marked {label}.")
        return self._back(request)

    def reply_view(self, request, pk):
        parent = get_object_or_404(Comment.objects.select_related("article"), pk=pk)
        if not self.has_change_permission(request, parent):
            raise PermissionDenied
        form = StaffReplyForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            with transaction.atomic():
                if parent.status != CommentStatus.APPROVED:
                    comment_service.moderate([parent], CommentStatus.APPROVED, request.user)
                user = request.user
                reply = Comment.objects.create(
                    article=parent.article,
                    parent=parent,
                    name=user.get_full_name() or settings.SITE_NAME,
                    email=user.email or settings.DEFAULT_FROM_EMAIL,
                    body=form.cleaned_data["body"],
                    status=CommentStatus.APPROVED,
                    moderated_by=user,
                    moderated_at=timezone.now(),
                    moderation_note="reply by staff",
                )
                comment_service.announce_published([reply], was_held=False)
            messages.success(request, f"Your reply to {parent.name} is published.")
            return HttpResponseRedirect(reverse("admin:articles_comment_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": f"Reply to {parent.name}",
            "parent": parent,
            "form": form,
        }
        return TemplateResponse(request, "admin/articles/comment/reply.html", context)

    def save_model(self, request, obj, form, change):
        if change and "status" in form.changed_data:
            old = Comment.objects.get(pk=obj.pk).status
            obj.moderated_by, obj.moderated_at = request.user, timezone.now()
            super().save_model(request, obj, form, change)
            if obj.status == CommentStatus.APPROVED and old != CommentStatus.APPROVED:
                comment_service.announce_published([obj], was_held=True)
            return
        super().save_model(request, obj, form, change)

    def _bulk(self, request, queryset, status):
        changed = comment_service.moderate(list(queryset), status, request.user)
        label = CommentStatus(status).label.lower()
        self.message_user(request, f"Marked {len(changed)} comment(s) {label}.", messages.SUCCESS)

    @admin.action(description="Approve the selected comments", permissions=["change"])
    def approve(self, request, queryset):
        self._bulk(request, queryset, CommentStatus.APPROVED)

    @admin.action(description="Mark the selected comments as spam", permissions=["change"])
    def mark_spam(self, request, queryset):
        self._bulk(request, queryset, CommentStatus.SPAM)

    @admin.action(description="Remove (reject) the selected comments", permissions=["change"])
    def remove(self, request, queryset):
        self._bulk(request, queryset, CommentStatus.REMOVED)

    @admin.action(description="Send the selected comments back to pending", permissions=["change"])
    def mark_pending(self, request, queryset):
        self._bulk(request, queryset, CommentStatus.PENDING)


class StaffReplyForm(forms.Form):
    body = forms.CharField(
        label="Your reply",
        widget=forms.Textarea(attrs={"rows": 8, "cols": 80}),
        max_length=settings.COMMENTS_MAX_LENGTH,
        help_text="Plain text; web addresses become links. Published at once under your name.",
    )


@admin.register(BlockedTerm)
class BlockedTermAdmin(admin.ModelAdmin):
    list_display = ["value", "kind", "note", "created"]
    list_filter = ["kind"]
    search_fields = ["value", "note"]
