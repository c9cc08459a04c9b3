"""`reverse()` for the addresses of items (get_absolute_url), remembered.

A list page builds 70–100 addresses per request (every card links its item, category and
people), each a full walk of Django's resolver. The same name and arguments always give the
same path under the same URLconf, script prefix and language, so the result is kept, keyed
by all of them (a bounded LRU: ~200 bytes an entry).
"""

import functools

from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language


@functools.lru_cache(maxsize=20_000)
def _reverse(urlconf, prefix, language, viewname, kwargs):
    return reverse(viewname, urlconf=urlconf, kwargs=dict(kwargs))


def item_url(viewname, **kwargs):
    """reverse(viewname, kwargs=kwargs), computed once per name, arguments and language."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return _reverse(urlconf, get_script_prefix(), get_language(), viewname, tuple(kwargs.items()))
