from django import template
from django.urls import reverse

from articles.models import Comment

register = template.Library()


@register.inclusion_tag("admin/articles/comment/pending_notice.html", takes_context=True)
def pending_comments_notice(context):
    """How many comments await moderation, for the admin's front page (one query)."""
    request = context.get("request")
    if request is None or not request.user.has_perm("articles.view_comment"):
        return {"count": None}
    return {
        "count": Comment.objects.pending().count(),
        "url": reverse("admin:articles_comment_changelist"),
    }
