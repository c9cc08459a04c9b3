from django.db.models import Max

from core.sitemaps import SiteSitemap

from .models import Person


class PersonSitemap(SiteSitemap):
    def items(self):
        return Person.objects.only("slug", "photo", "updated").order_by("sort_name", "id")

    def lastmod(self, person):
        return person.updated

    def get_latest_lastmod(self):
        return Person.objects.aggregate(latest=Max("updated"))["latest"]

    def image_urls(self, person):
        return [person.photo_card_fallback.url] if person.photo else []
