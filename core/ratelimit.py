"""Rate limits: the client address behind reverse proxies (DJANGO_BEHIND_PROXY=1), and the check.

Each proxy appends the address it received the request from to X-Forwarded-For, so with
TRUSTED_PROXY_COUNT proxies (DJANGO_TRUSTED_PROXY_COUNT, default 1) the last that many entries
were written by them, and the left-most of those is the address the outermost proxy saw: the
client. Anything further left was sent by the client and can be forged. The README asks the
outermost proxy to overwrite the header rather than append to it, which leaves nothing to
forge; this function is right either way. A missing or unreadable entry falls back to the
connecting address (REMOTE_ADDR).
"""

import ipaddress
import logging

from django.conf import settings
from django_ratelimit.core import is_ratelimited
from redis.exceptions import RedisError

logger = logging.getLogger(__name__)


def client_ip(request):
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    hops = [hop.strip() for hop in forwarded.split(",") if hop.strip()]
    if hops:
        count = settings.TRUSTED_PROXY_COUNT
        candidate = hops[-count] if len(hops) >= count else hops[0]
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            pass
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
