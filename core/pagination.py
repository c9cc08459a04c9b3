from django.core.paginator import EmptyPage, Paginator
from django.db.models import QuerySet
from django.http import Http404
from django.utils.functional import cached_property
from django.utils.translation import get_language

from . import pagecache
from .params import query_int


class Deferred:
    """The QuerySet `build()` makes, made only when something reads it: a page's slice of it is
    deferred too (a list shown in kept content, core.templatetags.kept, costs nothing to build
    on a request the kept part answers), and its count is the QuerySet's COUNT."""

    ordered = None  # Paginator's check for an unordered list would build it

    def __init__(self, build, name=None, of=None):
        self.build, self.name, self.of = build, name, of

    @cached_property
    def queryset(self):
        return self.build()

    def count(self):
        return self.queryset.count()

    def __getitem__(self, index):
        if isinstance(index, slice):  # a page of it (Paginator.page)
            return DeferredSlice(self, index, self.name, self.of)
        return self.queryset[index]


class DeferredSlice:
    """A page of a `Deferred` list: the items, read when something iterates them; `queryset`,
    the page's QuerySet, for what reads the page another way (a list of cards made from kept
    HTML reads only the ids, articles.templatetags.article_cards).

    `name` and `of`: the list is the same for everyone wherever `name` is the same, and which
    items it holds changes only with what lists of `of` hold (`pagecache.listing(Model)`),
    a record readers see or a scheduled time: its ids are kept until then (`kept_ids`)."""

    def __init__(self, deferred, index, name=None, of=None):
        self.deferred, self.index = deferred, index
        self.name, self.of = (f"{name}:{index.start}:{index.stop}", of) if name else (None, None)

    def kept_ids(self):
        """The ids of the page's items, in order: kept (`name`, `of`) or read."""
        ids = lambda: list(self.queryset.values_list("pk", flat=True))  # noqa: E731
        if self.name is None:
            return ids()
        return pagecache.remember(f"ids:{self.name}", ids, of=self.of)

    @cached_property
    def queryset(self):
        return self.deferred.queryset[self.index]

    @cached_property
    def items(self):
        return list(self.queryset)

    def __iter__(self):
        return iter(self.items)

    def __len__(self):
        return len(self.items)

    def __bool__(self):
        return bool(self.items)

    def __getitem__(self, index):
        return self.items[index]


class KeptCountPaginator(Paginator):
    """A paginator whose count (a COUNT(*) over the whole list) is found once per change of
    content for the list at this address (core.pagecache.remember), not on every request."""

    def __init__(self, *args, count_name, records=False, of=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.count_name, self.records, self.of = count_name, records, of

    @cached_property
    def count(self):
        count = lambda: Paginator.count.func(self)  # noqa: E731
        return pagecache.remember(self.count_name, count, self.records, of=self.of)


def paginate(request, items, per_page, param="page", kept=True, records=False, of=None):
    """The page `?<param>=` asks for; a page that is not a number or out of range is a 404.

    `items`: a QuerySet, a list, or a function that returns the QuerySet, called only when the
    page's items are read (or its count, when not kept): a view whose list is in kept content
    does not build it on every request.

    The lists paginated here are public (the same for everyone at an address): a queryset's
    count is kept per address and change of content. `kept=False` for a list that depends on
    who asks; `records=True` for a list of records readers see and nothing publishable (the
    member directory): its count is kept until such a record changes (pagecache.remember);
    `of` (`pagecache.listing(Model)`: what lists of the model hold), until that changes too: an
    edit of an article's text or a comment leaves the count of every list of articles kept."""
    number = query_int(request, param, low=1, default=1, what="page")
    public = kept and request.method in ("GET", "HEAD")
    if callable(items):
        # A public list of publishable items (`of`): the ids of its pages are kept too.
        name = f"{param}:{pagecache.page_key(request, get_language())}" if public and of else None
        items = Deferred(items, name, of)
    if public and isinstance(items, QuerySet | Deferred):
        name = f"count:{param}:{pagecache.page_key(request, get_language())}"
        paginator = KeptCountPaginator(items, per_page, count_name=name, records=records, of=of)
    else:
        paginator = Paginator(items, per_page)
    try:
        return paginator.page(number)
    except EmptyPage as exc:
        raise Http404("No such page.") from exc
