from django.db.models import Max
from django.db.models.functions import Greatest

from core.sitemaps import SiteSitemap

from .models import Book, Syllabus


class PublishedSitemap(SiteSitemap):
    """Published items of `model`, newest first; last modified when edited or published."""

    model = None
    fields = ("slug", "updated", "published_at")

    def items(self):
        return self.model.objects.published().only(*self.fields).order_by("-published_at", "-id")

    def lastmod(self, item):
        return max(item.updated, item.published_at)

    def get_latest_lastmod(self):
        latest = Max(Greatest("updated", "published_at"))
        return self.model.objects.published().aggregate(latest=latest)["latest"]


class BookSitemap(PublishedSitemap):
    model = Book
    fields = (*PublishedSitemap.fields, "cover")

    def image_urls(self, book):
        return [book.cover_large_fallback.url] if book.cover else []


class SyllabusSitemap(PublishedSitemap):
    model = Syllabus
