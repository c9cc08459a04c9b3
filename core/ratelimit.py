"""The client address for django-ratelimit behind a reverse proxy (DJANGO_BEHIND_PROXY=1).

The proxy appends the address it saw to X-Forwarded-For; anything before that was sent by
the client and can be forged, so only the last entry counts.
"""

import ipaddress
import logging

from django_ratelimit.core import is_ratelimited
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def client_ip(request):
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    candidate = forwarded.split(",")[-1].strip() if forwarded else ""
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return request.META.get("REMOTE_ADDR") or "0.0.0.0"


# Errors a cache raises when its server cannot be reached (redis-py's own, or the socket's).
CACHE_ERRORS = (RedisError, OSError)


def is_limited(request, *, group, rate, key="ip", increment=True):
    """django-ratelimit's check for one rate-limited write, failing open if the cache is down.

    The one way views apply a rate limit (comments, newsletter sign-up). A rate limit only
    slows floods; everything it protects is also moderated or confirmed by email, so while the
    cache is unreachable the request goes through (logged) rather than losing what was typed.
    """
    try:
        return is_ratelimited(request, group=group, key=key, rate=rate, increment=increment)
    except CACHE_ERRORS as exc:
        logger.warning(
            "Rate limit %s not checked, request let through: the cache is unavailable (%s)",
            group,
            exc,
        )
        return False
