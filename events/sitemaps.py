"""Sitemap sections for events, event series and Online Academy lectures (see ponars/sitemaps.py)."""

from django.db.models import Max

from core.sitemaps import SiteSitemap

from .models import Event, Lecture, Series


class EventSitemap(SiteSitemap):
    changefreq = "weekly"
    kinds = (Event,)
    latest = Max("updated")

    def items(self):
        return Event.objects.published().only("slug", "updated", "image").order_by("-start", "-id")

    def lastmod(self, event):
        return event.updated

    def image_urls(self, event):
        return [event.image_large_fallback.url] if event.image else []


class SeriesSitemap(SiteSitemap):
    changefreq = "weekly"
    kinds = (Event,)  # series with a published event

    def items(self):
        return Series.objects.filter(events__in=Event.objects.published()).distinct()


class LectureSitemap(SiteSitemap):
    changefreq = "monthly"
    kinds = (Lecture,)
    latest = Max("updated")

    def items(self):
        return Lecture.objects.published().only("slug", "updated").order_by("-recorded_on", "-id")

    def lastmod(self, lecture):
        return lecture.updated
