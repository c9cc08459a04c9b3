"""Base class for the sitemap sections (django.contrib.sitemaps).

Each section is made per request (see ponars/sitemaps.py), so its addresses use the request's
scheme and host, like the canonical links and feeds, whatever the Sites record says. A section
may list images per page (Google's image extension) by overriding `image_urls(item)`.

Every page is listed once per language of settings.LANGUAGES (English at its old address,
Russian under /ru/), each entry naming the others and the x-default (English) with
`<xhtml:link rel="alternate" hreflang=…>`: Django's `i18n`, `alternates` and `x_default`.
`location(item)` runs with the entry's language active, so `reverse()` and
`get_absolute_url()` give that language's address.

`PublishedSitemap` is the section of a publishable kind (core.publishing): its published items,
newest first, each last modified when edited or published.
"""

from django.contrib.sitemaps import Sitemap
from django.db.models import Max
from django.db.models.functions import Greatest


class SiteSitemap(Sitemap):
    limit = 5000
    i18n = True
    alternates = True
    x_default = True

    def __init__(self, request=None):
        self.request = request

    def get_domain(self, site=None):
        return self.request.get_host() if self.request else super().get_domain(site)

    def get_protocol(self, protocol=None):
        return self.request.scheme if self.request else super().get_protocol(protocol)

    def image_urls(self, item):
        """Paths or URLs of the images shown on the item's page."""
        return []

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
    # The field of the item's picture, listed as its rendition `<image>_<image_rendition>`.
    image = None
    image_rendition = "large_fallback"

    def items(self):
        fields = (*self.fields, self.image) if self.image else self.fields
        return self.model.objects.published().only(*fields).order_by("-published_at", "-id")

    def image_urls(self, item):
        if not self.image or not getattr(item, self.image):
            return []
        return [getattr(item, f"{self.image}_{self.image_rendition}").url]

    def lastmod(self, item):
        return max(item.updated, item.published_at)

    def get_latest_lastmod(self):
        latest = Max(Greatest("updated", "published_at"))
        return self.model.objects.published().aggregate(latest=latest)["latest"]
