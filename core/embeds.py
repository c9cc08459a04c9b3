"""Embeds in rich text: a YouTube or Vimeo video, or an item of this site (a podcast episode).

The editor stores an embed as `<figure class="embed" data-provider="…" data-id="…">` around a
link to what it shows (core.sanitize keeps exactly that); readers' pages turn it into a player
with the `rich_text` filter (core.templatetags.richtext):

- a video becomes the privacy-friendly click-to-load player of event recordings
  (`includes/video.html`, core.video, static/js/video.js): nothing loads from the video host
  until the reader asks, and without JavaScript it is a link to the video's own page;
- an item of this site is drawn by the app that owns it, which registers a provider in its
  AppConfig.ready() (`register_embed`): the podcast registers its episodes. Its `render(ids)`
  draws every embed of one provider in a text with a constant number of queries, so a page
  stays O(1) in queries however many embeds its text has. An item readers cannot see (a
  draft, a deleted episode) shows nothing, not a link to a page that is not there.

`parse_embed(url)` is the one rule for which addresses become embeds (the editor's dialog asks
the site, core.editor.embed).
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlsplit

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import Resolver404, resolve
from django.utils import translation
from django.utils.translation import gettext

from .video import parse_video

VIDEO_PROVIDERS = {"youtube", "vimeo"}
# Any provider's id: a YouTube id, a Vimeo number with its private hash, a slug.
EMBED_ID = re.compile(r"^[A-Za-z0-9_-]{1,200}(?:/[0-9a-f]{6,20})?$")


@dataclass(frozen=True)
class Embed:
    provider: str  # data-provider: "youtube", "vimeo" or a registered site provider
    id: str  # data-id
    url: str  # the address a reader follows without the player


@dataclass(frozen=True)
class SiteProvider:
    name: str
    url_name: str  # the page's URL name; its `slug` is the embed's id
    render: Callable  # render(ids) -> {id: html}, a constant number of queries


_site_providers: dict[str, SiteProvider] = {}


def register_embed(name, url_name, render):
    _site_providers[name] = SiteProvider(name, url_name, render)


def providers():
    return VIDEO_PROVIDERS | set(_site_providers)


def _site_path(parts):
    """The path of an address on this site (relative, or on SITE_URL's host), without its
    language prefix; None for another site's."""
    if parts.netloc:
        site = urlsplit(settings.SITE_URL)
        if parts.scheme not in {"http", "https"} or parts.hostname != site.hostname:
            return None
    path = parts.path or "/"
    for code, _name in settings.LANGUAGES:
        if path.startswith(f"/{code}/"):
            return path.removeprefix(f"/{code}")
    return path


def parse_embed(url):
    """The Embed an address points at, or None for an address we do not embed."""
    url = (url or "").strip()
    if video := parse_video(url):
        provider = video.provider.lower()
        if provider == "vimeo":  # the number, with a private video's hash
            return Embed(provider, urlsplit(video.watch_url).path.strip("/"), video.watch_url)
        return Embed(provider, video.video_id, video.watch_url)
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    path = _site_path(parts)
    if path is None:
        return None
    try:
        with translation.override(settings.LANGUAGE_CODE):  # the path has no language prefix
            match = resolve(path)
    except Resolver404:
        return None
    for provider in _site_providers.values():
        slug = match.kwargs.get("slug", "")
        if match.view_name == provider.url_name and EMBED_ID.match(slug):
            return Embed(provider.name, slug, path)
    return None


def video_for(provider, embed_id):
    """The core.video.Video of a stored video embed, or None."""
    if provider == "youtube":
        return parse_video(f"https://www.youtube.com/watch?v={embed_id}")
    if provider == "vimeo":
        return parse_video(f"https://vimeo.com/{embed_id}")
    return None


EMBED_FIGURE = re.compile(r"<figure\b([^>]*)>(.*?)</figure>", re.S)
ATTRIBUTE = re.compile(r'\s([a-z-]+)="([^"]*)"')


def _embed_attributes(match):
    attributes = dict(ATTRIBUTE.findall(match.group(1)))
    if attributes.get("class") != "embed":
        return None
    return attributes.get("data-provider", ""), attributes.get("data-id", "")


def render_embeds(html):
    """`html` (sanitised rich text) with each embed figure drawn as its player."""
    if not html or 'class="embed"' not in html:
        return html
    wanted = {}
    for match in EMBED_FIGURE.finditer(html):
        if (found := _embed_attributes(match)) and found[0] in _site_providers:
            wanted.setdefault(found[0], set()).add(found[1])
    drawn = {
        name: _site_providers[name].render(sorted(ids)) for name, ids in sorted(wanted.items())
    }

    def draw(match):
        found = _embed_attributes(match)
        if found is None:
            return match.group(0)
        provider, embed_id = found
        if video := video_for(provider, embed_id):
            title = gettext("Video from %(provider)s") % {"provider": video.provider}
            return render_to_string(
                "includes/video.html",
                {"video": video, "frame_title": title, "label": gettext("Play the video")},
            ).strip()
        if provider in drawn:
            return drawn[provider].get(embed_id, "")
        return match.group(0)

    return EMBED_FIGURE.sub(draw, html)


def has_video_embeds(html):
    return bool(html) and any(
        (found := _embed_attributes(match)) and found[0] in VIDEO_PROVIDERS
        for match in EMBED_FIGURE.finditer(html)
    )
