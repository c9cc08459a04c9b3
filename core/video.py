"""Recording links: which web addresses are videos we can embed, and how to embed them.

Only YouTube and Vimeo are accepted. The embed addresses are the privacy-friendly ones
that the Content-Security-Policy allows in frames (youtube-nocookie.com, player.vimeo.com);
the page loads them only when the reader asks for the player (see static/js/video.js).
"""

import re
from dataclasses import dataclass
from urllib.parse import parse_qs, urlsplit

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

YOUTUBE_ID = re.compile(r"^[A-Za-z0-9_-]{11}$")
VIMEO_ID = re.compile(r"^[0-9]{1,12}$")
VIMEO_HASH = re.compile(r"^[0-9a-f]{6,20}$")
YOUTUBE_HOSTS = {
    "youtube.com",
    "www.youtube.com",
    "m.youtube.com",
    "youtube-nocookie.com",
    "www.youtube-nocookie.com",
}
VIMEO_HOSTS = {"vimeo.com", "www.vimeo.com", "player.vimeo.com"}


@dataclass(frozen=True)
class Video:
    provider: str  # "YouTube" or "Vimeo"
    video_id: str
    watch_url: str  # the video's own page, for readers without JavaScript
    embed_url: str  # the privacy-friendly player, loaded on click


def _youtube(video_id):
    if not YOUTUBE_ID.match(video_id):
        return None
    return Video(
        "YouTube",
        video_id,
        f"https://www.youtube.com/watch?v={video_id}",
        f"https://www.youtube-nocookie.com/embed/{video_id}?autoplay=1",
    )


def _vimeo(video_id, private_hash=""):
    if not VIMEO_ID.match(video_id) or (private_hash and not VIMEO_HASH.match(private_hash)):
        return None
    watch = f"https://vimeo.com/{video_id}" + (f"/{private_hash}" if private_hash else "")
    embed = f"https://player.vimeo.com/video/{video_id}?dnt=1&autoplay=1" + (
        f"&h={private_hash}" if private_hash else ""
    )
    return Video("Vimeo", video_id, watch, embed)


def parse_video(url):
    """The Video a YouTube or Vimeo address points at, or None for anything else."""
    try:
        parts = urlsplit((url or "").strip())
    except ValueError:
        return None
    if parts.scheme not in {"http", "https"}:
        return None
    host = (parts.hostname or "").lower()
    segments = [s for s in parts.path.split("/") if s]
    if host in YOUTUBE_HOSTS:
        if segments == ["watch"]:
            return _youtube((parse_qs(parts.query).get("v") or [""])[0])
        if len(segments) == 2 and segments[0] in {"embed", "live", "shorts", "v"}:
            return _youtube(segments[1])
        return None
    if host == "youtu.be":
        return _youtube(segments[0]) if len(segments) == 1 else None
    if host in VIMEO_HOSTS:
        if host == "player.vimeo.com":
            if len(segments) == 2 and segments[0] == "video":
                return _vimeo(segments[1], (parse_qs(parts.query).get("h") or [""])[0])
            return None
        if len(segments) == 1:
            return _vimeo(segments[0])
        if len(segments) == 2 and VIMEO_ID.match(segments[0]):
            return _vimeo(segments[0], segments[1])
        return None
    return None


def validate_video_url(value):
    if value and parse_video(value) is None:
        raise ValidationError(
            _(
                "This is not a video link we can embed. Paste the address of a YouTube or Vimeo video, "
                "e.g. https://www.youtube.com/watch?v=… or https://vimeo.com/123456789."
            ),
            code="not_a_video",
        )
