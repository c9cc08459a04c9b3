"""Error pages that cannot fail again.

An error page is often rendered *because* the request is unusable: a Host that is not allowed
(every absolute URL would raise DisallowedHost again), a database that is down, a session that
cannot be read. So error pages are rendered without the request: no context processors, no
user, no messages, no metadata with absolute URLs, no SQL. Should rendering still fail, the
failure is logged with its traceback and a fixed page is sent with the same status.
"""

import logging

from django.conf import settings
from django.http import HttpResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from .metadata import Metadata

logger = logging.getLogger("core.errors")

FALLBACK = (
    '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>{status} · {site}</title>'
    '</head><body><main id="main"><h1>{title}</h1><p><a href="/">Go to the home page</a></p>'
    "</main></body></html>"
)
# <title> of each error page ("Page not found · <site name>"), then its heading.
PAGE_TITLES = {
    400: "Bad request",
    403: "Not allowed",
    404: _("Page not found"),
    500: "Server error",
}
TITLES = {
    400: _("We could not understand that request"),
    403: _("You may not do that"),
    404: _("Page not found"),
    500: _("Something went wrong on our side"),
}


def error_page(status, reason="", template=None):
    """The `<status>.html` page (with `reason` shown where the template has room for it)."""
    page_title = PAGE_TITLES.get(status, PAGE_TITLES[500])
    context = {
        "SITE_NAME": settings.SITE_NAME,
        "reason": reason,
        "metadata": Metadata(title=page_title, share=False),
        "kept_menu_only": True,  # the header's menu only if it is kept (core.menus)
    }
    try:
        body = render_to_string(template or f"{status}.html", context)
    except Exception:
        logger.exception("The %s error page could not be rendered; sent the plain one", status)
        title = TITLES.get(status, TITLES[500])
        body = FALLBACK.format(status=status, site=settings.SITE_NAME, title=title)
    return HttpResponse(body, status=status)
