from django.db.models import Max

from core.sitemaps import SiteSitemap

from .models import Person


class PersonSitemap(SiteSitemap):
    kinds = ()
    latest = Max("updated")

    def items(self):
        return Person.objects.only("slug", "photo", "updated").order_by("sort_name", "id")

    def lastmod(self, person):
        return person.updated

    def image_urls(self, person):
        return [person.photo_card_fallback.url] if person.photo else []
