"""Reader comments: anti-spam checks, threading and the emails commenters and moderators
receive. Views, forms and the admin call these; nothing here renders a page."""

import ipaddress
import re
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext

from core.metadata import site_url
from core.tasks import enqueue_email

from .models import BlockedTerm, BlockKind, Comment, CommentStatus, announce_shown

# The salts were named when comments lived in the articles app. They stay as they are, so
# that unsubscribe links already emailed and commenters' cookies keep working.
UNSUBSCRIBE_SALT = "articles.comment-unsubscribe"
COMMENTER_SALT = "articles.commenter"


# --- Anti-spam -------------------------------------------------------------------------------


class TokenError(Exception):
    pass


class TooFast(TokenError):
    pass


def token_salt(target):
    """One salt per app ("articles.comment-form", the salt from before the comments app, for
    articles), so a token names its kind of item as well as the item."""
    return f"{target._meta.app_label}.comment-form"


def make_token(target, issued=None):
    """A signed token recording which item's form this is and when it was issued.

    It has no expiry: a page served from a cache carries an old token, and that must not
    reject an honest reader's first comment. (site.js swaps in a fresh one where it can.)
    """
    issued = int(time.time() if issued is None else issued)
    data = {"a": target.pk, "m": target._meta.model_name, "t": issued}
    return signing.dumps(data, salt=token_salt(target), compress=False)


def check_token(token, target):
    """Raise TokenError for a missing, tampered or foreign token; TooFast for a hasty post."""
    try:
        data = signing.loads(token or "", salt=token_salt(target))
        issued = int(data["t"])
        target_id = data["a"]
        # Tokens issued before comments had an app of their own name no model: an article's.
        model = data.get("m", target._meta.model_name)
    except (signing.BadSignature, KeyError, TypeError, ValueError, AttributeError):
        raise TokenError("bad signature") from None
    if target_id != target.pk or model != target._meta.model_name:
        raise TokenError("token of another item")
    now = time.time()
    if issued > now + 60:
        raise TokenError("token from the future")
    if now - issued < settings.COMMENTS_MIN_SECONDS:
        raise TooFast()
    return issued


def client_ip(request):
    """The client's address as django-ratelimit sees it (RATELIMIT_IP_META_KEY: behind a proxy,
    core.ratelimit.client_ip), or None when it is not an IP address."""
    meta_key = getattr(settings, "RATELIMIT_IP_META_KEY", None)
    if meta_key and "." in meta_key:
        candidate = import_string(meta_key)(request)
    else:
        candidate = request.META.get(meta_key or "REMOTE_ADDR", "")
    try:
        return str(ipaddress.ip_address((candidate or "").strip()))
    except ValueError:
        return None


def blocklist_match(*, name, email, website, body, ip):
    """The blocklist entry a comment matches, as a note for moderators, or ""."""
    text = " ".join([name, website, body]).lower()
    email = email.strip().lower()
    for kind, value in BlockedTerm.objects.values_list("kind", "value"):
        value = value.strip().lower()
        if not value:
            continue
        if kind == BlockKind.WORD and re.search(r"(?<!\w)" + re.escape(value) + r"(?!\w)", text):
            return f"blocklist word: {value}"
        if kind == BlockKind.EMAIL and (
            email == value or (value.startswith("@") and email.endswith(value))
        ):
            return f"blocklist email: {value}"
        if kind == BlockKind.IP and ip and ip == value:
            return f"blocklist IP: {value}"
    return ""


# --- Known commenters: proof that this browser wrote the earlier comment -----------------------

COMMENTER_COOKIE = "commenter"
COMMENTER_COOKIE_AGE = 365 * 24 * 3600
COMMENTER_COOKIE_IDS = 20  # the comments a browser remembers (its latest)


