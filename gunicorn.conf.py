"""gunicorn's settings for production: `gunicorn -c gunicorn.conf.py ponars.wsgi` (README).

Everything else (bind address, workers, timeouts) is given on the command line or in
GUNICORN_CMD_ARGS, as gunicorn documents it. This file only keeps the server from naming
itself: gunicorn has no setting for its `Server: gunicorn` header, so responses are sent
without one.
"""

import gunicorn.http.wsgi


class Response(gunicorn.http.wsgi.Response):
    def default_headers(self):
        return [line for line in super().default_headers() if not line.startswith("Server:")]


gunicorn.http.wsgi.Response = Response
