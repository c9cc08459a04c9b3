"""The client address for django-ratelimit behind a reverse proxy (DJANGO_BEHIND_PROXY=1).

The proxy appends the address it saw to X-Forwarded-For; anything before that was sent by
the client and can be forged, so only the last entry counts.
"""

import ipaddress


def client_ip(request):
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    candidate = forwarded.split(",")[-1].strip() if forwarded else ""
    try:
        return str(ipaddress.ip_address(candidate))
    except ValueError:
        return request.META.get("REMOTE_ADDR") or "0.0.0.0"
