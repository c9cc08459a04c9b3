from core.sitemaps import PublishedSitemap

from .models import Episode


class EpisodeSitemap(PublishedSitemap):
    model = Episode
    fields = (*PublishedSitemap.fields, "artwork")

    def image_urls(self, episode):
        return [episode.artwork_feed.url] if episode.artwork else []
