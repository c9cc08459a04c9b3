from core.sitemaps import PublishedSitemap

from .models import Book, Syllabus


class BookSitemap(PublishedSitemap):
    model = Book
    image = "cover"


class SyllabusSitemap(PublishedSitemap):
    model = Syllabus
