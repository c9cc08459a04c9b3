"""Serve uploaded files so that even a bad one cannot run script on the site's origin.

Every response carries `X-Content-Type-Options: nosniff` and `Content-Security-Policy:
default-src 'none'; sandbox`; its type comes from an allow-list by extension (never text/html
or image/svg+xml: anything else is application/octet-stream), and everything that is not an
image or audio (PDFs, unknown files) is sent as an attachment. Single byte ranges (206/416,
for podcast apps and audio seeking) and conditional GET (ETag, Last-Modified) are supported.

`media_headers()` is the policy; `serve()` applies it to a file under MEDIA_ROOT (published
items' files, with a year's Cache-Control), the nginx configuration (deploy/nginx) applies the
same policy in production, and `serve_unpublished()` applies it to an unpublished item's file
in the private storage, for staff only.
"""

import re
from pathlib import Path, PurePosixPath
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.core.exceptions import SuspiciousFileOperation
from django.core.files.storage import storages
from django.http import FileResponse, Http404, HttpResponse
from django.urls import re_path
from django.utils.cache import get_conditional_response
from django.utils.http import content_disposition_header, http_date, parse_http_date_safe
from django.views.decorators.http import require_safe

# What the site stores (core.uploads) and the renditions made from it; nothing else is
# served with a type a browser would render.
MEDIA_TYPES = {
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".png": "image/png",
    ".webp": "image/webp",
    ".gif": "image/gif",
    ".mp3": "audio/mpeg",
    ".m4a": "audio/mp4",
    ".wav": "audio/wav",
    ".pdf": "application/pdf",
}
DEFAULT_TYPE = "application/octet-stream"
# Public files: their names are new for every upload (core.uploads), so a year is safe.
CACHE_CONTROL = "public, max-age=31536000, immutable"
SANDBOX = "default-src 'none'; sandbox"
# One range, as digits only (ASCII: a Unicode digit is not a number here), at most 18 of them.
RANGE = re.compile(r"bytes=([0-9]{0,18})-([0-9]{0,18})", re.ASCII)


def media_headers(name):
    """The Content-Type and the other headers a stored file named `name` is served with."""
    content_type = MEDIA_TYPES.get(PurePosixPath(name).suffix.lower(), DEFAULT_TYPE)
    headers = {
        "X-Content-Type-Options": "nosniff",
        "Content-Security-Policy": SANDBOX,
        "Accept-Ranges": "bytes",
    }
    if not content_type.startswith(("image/", "audio/")):
        headers["Content-Disposition"] = content_disposition_header(True, PurePosixPath(name).name)
    return content_type, headers


def check_name(name):
    """404 for a name the site never stores: absolute, traversing, a dot-file, a NUL."""
    parts = PurePosixPath(name).parts
    if (
        not parts
        or name.startswith("/")
        or "\\" in name
        or "\x00" in name
        or any(part.startswith(".") for part in parts)
    ):
        raise Http404("No such file.")


def media_file(name):
    """The stored file `name` (a path under MEDIA_ROOT), or 404: no traversal, no dot-files."""
    check_name(name)
    root = Path(settings.MEDIA_ROOT).resolve()
    try:
        path = (root / name).resolve()
        if not path.is_relative_to(root) or not path.is_file():
            raise Http404("No such file.")
    except OSError as exc:  # a name the file system refuses (too long, …) names no file
        raise Http404("No such file.") from exc
    return path


def byte_range(header, size):
    """(start, end) of a satisfiable single range, "unsatisfiable", or None to send it all."""
    match = RANGE.fullmatch(header.strip())
    if not match or match.group(1) == match.group(2) == "":
        return None  # not a single byte range we understand: RFC 9110 lets us ignore it
    first, last = match.groups()
    if first == "":  # the last N bytes
        length = int(last)
        if length == 0 or size == 0:
            return "unsatisfiable"
        return max(0, size - length), size - 1
    start = int(first)
    end = size - 1 if last == "" else min(int(last), size - 1)
    if last != "" and int(last) < start:
        return None  # an invalid range is ignored
    if start >= size:
        return "unsatisfiable"
    return start, end


class _Slice:
    """The bytes `start`..`end` of an open file, read as a file (for FileResponse)."""

    def __init__(self, file, start, end):
        file.seek(start)
        self.file, self.remaining = file, end - start + 1

    def read(self, size=-1):
        size = self.remaining if size < 0 else min(size, self.remaining)
        data = self.file.read(size)
        self.remaining -= len(data)
        return data

    def close(self):
        self.file.close()


