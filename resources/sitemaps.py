from core.sitemaps import PublishedSitemap

from .models import Book, Syllabus


class BookSitemap(PublishedSitemap):
    model = Book
    fields = (*PublishedSitemap.fields, "cover")

    def image_urls(self, book):
        return [book.cover_large_fallback.url] if book.cover else []


class SyllabusSitemap(PublishedSitemap):
    model = Syllabus