def comments_from_browser(request):
    """Ids of the comments this browser posted, from its signed cookie ([] if none or forged)."""
    try:
        ids = signing.loads(
            request.COOKIES.get(COMMENTER_COOKIE, ""),
            salt=COMMENTER_SALT,
            max_age=COMMENTER_COOKIE_AGE,
        )
    except signing.BadSignature:
        return []
    if not isinstance(ids, list) or not all(type(pk) is int for pk in ids):
        return []
    return ids[-COMMENTER_COOKIE_IDS:]


def cookie_path(target):
    """The part of the site the item's page is in (/articles/, /podcasts/, /events/): the
    commenter cookie goes only there, so it never rides along with every page request."""
    return target.get_absolute_url().rstrip("/").rsplit("/", 1)[0] + "/"


def remember_comment(response, request, comment):
    """Add `comment` to the browser's signed list (sent only to the section it was posted in,
    never to scripts)."""
    ids = [pk for pk in comments_from_browser(request) if pk != comment.pk] + [comment.pk]
    response.set_cookie(
        COMMENTER_COOKIE,
        signing.dumps(ids[-COMMENTER_COOKIE_IDS:], salt=COMMENTER_SALT, compress=True),
        max_age=COMMENTER_COOKIE_AGE,
        path=cookie_path(comment.target),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )


def is_known_commenter(name, email, earlier_ids):
    """Someone whose earlier comment, posted from this browser (`earlier_ids`, from its signed
    cookie), was approved under the same name and email. Name and email alone prove nothing:
    anyone may type a past commenter's."""
    if not earlier_ids:
        return False
    return (
        Comment.objects.approved()
        .by_email(email)
        .filter(name__iexact=name.strip(), pk__in=earlier_ids)
        .exists()
    )


# --- Threads -----------------------------------------------------------------------------------


@dataclass
class Node:
    comment: Comment
    depth: int = 1
    children: list = field(default_factory=list)
    reply_to: Comment | None = None  # set when shown flatter than it really is


def build_threads(comments, max_depth=None):
    """Arrange approved comments (oldest first) into threads; return the top-level nodes.

    Replies deeper than `max_depth` are shown beside their parent, labelled with whom they
    answer. A reply whose parent is not shown (since removed) becomes top-level: no reply is
    ever dropped.
    """
    max_depth = max_depth or settings.COMMENTS_MAX_DEPTH
    placed = {}
    roots = []
    for comment in comments:
        parent = placed.get(comment.parent_id) if comment.parent_id else None
        if parent is None:
            node = Node(comment)
            node.container = roots
        elif parent.depth < max_depth:
            node = Node(comment, depth=parent.depth + 1)
            node.container = parent.children
        else:
            node = Node(comment, depth=parent.depth, reply_to=parent.comment)
            node.container = parent.container
        node.container.append(node)
        placed[comment.pk] = node
    return roots


def page_of(comment, roots):
    """The comments page (1-based) that shows `comment`."""
    for index, root in enumerate(roots):
        if _contains(root, comment.pk):
            return index // settings.COMMENTS_PER_PAGE + 1
    return 1


def _contains(node, pk):
    return node.comment.pk == pk or any(_contains(child, pk) for child in node.children)


# --- Moderation and email ---------------------------------------------------------------------


@transaction.atomic
def moderate(comments, status, user):
    """Set the status of `comments`, stamp who did it, and tell commenters about new approvals
    (the emails are queued in the same transaction). Returns the comments whose status changed.
    """
    now = timezone.now()
    changed = [c for c in comments if c.status != status]
    if not changed:
        return []
    newly_approved = [c for c in changed if status == CommentStatus.APPROVED]
    shown = [c for c in changed if CommentStatus.APPROVED in (c.status, status)]
    Comment.objects.filter(pk__in=[c.pk for c in changed]).update(
        status=status, moderated_by=user, moderated_at=now
    )
    for comment in changed:
        comment.status, comment.moderated_by, comment.moderated_at = status, user, now
        comment._loaded_status = status
    announce_shown(shown)  # update() sends no signal: the pages showing them changed
    if newly_approved:
        announce_published(newly_approved, was_held=True)
    return changed