@require_safe
def serve(request, name):
    """A file under MEDIA_ROOT, to anyone: only published items' files are there (core.uploads),
    under names new for each upload, so browsers and caches may keep them for a year."""
    path = media_file(name)
    stat = path.stat()
    response = _respond(request, name, stat.st_size, stat.st_mtime_ns, lambda: path.open("rb"))
    if response.status_code in (200, 206, 304):
        response["Cache-Control"] = CACHE_CONTROL
    return response


FILE_SIGNATURE_SALT = "core.media.unpublished-file"


def sign_file(name):
    """The `?sig=` of an unpublished file's address: the pages that link it are seen only by
    staff and by readers with a preview link (core.models.PreviewLink), so an outside author
    sees a draft's pictures and PDF too. It works for UNPUBLISHED_FILE_LINK_SECONDS after the
    page was rendered; a reload gives new ones."""
    signer = signing.TimestampSigner(salt=FILE_SIGNATURE_SALT)
    return signer.sign(name)[len(name) + len(signer.sep) :]  # "<name>:<time>:<sig>" less name


def valid_file_signature(name, request):
    token = request.GET.get("sig", "")
    if not token:
        return False
    signer = signing.TimestampSigner(salt=FILE_SIGNATURE_SALT)
    try:
        signer.unsign(f"{name}{signer.sep}{token}", max_age=settings.UNPUBLISHED_FILE_LINK_SECONDS)
    except signing.BadSignature:
        return False
    return True


@require_safe
def serve_unpublished(request, name):
    """A file of an item readers cannot see yet (stored under `unpublished/` in the private
    storage, on disk or S3), for staff previewing the item and for readers of a preview link:
    its page links here with a signature that expires (`sign_file`). Everyone else gets a
    404, as for a file that does not exist. Never cached."""
    from .storage import UNPUBLISHED

    user = request.user
    if not (user.is_active and user.is_staff) and not valid_file_signature(name, request):
        raise Http404("No such file.")
    check_name(name)
    storage, stored = storages["private"], UNPUBLISHED + name
    try:
        if not storage.exists(stored):
            raise Http404("No such file.")
        size, modified = storage.size(stored), storage.get_modified_time(stored)
    except (SuspiciousFileOperation, OSError) as exc:
        raise Http404("No such file.") from exc
    mtime_ns = int(modified.timestamp() * 1_000_000) * 1000
    response = _respond(request, name, size, mtime_ns, lambda: storage.open(stored, "rb"))
    response["Cache-Control"] = "private, no-store"
    return response


def _respond(request, name, size, mtime_ns, open_file):
    """The response to a GET or HEAD of a stored file (`size` bytes, modified at `mtime_ns`):
    the media headers, conditional GET, one byte range."""
    etag = f'"{mtime_ns:x}-{size:x}"'
    modified = mtime_ns // 1_000_000_000
    content_type, headers = media_headers(name)
    headers |= {"ETag": etag, "Last-Modified": http_date(modified)}

    response = get_conditional_response(request, etag=etag, last_modified=modified)
    if response is not None:  # 304 Not Modified or 412 Precondition Failed
        return _with(response, headers)

    wanted = request.headers.get("Range", "")
    if_range = request.headers.get("If-Range")
    if if_range and if_range != etag and parse_http_date_safe(if_range) != modified:
        wanted = ""  # the client's copy is stale: send the whole file
    span = byte_range(wanted, size) if wanted else None
    if span == "unsatisfiable":
        response = HttpResponse("Range not satisfiable.", status=416, content_type="text/plain")
        response["Content-Range"] = f"bytes */{size}"
        return _with(response, headers)
    start, end = (0, size - 1) if span is None else span
    status = 200 if span is None else 206
    if request.method == "HEAD":  # the headers a GET would get, and no body
        response = HttpResponse(status=status, content_type=content_type)
    else:
        file = open_file()
        body = file if span is None else _Slice(file, start, end)
        response = FileResponse(body, status=status, content_type=content_type)
    response["Content-Length"] = end - start + 1
    if span is not None:
        response["Content-Range"] = f"bytes {start}-{end}/{size}"
    return _with(response, headers)


def _with(response, headers):
    for name, value in headers.items():
        response[name] = value
    return response


def media_urlpatterns():
    """`/media/<name>` served by `serve()` when SERVE_MEDIA is on and MEDIA_URL is a local path."""
    prefix = settings.MEDIA_URL
    if not settings.SERVE_MEDIA or urlsplit(prefix).netloc or not prefix.startswith("/"):
        return []
    return [re_path(rf"^{re.escape(prefix.lstrip('/'))}(?P<name>.+)$", serve, name="media")]
