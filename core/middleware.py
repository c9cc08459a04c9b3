from django.conf import settings
from django.http import HttpResponseBadRequest
from django.template.loader import render_to_string


class RejectHostileQueryMiddleware:
    """Answer 400 to an overlong query string or one carrying NUL bytes, before any view runs."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        query = request.META.get("QUERY_STRING", "")
        if len(query) > settings.MAX_QUERY_STRING_LENGTH or "%00" in query or "\x00" in query:
            body = render_to_string("400.html", {"reason": "The address is too long or malformed."})
            return HttpResponseBadRequest(body)
        return self.get_response(request)
