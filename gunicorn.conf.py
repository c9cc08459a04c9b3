"""gunicorn's settings for production: `gunicorn -c gunicorn.conf.py ponars.wsgi` (README).

Everything else (bind address, workers, timeouts) is given on the command line or in
GUNICORN_CMD_ARGS, as gunicorn documents it. This file keeps the server from naming itself
(gunicorn has no setting for its `Server: gunicorn` header, so responses are sent without one)
and moves what a worker loaded at start out of the garbage collector's sight.
"""

import gc

import gunicorn.http.wsgi


class Response(gunicorn.http.wsgi.Response):
    def default_headers(self):
        return [line for line in super().default_headers() if not line.startswith("Server:")]


gunicorn.http.wsgi.Response = Response


def post_worker_init(worker):
    """Django, the project and its libraries, loaded: some 107,000 objects that live as long
    as the worker. Frozen, the collector's full passes no longer walk them: 1.2 to 0.7 ms of
    collection per page rendered from nothing (docs/ARCHITECTURE.md, "Performance")."""
    gc.collect()
    gc.freeze()
