"""`/healthz`: the load balancer's question "may this app server get requests?".

200 "ok" when the database answers a query and the cache takes and returns a value; 503 naming
what failed otherwise. It is answered by the first middleware, before anything else runs:
no session, no CSRF, no HTTPS redirect and no Host check, because a load balancer calls each
app server by its address (`Host: 10.0.0.5:8000`) over plain HTTP. That is safe because the
answer does not depend on the Host header, carries no address or data, and sets no cookie.
It is never cached (Cache-Control: no-store).
"""

import logging

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.http import HttpResponse
from django.utils.cache import add_never_cache_headers

from .ratelimit import CACHE_ERRORS

logger = logging.getLogger(__name__)

PATH = "/healthz"
CACHE_KEY = "healthz"


def problems():
    """What does not answer: a list of "database" and/or "cache" (empty when all is well)."""
    failed = []
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as exc:
        logger.error("Health check: the database does not answer (%s)", exc)
        failed.append("database")
    try:
        cache.set(CACHE_KEY, "ok", 10)
        if cache.get(CACHE_KEY) != "ok":
            raise OSError("a value just stored is not there")
    except CACHE_ERRORS as exc:
        logger.error("Health check: the cache does not answer (%s)", exc)
        failed.append("cache")
    return failed


def health(request):
    failed = problems()
    if failed:
        body, status = "".join(f"{name}: unavailable\n" for name in failed), 503
    else:
        body, status = "ok\n", 200
    response = HttpResponse(body, status=status, content_type="text/plain; charset=utf-8")
    if request.method == "HEAD":
        response.content = b""
    add_never_cache_headers(response)
    return response


class HealthCheckMiddleware:
    """First in MIDDLEWARE: answers GET/HEAD /healthz itself; everything else goes on."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info == PATH and request.method in ("GET", "HEAD"):
            return health(request)
        return self.get_response(request)
