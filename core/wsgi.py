"""A guard in front of Django's WSGI handler (used by ponars/wsgi.py).

Django builds the request object before any middleware runs, and when the Content-Type names
a charset it decodes the query string in it right there. Two things raised out of the handler
at that point, and the server answered a bare 500: a charset that is no text encoding (rot13,
zlib, hex, punycode, …) and, with any charset, more query parameters than
DATA_UPLOAD_MAX_NUMBER_FIELDS. The guard finds both first, drops the Content-Type and marks
the request; RejectHostileQueryMiddleware answers it with the 400 page and the reason.
"""

import codecs

from django.core.exceptions import TooManyFieldsSent
from django.core.handlers.wsgi import get_bytes_from_wsgi
from django.http import QueryDict
from django.utils.http import parse_header_parameters

REQUEST_PROBLEM = "core.request_problem"  # environ (so request.META) key: why it was refused
NOT_TEXT = "The request names a character set that is not a text encoding. Send it as UTF-8."
TOO_MANY_FIELDS = "The address has too many parameters."
# An ASCII value and percent-encoded bytes that are not valid UTF-8, read as Django reads them.
PROBE, PROBE_VALUE = b"ascii=azAZ09-._~&other=%ff%c3%a9%e2%82%ac+%80", "azAZ09-._~"


def request_problem(environ):
    """Why Django could not build a request from `environ`, or "" when it can."""
    content_type = environ.get("CONTENT_TYPE", "")
    if not content_type:
        return ""
    try:
        charset = parse_header_parameters(content_type)[1].get("charset", "")
    except Exception:
        return NOT_TEXT
    if not charset:
        return ""
    try:
        codecs.lookup(charset)
    except LookupError:
        return ""  # an unknown name: Django ignores it and reads UTF-8
    try:
        readable = QueryDict(PROBE, encoding=charset).get("ascii") == PROBE_VALUE
    except Exception:  # LookupError for bytes-to-bytes codecs, UnicodeError for punycode, …
        readable = False
    if not readable:
        return NOT_TEXT
    query = get_bytes_from_wsgi(environ, "QUERY_STRING", "")
    try:
        if query:
            QueryDict(query, encoding=charset)  # what building the request will do
    except TooManyFieldsSent:
        return TOO_MANY_FIELDS
    except Exception:
        return NOT_TEXT
    return ""


def guard(app):
    """`app` (Django's WSGI handler) with requests it cannot build marked for a 400."""

    def guarded(environ, start_response):
        if problem := request_problem(environ):
            environ = {**environ, "CONTENT_TYPE": "", REQUEST_PROBLEM: problem}
        return app(environ, start_response)

    return guarded
