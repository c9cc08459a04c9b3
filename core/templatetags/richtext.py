"""`{{ body|rich_text }}`: a sanitised rich-text body as readers see it, its embeds drawn as
players (core.embeds), in a constant number of queries."""

from django import template
from django.utils.safestring import mark_safe

from core.embeds import has_video_embeds, render_embeds

register = template.Library()


@register.filter
def rich_text(html):
    # The body was sanitised when it was saved (core.sanitize.clean_html); the players come
    # from the site's own templates.
    return mark_safe(render_embeds(html or ""))  # noqa: S308


@register.filter
def has_videos(html):
    """Whether the text has a video embed, so the page needs static/js/video.js."""
    return has_video_embeds(html)
