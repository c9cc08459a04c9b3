from django.db.models import Max
from django.db.models.functions import Greatest

from core.sitemaps import SiteSitemap

from .models import Article, Category, Topic


class ArticleSitemap(SiteSitemap):
    def items(self):
        return (
            Article.objects.published()
            .only("slug", "image", "updated", "published_at")
            .order_by("-published_at", "-id")
        )

    def lastmod(self, article):
        return max(article.updated, article.published_at)

    def get_latest_lastmod(self):
        return Article.objects.published().aggregate(
            latest=Max(Greatest("updated", "published_at"))
        )["latest"]

    def image_urls(self, article):
        return [article.image_large_fallback.url] if article.image else []


class CategorySitemap(SiteSitemap):
    def items(self):
        return Category.objects.order_by("order", "name")


class TopicSitemap(SiteSitemap):
    """Topics that have something published (the others would be empty pages)."""

    def items(self):
        live = Article.objects.published().values("pk")
        return (
            Topic.objects.filter(tagged_articles__content_object__in=live)
            .distinct()
            .order_by("name")
        )
