from django import template
from django.urls import reverse

from comments.models import Comment

register = template.Library()


@register.inclusion_tag("admin/comments/comment/pending_notice.html", takes_context=True)
def pending_comments_notice(context):
    """How many comments await moderation, for the admin's front page (one query)."""
    request = context.get("request")
    if request is None or not request.user.has_perm("comments.view_comment"):
        return {"count": None}
    return {
        "count": Comment.objects.pending().count(),
        "url": reverse("admin:comments_comment_changelist"),
    }
