"""The WSGI application (gunicorn ponars.wsgi, runserver): Django's handler behind the
guard of core.wsgi (a request Django could not even build, e.g. with charset=rot13,
gets the 400 page)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ponars.settings")

from core.wsgi import guard  # noqa: E402 (after the settings module is named)

application = guard(get_wsgi_application())
