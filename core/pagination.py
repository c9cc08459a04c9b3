from django.core.paginator import EmptyPage, Paginator
from django.http import Http404

from .params import query_int


def paginate(request, items, per_page, param="page"):
    """The page `?<param>=` asks for; a page that is not a number or out of range is a 404."""
    number = query_int(request, param, low=1, default=1, what="page")
    try:
        return Paginator(items, per_page).page(number)
    except EmptyPage as exc:
        raise Http404("No such page.") from exc
