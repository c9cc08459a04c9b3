from core.sitemaps import PublishedSitemap, SiteSitemap

from .models import Article, Category, Topic


class ArticleSitemap(PublishedSitemap):
    model = Article
    image = "image"


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
