"""Requests through the real WSGI application (ponars.wsgi.application), as gunicorn sends them.

The test client builds its request objects itself and so skips whatever runs in front of
Django's handler; these helpers do not. Use them with the `wsgi` fixture (tests/conftest.py).
"""

import contextlib
import io
import sys
from dataclasses import dataclass

from django.core.signals import request_finished, request_started
from django.db import close_old_connections


@dataclass
class WSGIResponse:
    status: int
    headers: dict
    body: bytes


def wsgi_request(app, path="/", query="", method="GET", headers=None, body=b"", environ=None):
    """Send one request; `headers` are WSGI keys (HTTP_HOST, CONTENT_TYPE, …)."""
    env = {
        "REQUEST_METHOD": method,
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": query,
        "SERVER_NAME": "localhost",
        "SERVER_PORT": "80",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "203.0.113.7",
        "HTTP_HOST": "localhost",
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
        "CONTENT_LENGTH": str(len(body)) if body else "",
    }
    env.update(headers or {})
    env.update(environ or {})
    started = {}

    def start_response(status, response_headers, exc_info=None):
        started["status"] = int(status.split(" ", 1)[0])
        started["headers"] = dict(response_headers)

    with _connections_kept_open():
        result = app(env, start_response)
        try:
            content = b"".join(result)
        finally:
            if hasattr(result, "close"):
                result.close()
    return WSGIResponse(started["status"], started["headers"], content)


@contextlib.contextmanager
def _connections_kept_open():
    """As the test client does: no closing of "old" connections at the start and end of a
    request, which would close the test's connection and its transaction (PostgreSQL)."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
