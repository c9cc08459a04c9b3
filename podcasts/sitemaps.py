from django.db.models import Max
from django.db.models.functions import Greatest

from core.sitemaps import SiteSitemap

from .models import Episode


class EpisodeSitemap(SiteSitemap):
    def items(self):
        return (
            Episode.objects.published()
            .only("slug", "artwork", "updated", "published_at")
            .order_by("-published_at", "-id")
        )

    def lastmod(self, episode):
        return max(episode.updated, episode.published_at)

    def get_latest_lastmod(self):
        return Episode.objects.published().aggregate(
            latest=Max(Greatest("updated", "published_at"))
        )["latest"]

    def image_urls(self, episode):
        return [episode.artwork_feed.url] if episode.artwork else []
