"""The answer to a sign-in that django-axes refuses (AXES_LOCKOUT_CALLABLE in settings).

The admin login page again, with the form's error replaced by how long to wait, as a 429 with
Retry-After. Axes counts failures per username and per client address (see settings).
"""

import math

from axes.helpers import get_cool_off
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.cache import add_never_cache_headers
from django.utils.translation import ngettext


def lockout_message(minutes):
    return ngettext(
        "Too many failed sign-ins for this account or from this address. Try again in "
        "%(minutes)d minute, or ask an administrator to unlock the account.",
        "Too many failed sign-ins for this account or from this address. Try again in "
        "%(minutes)d minutes, or ask an administrator to unlock the account.",
        minutes,
    ) % {"minutes": minutes}


def locked_out(request, original_response=None, credentials=None):
    seconds = int(get_cool_off(request).total_seconds())
    message = lockout_message(math.ceil(seconds / 60))
    context = getattr(original_response, "context_data", None) or {}
    form = context.get("form")
    if form is None:  # not the admin login page: say it in plain text
        response = HttpResponse(message, status=429, content_type="text/plain; charset=utf-8")
    else:
        # The admin's own page and form (the username stays typed in), with this one error.
        form.errors.clear()
        form.add_error(None, message)
        response = render(request, original_response.template_name, context, status=429)
    response["Retry-After"] = str(seconds)
    add_never_cache_headers(response)
    return response
