"""Comment views, the same for every kind of item: the comments block of the item's page,
posting, the fresh-token endpoint, the item's comments feed and one-click unsubscribe.

A content app puts the first three under its items' addresses with `comment_urls()`, handing
over its QuerySet and its page view; this module imports no content app."""

from django.conf import settings
from django.core import signing
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import path
from django.utils.http import urlencode
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import pagecache
from core.feeds import ATOM_SUFFIX, RequestFeed, SafeRssFeed, atom
from core.metadata import FeedLink, Metadata
from core.pagination import paginate
from core.params import parse_int
from core.ratelimit import is_limited

from . import service
from .forms import REQUIRED_NOTE, CommentForm
from .models import Comment, CommentStatus

POSTED_MESSAGES = {
    "held": _(
        "Thank you. Your comment awaits moderation: it will appear here once an editor approves it."
    ),
    "published": _("Thank you. Your comment is published."),
}


def comment_urls(items, render_page):
    """The comment addresses of one kind of item, for its app's `urls.py` (in the namespace
    named after its app label): `<slug>/comment/` (posting), `<slug>/comment/token/` (a fresh
    form token for site.js) and `<slug>/comments/feed/` (RSS of the approved comments).

    `items()` returns the QuerySet of the items readers may see, shaped for the page;
    `render_page(request, item, comment_form, status=…)` renders the item's page with a bound
    form sent back with its errors."""
    kind = {"items": items}
    return [
        path(
            "<slug:slug>/comment/",
            post_comment,
            {**kind, "render_page": render_page},
            name="comment",
        ),
        path("<slug:slug>/comment/token/", comment_token, kind, name="comment_token"),
        path("<slug:slug>/comments/feed/", CommentsFeed.as_view(), kind, name="comments_feed"),
        path(
            "<slug:slug>/comments/feed/" + ATOM_SUFFIX,
            atom(CommentsFeed).as_view(),
            kind,
            name="comments_feed_atom",
        ),
    ]


def _public_item(items, slug, for_page=False):
    queryset = items() if for_page else items().prefetch_related(None)
    return get_object_or_404(queryset, slug=slug)


def comments_context(request, target, form=None):
    """What an item's page needs for its comments, in one query however many there are, kept
    until the item changes (a comment approved or removed on it: core.pagecache.remember)."""
    comments = pagecache.remember(
        f"comments:{target._meta.label_lower}:{target.pk}",
        lambda: list(Comment.objects.for_page(target)),
        of=(target,),
    )
    by_id = {c.pk: c for c in comments}
    threads = service.build_threads(comments)
    page = paginate(request, threads, settings.COMMENTS_PER_PAGE, param="cpage")
    open_ = target.comments_are_open
    reply_to = None
    if open_:
        if form is None:
            reply_to = by_id.get(parse_int(request.GET.get("replyto")))
            form = CommentForm(
                target=target,
                initial={
                    "parent": reply_to.pk if reply_to else None,
                    "token": service.make_token(target),
                },
            )
        else:
            reply_to = by_id.get(parse_int(form.data.get("parent")))
    public = target.comments_public
    return {
        "comment_count": len(comments),
        "comment_page": page,
        "comments_open": open_,
        "comments_public": public,
        "comment_form": form if open_ else None,
        "comment_post_url": target.comment_url("comment") if open_ else None,
        "comment_token_url": target.comment_url("comment_token") if open_ else None,
        "comments_feed_url": target.comment_url("comments_feed") if public else None,
        "comment_required_note": REQUIRED_NOTE,
        "reply_to": reply_to,
        "posted_message": POSTED_MESSAGES.get(request.GET.get("posted", "")),
    }


def add_comments_feed(metadata, target):
    """Offer the item's comments feed among the page's <link rel="alternate"> feeds."""
    if target.comments_public:
        title = gettext("Comments on “%(title)s”") % {"title": target.title}
        metadata.feeds.append(FeedLink(title, target.comment_url("comments_feed"), atom=True))
    return metadata


