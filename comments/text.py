"""A comment's text as HTML. Pure functions: the model renders with them on save, the form
counts links with them; nothing here touches the database."""

from django.utils.html import Urlizer, linebreaks

LINK_REL = "nofollow ugc noopener"


class _CommentUrlizer(Urlizer):
    """Django's urlize, with the rel a reader's link must carry."""

    url_template = '<a href="{href}" rel="' + LINK_REL + '">{url}</a>'


_urlize = _CommentUrlizer()


def render_body(text):
    """Plain text to HTML: everything escaped, paragraphs and line breaks kept, URLs linked."""
    text = (text or "").replace("\r\n", "\n").replace("\r", "\n").strip()
    return linebreaks(_urlize(text, trim_url_limit=60, autoescape=True), autoescape=False)


def count_links(text):
    """How many links the body would show (what urlize recognises as a web or email address)."""
    return render_body(text).count("<a ")
