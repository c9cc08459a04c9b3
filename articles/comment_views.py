"""Comment views: the comments block of the article page, posting, the fresh-token endpoint,
the per-article comments feed and one-click unsubscribe."""

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.core import signing
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.utils.feedgenerator import Rss201rev2Feed
from django.utils.http import urlencode
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core.metadata import Metadata
from core.pagination import paginate
from core.params import parse_int
from core.ratelimit import is_limited

from . import comments as service
from .forms import REQUIRED_NOTE, CommentForm
from .models import Article, Comment, CommentStatus

POSTED_MESSAGES = {
    "held": "Thank you. Your comment awaits moderation: it will appear here once an editor approves it.",
    "published": "Thank you. Your comment is published.",
}


def comments_context(request, article, form=None):
    """What the article page needs for its comments, in one query however many there are."""
    comments = list(Comment.objects.for_page(article))
    by_id = {c.pk: c for c in comments}
    threads = service.build_threads(comments)
    page = paginate(request, threads, settings.COMMENTS_PER_PAGE, param="cpage")
    open_ = article.comments_are_open
    reply_to = None
    if open_:
        if form is None:
            reply_to = by_id.get(parse_int(request.GET.get("replyto")))
            form = CommentForm(
                article=article,
                initial={
                    "parent": reply_to.pk if reply_to else None,
                    "token": service.make_token(article),
                },
            )
        else:
            reply_to = by_id.get(parse_int(form.data.get("parent")))
    return {
        "comment_count": len(comments),
        "comment_page": page,
        "comments_open": open_,
        "comment_form": form if open_ else None,
        "comment_required_note": REQUIRED_NOTE,
        "reply_to": reply_to,
        "posted_message": POSTED_MESSAGES.get(request.GET.get("posted", "")),
    }


@csrf_exempt
@require_POST
def post_comment(request, slug):
    """Take a reader's comment. No CSRF token: the form must work on a page served from a cache,
    and a cached CSRF token would fail for every reader but the first. The signed form token,
    the rate limit and moderation do the protecting (no session or account is involved)."""
    from .views import render_article

    article = get_object_or_404(Article.objects.published().with_bylines(), slug=slug)
    if not article.comments_are_open:
        return render(
            request,
            "articles/comments/closed.html",
            {
                "article": article,
                "body": request.POST.get("body", "")[: settings.COMMENTS_MAX_LENGTH * 2],
                "metadata": Metadata(title="Comments are closed", share=False),
            },
            status=404,
        )
    form = CommentForm(request.POST, article=article)
    if is_limited(request, group="comments", rate=settings.COMMENTS_RATE):
        form.is_valid()
        form.add_error(
            None,
            "You have posted several comments in a short time. Please wait a few minutes, then post again; "
            "your text is kept below.",
        )
        return render_article(request, article, form.fresh(), status=429)
    if not form.is_valid():
        return render_article(request, article, form.fresh(), status=400)
    comment = form.save(
        ip=service.client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", ""),
        earlier_ids=service.comments_from_browser(request),
    )
    if comment.status == CommentStatus.APPROVED:
        roots = service.build_threads(Comment.objects.for_page(article))
        query = {"posted": "published"}
        page = service.page_of(comment, roots)
        if page > 1:
            query["cpage"] = page
        url = f"{article.get_absolute_url()}?{urlencode(query)}#c{comment.pk}"
    else:
        url = f"{article.get_absolute_url()}?posted=held#comments"
    response = HttpResponseRedirect(url, status=303)
    service.remember_comment(response, request, comment)
    return response


@never_cache
@require_GET
def comment_token(request, slug):
    """A fresh form token, fetched by site.js so that a cached page still times the reader."""
    article = get_object_or_404(Article.objects.published(), slug=slug)
    return JsonResponse({"token": service.make_token(article)})


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """One click (GET from the email, or POST from a mail client per RFC 8058) stops reply emails."""
    metadata = Metadata(title="Comment emails", robots="noindex", share=False)
    try:
        service.unsubscribe(token)
    except signing.BadSignature:
        context, status = {"ok": False, "metadata": metadata}, 400
    else:
        context, status = {"ok": True, "metadata": metadata}, 200
    return render(request, "articles/comments/unsubscribe.html", context, status=status)


class ArticleCommentsFeed(Feed):
    """RSS of an article's approved comments, newest first. Never carries an email address."""

    feed_type = Rss201rev2Feed

    def get_object(self, request, slug):
        return get_object_or_404(Article.objects.published(), slug=slug)

    def title(self, article):
        return f"Comments on “{article.title}”"

    def link(self, article):
        return article.get_absolute_url() + "#comments"

    def description(self, article):
        return f"Approved reader comments on “{article.title}” ({settings.SITE_NAME})."

    def items(self, article):
        return (
            Comment.objects.approved()
            .filter(article=article)
            .select_related("article")
            .order_by("-created", "-id")[:50]
        )

    def item_title(self, comment):
        return f"Comment by {comment.name}"

    def item_description(self, comment):
        return comment.body_html

    def item_link(self, comment):
        return f"{comment.article.get_absolute_url()}#c{comment.pk}"

    def item_guid(self, comment):
        return f"comment-{comment.pk}"

    item_guid_is_permalink = False

    def item_author_name(self, comment):
        return comment.name

    def item_pubdate(self, comment):
        return comment.created
