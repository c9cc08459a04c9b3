from django import forms
from django.conf import settings
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Case, Value, When
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.text import Truncator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.admin import DefaultListFilter

from . import service
from .models import BlockedTerm, Comment, CommentStatus, commentable_models


class CommentStatusFilter(DefaultListFilter):
    """Status filter that is on by default: moderators land on the pending queue."""

    title = "status"
    parameter_name = "status"
    default = CommentStatus.PENDING

    def lookups(self, request, model_admin):
        return [*CommentStatus.choices, ("all", "All")]

    def queryset(self, request, queryset):
        value = self.chosen()
        if value == "all":
            return queryset
        if value not in CommentStatus.values:
            return queryset.none()
        return queryset.filter(status=value)


MODERATION_BUTTONS = [
    (CommentStatus.APPROVED, _("Approve")),
    (CommentStatus.SPAM, _("Spam")),
    (CommentStatus.REMOVED, _("Remove")),
]


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = [
        "excerpt",
        "status",
        "target_link",
        "name",
        "email",
        "ip_address",
        "created",
        "moderate_buttons",
    ]
    list_filter = [
        CommentStatusFilter,
        ("content_type", admin.RelatedOnlyFieldListFilter),
        ("created", admin.DateFieldListFilter),
    ]
    list_select_related = ["parent"]
    search_fields = ["name", "email", "body", "ip_address"]
    date_hierarchy = "created"
    list_per_page = 100
    actions = ["approve", "mark_spam", "remove", "mark_pending"]
    readonly_fields = [
        "target_link",
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
        (None, {"fields": ["status", "moderation_note", "target_link", "parent", "body"]}),
        (
            _("Commenter (private)"),
            {"fields": ["name", "email", "website", "notify_replies", "ip_address", "user_agent"]},
        ),
        (_("Moderation"), {"fields": ["created", "moderated_by", "moderated_at"]}),
    ]

    def get_queryset(self, request):
        # One query per kind of item on the page, whatever the number of comments.
        return super().get_queryset(request).prefetch_related("target")

    def get_search_fields(self, request):
        """Also the title of the item commented on, whatever its kind."""
        titles = [f"{model._meta.model_name}__title" for model in commentable_models()]
        return [*self.search_fields, *titles]

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

    @admin.display(description=_("Comment"))
    def excerpt(self, obj):
        text = Truncator(" ".join(obj.body.split())).chars(120)
        if obj.parent_id:
            return format_html(
                '<span class="comment-reply-label">↳ reply to {}:</span> {}', obj.parent.name, text
            )
        return text

    @admin.display(description=_("On"))
    def target_link(self, obj):
        target = obj.target
        if target is None:
            return "—"
        kind = target._meta.verbose_name
        return format_html('{}: <a href="{}">{}</a>', kind, obj.get_absolute_url(), target.title)

    @admin.display(description=_("Moderate"))
    def moderate_buttons(self, obj):
        # Buttons inside the changelist form post to moderate_view (formaction): one click per comment.
        buttons = [
            format_html(
                '<button type="submit" class="button" formaction="{}" formnovalidate>{}</button>',
                reverse("admin:comments_comment_moderate", args=[obj.pk, status]),
                label,
            )
            for status, label in MODERATION_BUTTONS
            if obj.status != status
        ]
        reply = format_html(
            '<a class="button" href="{}">{}</a>',
            reverse("admin:comments_comment_reply", args=[obj.pk]),
            gettext("Reply"),
        )
        return format_html_join(" ", "{}", [(b,) for b in [*buttons, reply]])

    def get_urls(self):
        own = [
            path(
                "<int:pk>/moderate/<str:status>/",
                self.admin_site.admin_view(self.moderate_view),
                name="comments_comment_moderate",
            ),
            path(
                "<int:pk>/reply/",
                self.admin_site.admin_view(self.reply_view),
                name="comments_comment_reply",
            ),
        ]
        return own + super().get_urls()

    def _back(self, request):
        referer = request.META.get("HTTP_REFERER", "")
        if referer and url_has_allowed_host_and_scheme(
            referer, {request.get_host()}, request.is_secure()
        ):
            return HttpResponseRedirect(referer)
        return HttpResponseRedirect(reverse("admin:comments_comment_changelist"))

    def moderate_view(self, request, pk, status):
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        comment = get_object_or_404(Comment, pk=pk)
        if not self.has_change_permission(request, comment):
            raise PermissionDenied
        if status not in CommentStatus.values:
            messages.error(request, "Unknown status.")
            return self._back(request)
        changed = service.moderate([comment], status, request.user)
        label = CommentStatus(status).label.lower()
        if changed:
            messages.success(
                request,
                gettext("Comment by %(name)s marked %(label)s.")
                % {"name": comment.name, "label": label},
            )
        return self._back(request)

    def reply_view(self, request, pk):
        parent = get_object_or_404(Comment.objects.prefetch_related("target"), pk=pk)
        if not self.has_change_permission(request, parent):
            raise PermissionDenied
        form = StaffReplyForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            with transaction.atomic():
                if parent.status != CommentStatus.APPROVED:
                    service.moderate([parent], CommentStatus.APPROVED, request.user)
                user = request.user
                reply = Comment.objects.create(
                    target=parent.target,
                    parent=parent,
                    name=user.get_full_name() or settings.SITE_NAME,
                    email=user.email or settings.DEFAULT_FROM_EMAIL,
                    body=form.cleaned_data["body"],
                    status=CommentStatus.APPROVED,
                    moderated_by=user,
                    moderated_at=timezone.now(),
                    moderation_note="reply by staff",
                    language=parent.language,
                )
                service.announce_published([reply], was_held=False)
            messages.success(
                request, gettext("Your reply to %(name)s is published.") % {"name": parent.name}
            )
            return HttpResponseRedirect(reverse("admin:comments_comment_changelist"))
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": gettext("Reply to %(name)s") % {"name": parent.name},
            "parent": parent,
            "form": form,
        }
        return TemplateResponse(request, "admin/comments/comment/reply.html", context)

    def save_model(self, request, obj, form, change):
        if change and "status" in form.changed_data:
            old = Comment.objects.get(pk=obj.pk).status
            obj.moderated_by, obj.moderated_at = request.user, timezone.now()
            super().save_model(request, obj, form, change)
            if obj.status == CommentStatus.APPROVED and old != CommentStatus.APPROVED:
                service.announce_published([obj], was_held=True)
            return
        super().save_model(request, obj, form, change)

    def _bulk(self, request, queryset, status):
        changed = service.moderate(list(queryset), status, request.user)
        label = CommentStatus(status).label.lower()
        self.message_user(
            request,
            gettext("Marked %(value)s comment(s) %(label)s.")
            % {"value": len(changed), "label": label},
            messages.SUCCESS,
        )

    @admin.action(description=_("Approve the selected comments"), permissions=["change"])
    def approve(self, request, queryset):
        self._bulk(request, queryset, CommentStatus.APPROVED)

    @admin.action(description=_("Mark the selected comments as spam"), permissions=["change"])
    def mark_spam(self, request, queryset):
        self._bulk(request, queryset, CommentStatus.SPAM)

    @admin.action(description=_("Remove (reject) the selected comments"), permissions=["change"])
    def remove(self, request, queryset):
        self._bulk(request, queryset, CommentStatus.REMOVED)

    @admin.action(
        description=_("Send the selected comments back to pending"), permissions=["change"]
    )
    def mark_pending(self, request, queryset):
        self._bulk(request, queryset, CommentStatus.PENDING)


class StaffReplyForm(forms.Form):
    body = forms.CharField(
        label=_("Your reply"),
        widget=forms.Textarea(attrs={"rows": 8, "cols": 80}),
        max_length=settings.COMMENTS_MAX_LENGTH,
        help_text=_("Plain text; web addresses become links. Published at once under your name."),
    )


@admin.register(BlockedTerm)
class BlockedTermAdmin(admin.ModelAdmin):
    list_display = ["value", "kind", "note", "created"]
    list_filter = ["kind"]
    search_fields = ["value", "note"]
