"""`{% comment_threads nodes %}`: the approved comments of a page, threaded, in Python.

One comment's markup was a template included once per comment (and per reply, recursively): on
an article with 20 comments that was a third of the page's rendering time. The same markup made
here with format_html costs a tenth of it; the strings are the templates' own msgids, so the
Russian translations apply unchanged."""

import hashlib

from django import template
from django.utils import formats, timezone, translation
from django.utils.dateformat import format as format_date
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext, ngettext

from core import pagecache
from core.templatetags.times import zone

register = template.Library()


@register.simple_tag(takes_context=True)
def comment_threads(context, nodes):
    """The <li> of each node in `nodes` (comments.service.build_threads), its replies inside.
    Where comments are open each has a Reply link: this page's query with replyto=<its id>
    (and without "posted"), as `{% querystring replyto=… posted=None %}` would make it."""
    reply_query = None
    if context.get("comments_open"):
        reply_query = context["request"].GET.copy()
        reply_query.pop("posted", None)

    def render(missing):
        parts = []
        for node in nodes:
            _render(node, reply_query, parts)
        return {name: "".join(parts)}

    # Kept across changes of content (core.pagecache.kept_parts) under everything the threads
    # show: a comment approved on another article does not make these again.
    shown = []
    for node in nodes:
        _shown(node, shown)
    query = reply_query.urlencode() if reply_query is not None else None
    where = (translation.get_language(), timezone.get_current_timezone_name(), query)
    digest = hashlib.md5(repr((where, shown)).encode(), usedforsecurity=False).hexdigest()
    name = f"comments:{digest}"
    return mark_safe(pagecache.kept_parts([name], render)[name])


def _shown(node, shown):
    comment, reply_to = node.comment, node.reply_to
    shown.append(
        (
            comment.pk,
            comment.name,
            comment.website,
            comment.body_html,
            comment.created.isoformat(),
            (reply_to.pk, reply_to.name) if reply_to else None,
            len(node.children),
        )
    )
    for child in node.children:
        _shown(child, shown)


def _render(node, reply_query, parts):
    comment = node.comment
    name = escape(comment.name)
    author = (
        format_html('<a href="{}" rel="nofollow ugc noopener">{}</a>', comment.website, name)
        if comment.website
        else name
    )
    created = timezone.template_localtime(comment.created)
    parts.append(
        format_html(
            '<li class="comment" id="c{pk}">\n  <article class="comment-card" aria-label="{label}">\n'
            '    <p class="comment-meta">\n      <span class="comment-author">{author}</span>',
            pk=comment.pk,
            label=mark_safe(gettext("Comment by %(name)s") % {"name": name}),
            author=author,
        )
    )
    if node.reply_to:
        parts.append(
            '\n      <span class="comment-reply-to">'
            + gettext('in reply to <a href="#c%(id)s">%(name)s</a>')
            % {"id": node.reply_to.pk, "name": escape(node.reply_to.name)}
            + "</span>"
        )
    parts.append(
        format_html(
            '\n      <a class="comment-date" href="#c{pk}"><time datetime="{iso}">{shown} {zone}</time></a>\n'
            '    </p>\n    <div class="comment-body">{body}</div>',
            pk=comment.pk,
            iso=format_date(created, "c"),
            shown=formats.date_format(created, "DATETIME_FORMAT"),
            zone=zone(created),
            body=mark_safe(comment.body_html),
        )
    )
    if reply_query is not None:
        reply_query["replyto"] = str(comment.pk)
        parts.append(
            format_html(
                '\n    <p class="comment-actions"><a href="?{query}#respond">{reply}'
                '<span class="visually-hidden"> {to}</span></a></p>',
                query=reply_query.urlencode(),
                reply=gettext("Reply"),
                to=mark_safe(gettext("to %(name)s") % {"name": name}),
            )
        )
    parts.append("\n  </article>")
    if node.children:
        parts.append('\n  <ol class="comment-replies">')
        for child in node.children:
            _render(child, reply_query, parts)
        parts.append("</ol>")
    parts.append("\n</li>")


@register.simple_tag
def comment_count(item):
    """ " · 3 comments", a link to the item's comments, where it has any (its `comment_count`,
    annotated by the list's QuerySet); else nothing."""
    count = getattr(item, "comment_count", 0)
    if not count:
        return ""
    return format_html(
        ' · <a class="comment-count" href="{}#comments">{}</a>',
        item.get_absolute_url(),
        ngettext("%(counter)s comment", "%(counter)s comments", count) % {"counter": count},
    )


# Stands for the form's token while its HTML is kept: each request puts its own token in.
TOKEN_PLACEHOLDER = "comment-form-token"


@register.simple_tag(takes_context=True)
def comment_form(context, form):
    """comments/form.html for `form`. A new form (not a reader's post sent back, not a reply) is
    the same for every reader of the item but for its time-stamped token: its HTML is kept
    across changes of content (core.pagecache.kept_parts) with the token put in per request,
    instead of rendering seven fields through Django's widget templates after every change."""
    page = context.template.engine.get_template("comments/form.html")

    def render(form):
        with context.push(form=form):
            return page.render(context)

    if form.is_bound or context.get("reply_to") or not pagecache.parts_kept():
        return render(form)
    token = form.initial.get("token") or ""
    target = form.target
    where = (
        target._meta.label_lower,
        target.pk,
        translation.get_language(),
        context.get("comment_post_url"),
        context.get("comment_token_url"),
    )
    name = f"comment-form:{where}"

    def render_kept(missing):
        blank = type(form)(target=target, initial={**form.initial, "token": TOKEN_PLACEHOLDER})
        return {name: render(blank)}

    html = pagecache.kept_parts([name], render_kept)[name]
    return mark_safe(html.replace(TOKEN_PLACEHOLDER, escape(token)))
