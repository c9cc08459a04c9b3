import base64
import functools
import hashlib
import re

from django.conf import settings
from django.utils.cache import add_never_cache_headers

from .errors import error_page
from .wsgi import REQUEST_PROBLEM


class RejectHostileQueryMiddleware:
    """Answer 400, before any view runs, to an overlong query string, one carrying NUL bytes,
    or a request Django could not build (marked by core.wsgi: a charset that is not text …)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if len(query) > settings.MAX_QUERY_STRING_LENGTH or "%00" in query or "\x00" in query:
            return error_page(400, "The address is too long or malformed.")
        if problem := request.META.get(REQUEST_PROBLEM):
            return error_page(400, problem)
        return self.get_response(request)


@functools.cache
def _importmap_hash():
    """CSP hash of the rich-text editor's import map (an inline <script type="importmap">)."""
    from django_prose_editor.widgets import importmap

    match = re.search(r"<script[^>]*>(.*)</script>", str(importmap), re.S)
    digest = hashlib.sha256(match.group(1).encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


EDITOR_STYLE_HASH = "'sha256-PlumsSlvJ7vvWzjqibGAYKq92O3y/4JTxWWsWJvyUYA='"


def is_admin_path(path):
    """Whether `path` is the admin's: /admin/ (English) or /<language>/admin/ (ponars/urls.py)."""
    prefixes = ("/admin/", *(f"/{code}/admin/" for code, _name in settings.LANGUAGES))
    return path.startswith(prefixes)


class AdminEditorCSPMiddleware:
    """Allow exactly the editor's import map in the admin, by hash: no 'unsafe-inline' anywhere.

    Listed after csp.middleware.CSPMiddleware so that it sees the response first.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if is_admin_path(request.path) and "text/html" in response.get("Content-Type", ""):
            update = getattr(response, "_csp_update", None) or {}
            update["script-src"] = [*update.get("script-src", []), _importmap_hash()]
            # The editor (Tiptap) injects one fixed <style> element for ProseMirror.
            update["style-src"] = [*update.get("style-src", []), EDITOR_STYLE_HASH]
            response._csp_update = update
        return response


class PreviewHeadersMiddleware:
    """A page of an unpublished item (a staff preview or a preview link, marked by
    core.publishing.get_visible_or_404) is never stored by a browser, proxy, CDN or page
    cache, and never indexed."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if getattr(request, "preview_of", None) is not None:
            add_never_cache_headers(response)
            response.headers["Cache-Control"] += ", private"
            response.headers["X-Robots-Tag"] = "noindex"
        return response