def unsubscribe_url(comment):
    token = signing.dumps(comment.pk, salt=UNSUBSCRIBE_SALT)
    return site_url(reverse("comments:unsubscribe", kwargs={"token": token}))


def unsubscribe(token):
    """Stop reply emails to the author of the comment the token names; return how many changed."""
    pk = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    comment = Comment.objects.filter(pk=pk).only("email").first()
    if comment is None:
        raise signing.BadSignature("no such comment")
    return (
        Comment.objects.by_email(comment.email)
        .filter(notify_replies=True)
        .update(notify_replies=False)
    )


def _email_commenter(comment, template, subject, context):
    """Queue an email to a commenter, with a one-click unsubscribe link (RFC 8058 headers too)."""
    stop = unsubscribe_url(comment)
    body = render_to_string(
        template, {**context, "unsubscribe_url": stop, "SITE_NAME": settings.SITE_NAME}
    )
    enqueue_email(
        subject=subject,
        body=body,
        to=[comment.email],
        headers={
            "List-Unsubscribe": f"<{stop}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        },
    )


def announce_published(comments, was_held):
    """Queue emails (in the caller's transaction) to the author whose held comment is now
    published and to the author of the comment each one answers. Only those who asked for it."""
    comments = list(
        Comment.objects.filter(pk__in=[c.pk for c in comments])
        .select_related("parent")
        .prefetch_related("target")
    )
    # Each email is in the language its reader wrote in (Comment.language): text and links.
    for comment in comments:
        if was_held and comment.notify_replies:
            with translation.override(comment.language):
                _email_commenter(
                    comment,
                    "comments/email/approved.txt",
                    gettext("Your comment on “%(title)s” is published")
                    % {"title": comment.target.title},
                    {"comment": comment, "link": site_url(comment.get_absolute_url())},
                )
        parent = comment.parent
        if (
            parent is not None
            and parent.notify_replies
            and parent.status == CommentStatus.APPROVED
            and parent.email.lower() != comment.email.lower()
        ):
            with translation.override(parent.language):
                _email_commenter(
                    parent,
                    "comments/email/reply.txt",
                    gettext("%(name)s replied to your comment on “%(title)s”")
                    % {"name": comment.name, "title": comment.target.title},
                    {
                        "comment": comment,
                        "parent": parent,
                        "link": site_url(comment.get_absolute_url()),
                    },
                )


def moderator_emails():
    if settings.COMMENTS_MODERATOR_EMAILS:
        return list(settings.COMMENTS_MODERATOR_EMAILS)
    # Permissions come from the model backend (django-axes' backend only guards sign-in).
    moderators = (
        get_user_model()
        .objects.with_perm("comments.change_comment", backend=settings.PERMISSIONS_BACKEND)
        .filter(is_staff=True)
    )
    return sorted({email for email in moderators.values_list("email", flat=True) if email})


def notify_moderators(comment):
    recipients = moderator_emails()
    if not recipients:
        return
    # Staff read the site's default language, whatever the reader's (admin links too).
    with translation.override(settings.LANGUAGE_CODE):
        _queue_moderators_email(comment, recipients)


def _queue_moderators_email(comment, recipients):
    admin_url = site_url(reverse("admin:comments_comment_change", args=[comment.pk]))
    queue_url = site_url(reverse("admin:comments_comment_changelist"))
    body = render_to_string(
        "comments/email/moderators.txt",
        {
            "comment": comment,
            "admin_url": admin_url,
            "queue_url": queue_url,
            "SITE_NAME": settings.SITE_NAME,
        },
    )
    enqueue_email(
        subject=gettext("[%(site)s] Comment awaiting moderation: “%(title)s”")
        % {"site": settings.SITE_NAME, "title": comment.target.title},
        body=body,
        to=recipients,
    )
