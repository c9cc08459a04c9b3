from django.db.models import Exists, OuterRef

from core.pagecache import listing
from core.sitemaps import PublishedSitemap, SiteSitemap

from .models import Article, Category, Topic


class ArticleSitemap(PublishedSitemap):
    model = Article
    image = "image"


class CategorySitemap(SiteSitemap):
    kinds = ()

    def items(self):
        return Category.objects.order_by("order", "name")


class TopicSitemap(SiteSitemap):
    """Topics that have something published (the others would be empty pages)."""

    kinds = (listing(Article),)  # which articles are live (their taggings are records)

    def items(self):
        # EXISTS, not a join and DISTINCT: the database stops at a topic's first live article
        # instead of joining every tagging of every article.
        live = Article.objects.published().filter(tagged_topics__tag=OuterRef("pk"))
        return Topic.objects.filter(Exists(live)).order_by("name")
