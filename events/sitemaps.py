"""Sitemap sections for the events app, for the site's /sitemap.xml to include.

The project's sitemap (ponars/) maps names to these classes, e.g.
`{"events": EventSitemap, "academy": LectureSitemap, "event-series": SeriesSitemap}`.
"""

from django.contrib.sitemaps import Sitemap

from .models import Event, Lecture, Series


class EventSitemap(Sitemap):
    changefreq = "weekly"
    limit = 5000

    def items(self):
        return Event.objects.published().only("slug", "updated").order_by("-start", "-id")

    def lastmod(self, event):
        return event.updated


class SeriesSitemap(Sitemap):
    changefreq = "weekly"

    def items(self):
        return Series.objects.filter(events__in=Event.objects.published()).distinct()


class LectureSitemap(Sitemap):
    changefreq = "monthly"

    def items(self):
        return Lecture.objects.published().only("slug", "updated").order_by("-recorded_on", "-id")

    def lastmod(self, lecture):
        return lecture.updated
