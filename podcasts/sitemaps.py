from core.sitemaps import PublishedSitemap

from .models import Episode


class EpisodeSitemap(PublishedSitemap):
    model = Episode
    image = "artwork"
    image_rendition = "feed"
