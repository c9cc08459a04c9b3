"""Read an episode's duration, size and type from the audio itself (mutagen).

`inspect_audio` reads a file object; `fetch_audio` downloads a file from a media host
(standard library only, with a timeout and a size cap) so that it can be inspected.
Both raise ValidationError with a message an editor can act on.
"""

import http.client
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from core.params import parse_int

# The MIME type each accepted container is published with. Apple Podcasts takes MP3 and
# M4A; WAV plays in browsers and most apps and is accepted for short demo files. Keyed by
# mutagen's class (module and name): mutagen is imported only when an upload is read.
AUDIO_TYPES = {
    "mutagen.mp3.MP3": "audio/mpeg",
    "mutagen.mp4.MP4": "audio/x-m4a",
    "mutagen.wave.WAVE": "audio/wav",
}
EXTENSIONS = {"audio/mpeg": "mp3", "audio/x-m4a": "m4a", "audio/wav": "wav"}
CHUNK = 64 * 1024


@dataclass(frozen=True)
class AudioInfo:
    duration: int  # whole seconds
    size: int  # bytes
    mime_type: str


def inspect_audio(fileobj, size):
    """Identify the audio in `fileobj` and read its duration. `size` is its length in bytes."""
    import mutagen  # here: only an upload or a media-host check reads audio

    fileobj.seek(0)
    try:
        audio = mutagen.File(fileobj)
    except (mutagen.MutagenError, ValueError, EOFError):
        audio = None
    finally:
        fileobj.seek(0)
    if audio is None:
        raise ValidationError(
            _("This is not an audio file that can be read. Upload an MP3 or M4A file."),
            code="not_audio",
        )
    kind = type(audio)
    mime_type = AUDIO_TYPES.get(f"{kind.__module__}.{kind.__qualname__}")
    if mime_type is None:
        raise ValidationError(
            _(
                "This is %(kind)s audio; podcast apps need MP3 or M4A. Export the episode as MP3 or M4A."
            ),
            params={"kind": kind.__name__},
            code="unsupported_audio",
        )
    length = getattr(audio.info, "length", 0) or 0
    if length < 0.5:
        raise ValidationError(
            _(
                "The duration of this audio file cannot be read (it may be empty or damaged). "
                "Export it again and upload the new file."
            ),
            code="no_duration",
        )
    return AudioInfo(duration=round(length), size=size, mime_type=mime_type)


class _HttpOnlyRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if urllib.parse.urlsplit(newurl).scheme not in {"http", "https"}:
            raise urllib.error.URLError("redirected to an address that is not http(s)")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


def _opener():
    # Only HTTP(S): no file:, ftp: or data: handlers, whatever the address or its redirects say.
    opener = urllib.request.OpenerDirector()
    for handler in (
        urllib.request.HTTPHandler,
        urllib.request.HTTPSHandler,
        urllib.request.HTTPDefaultErrorHandler,
        urllib.request.HTTPErrorProcessor,
        _HttpOnlyRedirects,
    ):
        opener.add_handler(handler())
    return opener


def fetch_audio(url):
    """Download `url` into a temporary file (max PODCAST_MAX_AUDIO_BYTES, PODCAST_FETCH_TIMEOUT s).

    Returns the open temporary file; the caller closes it.
    """
    if urllib.parse.urlsplit(url).scheme not in {"http", "https"}:
        raise ValidationError(
            _("Give an address starting with http:// or https://."), code="bad_scheme"
        )
    limit = settings.PODCAST_MAX_AUDIO_BYTES
    timeout = settings.PODCAST_FETCH_TIMEOUT
    deadline = time.monotonic() + timeout * 6
    request = urllib.request.Request(
        url, headers={"User-Agent": f"{settings.SITE_NAME.replace(' ', '-')}-podcast-checker/1.0"}
    )
    target = tempfile.TemporaryFile()
    try:
        with _opener().open(request, timeout=timeout) as response:
            declared = response.headers.get("Content-Length")
            if (parse_int(declared) or 0) > limit:
                raise _too_large(limit)
            total = 0
            while chunk := response.read(CHUNK):
                total += len(chunk)
                if total > limit:
                    raise _too_large(limit)
                if time.monotonic() > deadline:
                    raise ValidationError(
                        _(
                            "The media host sends this file too slowly to check it. Try again, or upload the file."
                        ),
                        code="too_slow",
                    )
                target.write(chunk)
    except ValidationError:
        target.close()
        raise
    except urllib.error.HTTPError as exc:
        target.close()
        exc.close()
        raise ValidationError(
            _("The media host answered “%(code)s %(reason)s” for this address. Check the link."),
            params={"code": exc.code, "reason": exc.reason},
            code="http_error",
        ) from exc
    except (
        urllib.error.URLError,
        http.client.HTTPException,
        TimeoutError,
        OSError,
        ValueError,
    ) as exc:
        target.close()
        raise ValidationError(
            _(
                "This address did not answer (%(reason)s). Check the link, or upload the file instead."
            ),
            params={"reason": getattr(exc, "reason", exc)},
            code="no_answer",
        ) from exc
    if total == 0:
        target.close()
        raise ValidationError(
            _("The media host sent an empty file for this address."), code="empty"
        )
    target.seek(0)
    return target, total


def _too_large(limit):
    return ValidationError(
        _("This file is larger than the %(limit)s limit for episodes."),
        params={"limit": filesizeformat(limit)},
        code="too_large",
    )