@csrf_exempt
@require_POST
def post_comment(request, slug, items, render_page):
    """Take a reader's comment. No CSRF token: the form must work on a page served from a cache,
    and a cached CSRF token would fail for every reader but the first. The signed form token,
    the rate limit and moderation do the protecting (no session or account is involved)."""
    target = _public_item(items, slug, for_page=True)
    if not target.comments_are_open:
        return render(
            request,
            "comments/closed.html",
            {
                "target": target,
                "body": request.POST.get("body", "")[: settings.COMMENTS_MAX_LENGTH * 2],
                "metadata": Metadata(title=_("Comments are closed"), share=False),
            },
            status=404,
        )
    form = CommentForm(request.POST, target=target)
    if is_limited(request, group="comments", rate=settings.COMMENTS_RATE):
        form.is_valid()
        form.add_error(
            None,
            _(
                "You have posted several comments in a short time. Please wait a few minutes, then post again; "
                "your text is kept below."
            ),
        )
        return render_page(request, target, form.fresh(), status=429)
    if not form.is_valid():
        return render_page(request, target, form.fresh(), status=400)
    comment = form.save(
        ip=service.client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", ""),
        earlier_ids=service.comments_from_browser(request),
    )
    if comment.status == CommentStatus.APPROVED:
        roots = service.build_threads(Comment.objects.for_page(target))
        query = {"posted": "published"}
        page = service.page_of(comment, roots)
        if page > 1:
            query["cpage"] = page
        url = f"{target.get_absolute_url()}?{urlencode(query)}#c{comment.pk}"
    else:
        url = f"{target.get_absolute_url()}?posted=held#comments"
    response = HttpResponseRedirect(url, status=303)
    service.remember_comment(response, request, comment)
    return response


@never_cache
@require_GET
def comment_token(request, slug, items):
    """A fresh form token, fetched by site.js so that a cached page still times the reader."""
    return JsonResponse({"token": service.make_token(_public_item(items, slug))})


@never_cache  # it acts on one commenter's token: never from a cache
@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """One click (GET from the email, or POST from a mail client per RFC 8058) stops reply emails."""
    metadata = Metadata(title=_("Comment emails"), robots="noindex", share=False)
    try:
        service.unsubscribe(token)
    except signing.BadSignature:
        context, status = {"ok": False, "metadata": metadata}, 400
    else:
        context, status = {"ok": True, "metadata": metadata}, 200
    return render(request, "comments/unsubscribe.html", context, status=status)


class CommentsFeed(RequestFeed):
    """RSS (and, through core.feeds.atom, Atom) of an item's approved comments, newest first.
    Links are on the request's host, as the item's page is. Never carries an email address."""

    feed_type = SafeRssFeed

    def get_object(self, request, slug, items):
        return _public_item(items, slug)

    def title(self, target):
        return gettext("Comments on “%(title)s”") % {"title": target.title}

    def link(self, target):
        return self.absolute(target.get_absolute_url() + "#comments")

    def description(self, target):
        return gettext("Approved reader comments on “%(title)s” (%(site)s).") % {
            "title": target.title,
            "site": settings.SITE_NAME,
        }

    def items(self, target):
        comments = list(
            Comment.objects.approved().for_target(target).order_by("-created", "-id")[:50]
        )
        for comment in comments:
            comment.target = target  # all on one item: no query per comment
        return comments

    def item_title(self, comment):
        return gettext("Comment by %(name)s") % {"name": comment.name}

    def item_description(self, comment):
        return comment.body_html

    def item_link(self, comment):
        return self.absolute(comment.get_absolute_url())

    def item_guid(self, comment):
        return f"comment-{comment.pk}"

    item_guid_is_permalink = False

    def item_author_name(self, comment):
        return comment.name

    def item_pubdate(self, comment):
        return comment.created
