"""Base class for the sitemap sections (django.contrib.sitemaps).

Each section is made per request (see ponars/sitemaps.py), so its addresses use the request's
scheme and host, like the canonical links and feeds, whatever the Sites record says. A section
may list images per page (Google's image extension) by overriding `image_urls(item)`.

Every page is listed once per language of settings.LANGUAGES (English at its old address,
Russian under /ru/), each entry naming the others and the x-default (English) with
`<xhtml:link rel="alternate" hreflang=…>`: Django's `i18n`, `alternates` and `x_default`.
`location(item)` runs with the entry's language active, so `reverse()` and
`get_absolute_url()` give that language's address.

The (item, language) entries are a `LanguagePairs` sequence, not Django's list of every pair:
the index counts a section's pages with one COUNT and a section's page loads only its own items
(10,000 articles made 56,000 model instances for each /sitemap.xml before).

`PublishedSitemap` is the section of a publishable kind (core.publishing): its published items,
newest first, each last modified when edited or published.
"""

from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.db.models import Count, Max, QuerySet
from django.db.models.functions import Greatest

from . import pagecache


class LanguagePairs:
    """Every (item, language) of `items` (a QuerySet or a list) in `languages`, item by item as
    django.contrib.sitemaps' `i18n` orders them, for its Paginator: the length is a COUNT, and
    a slice (a sitemap's page) fetches only the items it covers."""

    def __init__(self, items, languages):
        self.items, self.languages = items, list(languages)
        self._length = None

    def __len__(self):
        if self._length is None:
            items = self.items
            found = items.count() if isinstance(items, QuerySet) else len(items)
            self._length = found * len(self.languages)
        return self._length

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index : index + 1][0]  # an IndexError past the end
        start, stop, step = index.indices(len(self))
        size = len(self.languages)
        if not size or start >= stop:
            return []
        first, last = start // size, (stop - 1) // size + 1
        pairs = [(item, code) for item in self.items[first:last] for code in self.languages]
        return pairs[start - first * size : stop - first * size : step]

    def __iter__(self):
        return ((item, code) for item in self.items for code in self.languages)


class SiteSitemap(Sitemap):
    limit = 5000
    i18n = True
    alternates = True
    x_default = True
    # The aggregate over items() that is the section's last modification (Max("updated")), or
    # None for a section without dates.
    latest = None
    # The publishable models whose items the section lists or is made of (its summary is kept
    # until one of them changes, ponars.sitemaps.summary; core.pagecache.listing(Model) when
    # only which items are live matters); () for records alone (people, categories, pages).
    # Each section names them.
    kinds = None

    def __init__(self, request=None):
        self.request = request

    def get_domain(self, site=None):
        return self.request.get_host() if self.request else super().get_domain(site)

    def get_protocol(self, protocol=None):
        return self.request.scheme if self.request else super().get_protocol(protocol)

    def image_urls(self, item):
        """Paths or URLs of the images shown on the item's page."""
        return []

    def _items(self):
        return LanguagePairs(self.items(), self._languages())

    def get_latest_lastmod(self):
        if self.latest is None:
            return super().get_latest_lastmod()
        return self.items().order_by().aggregate(latest=self.latest)["latest"]

    def summary(self):
        """(last modification, number of pages) for the sitemap index: one query (the date and
        the count in one aggregate) where the section has a `latest`, else Django's two."""
        items = self.items()
        if self.latest is None or not isinstance(items, QuerySet):
            return self.get_latest_lastmod(), self.paginator.num_pages
        found = items.order_by().aggregate(latest=self.latest, count=Count("pk"))
        # Django's page count (Sitemap.paginator's rule) for that many URLs, without loading them.
        pairs = range(found["count"] * len(self._languages()))
        return found["latest"], Paginator(pairs, self.limit).num_pages

    def get_urls(self, page=1, site=None, protocol=None):
        urls = super().get_urls(page=page, site=site, protocol=protocol)
        base = f"{self.get_protocol(protocol)}://{self.get_domain(site)}"
        for url in urls:
            item, _language = url["item"]  # i18n: (item, language code)
            url["images"] = [
                image if image.startswith(("http://", "https://")) else base + image
                for image in self.image_urls(item)
            ]
        return urls


class PublishedSitemap(SiteSitemap):
    """Published items of `model`, newest first; last modified when edited or published."""

    model = None
    fields = ("slug", "updated", "published_at")

    @property
    def kinds(self):
        return (self.model,)

    latest = Max(Greatest("updated", "published_at"))
    # The field of the item's picture, listed as its rendition `<image>_<image_rendition>`.
    image = None
    image_rendition = "large_fallback"

    def items(self):
        fields = (*self.fields, self.image) if self.image else self.fields
        return self.model.objects.published().only(*fields).order_by("-published_at", "-id")

    def summary(self):
        """The newest of the items' edits and publications, from the maxima of the two dates
        (each an index lookup at the head of the model's index where the table is large, where
        the maximum of their greater scans every item); the count, kept until what lists of the
        model hold changes (core.pagecache.listing): an edit leaves it as it was. With nothing
        kept (no shared cache), both in the one aggregate of SiteSitemap.summary."""
        if not pagecache.parts_kept():
            return super().summary()
        items = self.items().order_by()
        found = items.aggregate(updated=Max("updated"), published=Max("published_at"))
        latest = max((date for date in found.values() if date), default=None)
        count = pagecache.remember(
            f"sitemap-count:{self.model._meta.label_lower}",
            items.count,
            of=(pagecache.listing(self.model),),
        )
        pairs = range(count * len(self._languages()))
        return latest, Paginator(pairs, self.limit).num_pages

    def image_urls(self, item):
        if not self.image or not getattr(item, self.image):
            return []
        return [getattr(item, f"{self.image}_{self.image_rendition}").url]

    def lastmod(self, item):
        return max(item.updated, item.published_at)
