"""RSS and Atom feeds of published articles: all, per category, per topic and per author.

Each request gets its own Feed instance (so links can be made absolute from the request's
host), answers conditional GET (ETag and Last-Modified from the listed articles' ids and
dates, one query until an article changes; 304 when nothing changed), writes each article's
XML once per version of it (core.feeds.RequestFeed.item_versions) and strips characters XML
cannot carry (core.feeds.SafeRssFeed).
"""

import hashlib

from django.conf import settings
from django.db.models import Prefetch
from django.http import HttpResponse
from django.urls import reverse
from django.utils.translation import gettext
from django.views.decorators.http import condition

from core.feeds import RequestFeed, SafeRssFeed
from core.metadata import plain_text
from core.pagecache import fragment, get_kept_or_404, remember
from members.models import Person

from .models import Article, Category, TaggedArticle, Topic

FEED_LENGTH = 30


class ArticleFeed(RequestFeed):
    """Every published article, newest first."""

    feed_type = SafeRssFeed
    url_name = "feeds:articles"

    def __init__(self, request=None):
        super().__init__(request)
        self._object = None
        self._object_loaded = False

    @classmethod
    def as_view(cls):
        def view(request, **kwargs):
            feed = cls(request)

            def rendered(request, **kwargs):
                # The XML, written once per change of content (core.pagecache.fragment).
                def write():
                    response = feed(request, **kwargs)
                    return response["Content-Type"], response.content

                content_type, content = fragment(request, "feed", write)
                return HttpResponse(content, content_type=content_type)

            # ETag and Last-Modified, and 304 when they match, before any XML is written.
            conditional = condition(etag_func=feed.etag, last_modified_func=feed.last_modified)
            return conditional(rendered)(request, **kwargs)

        view.__name__ = view.__qualname__ = cls.__name__
        return view

    # The subject of the feed (the `subject` model's row with the address's slug: a category,
    # topic or person; none for all articles), looked up once per request. Its page is the
    # feed's link.
    subject = None

    def lookup(self, slug=None):
        return get_kept_or_404(self.subject, name="feed", slug=slug) if self.subject else None

    def get_object(self, request, **kwargs):
        if not self._object_loaded:
            self._object = self.lookup(**kwargs)
            self._object_loaded = True
        return self._object

    def articles(self, obj):
        return Article.objects.published()

    # What the feed lists, until an article changes (core.pagecache.remember): each item's
    # id, version and newest date, from one query of three columns. The validators and each
    # item's kept XML (core.feeds.RequestFeed.item_versions) are made of it.
    def _state(self, request, **kwargs):
        if not hasattr(self, "_cached_state"):
            obj = self.get_object(request, **kwargs)
            self._cached_state = remember(
                f"feed:{request.path}", lambda: self.listed(obj), of=(Article,)
            )
        return self._cached_state

    def listed(self, obj):
        rows = (
            self.articles(obj)
            .order_by("-published_at", "-id")
            .values_list("pk", "updated", "published_at")[:FEED_LENGTH]
        )
        return [
            (pk, updated.isoformat(), max(updated, published)) for pk, updated, published in rows
        ]

    def item_versions(self, obj):
        return self._state(self.request)

    def last_modified(self, request, **kwargs):
        """The newest change among the listed articles: an edit of one further down the
        archive changes nothing the feed shows."""
        return max((date for _pk, _version, date in self._state(request, **kwargs)), default=None)

    def etag(self, request, **kwargs):
        listed = ",".join(
            f"{pk}@{version}" for pk, version, _date in self._state(request, **kwargs)
        )
        return hashlib.sha256(f"{request.path}|{listed}".encode()).hexdigest()[:32]

    # The channel.
    def title(self, obj):
        return gettext("%(site)s: articles") % {"site": settings.SITE_NAME}

    def description(self, obj):
        return gettext("Analysis, commentary and policy memos on Russia and Eurasia.")

    def page_path(self, obj):
        return obj.get_absolute_url() if obj else reverse("articles:list")

    def link(self, obj):
        return self.absolute(self.page_path(obj))

    def feed_copyright(self):
        return f"© {settings.SITE_NAME}"

    # The items.
    def items(self, obj):
        if self.making == []:  # the channel alone (RequestFeed.get_feed): no QuerySet to build
            return []
        articles = self.articles(obj)
        if self.making is not None:  # only these
            articles = articles.filter(pk__in=self.making)
        return (
            articles.select_related("category")
            .with_credits()  # what an item shows: not with_bylines()' comment counts
            .prefetch_related(
                Prefetch("tagged_topics", queryset=TaggedArticle.objects.select_related("tag"))
            )
            .order_by("-published_at", "-id")[:FEED_LENGTH]
        )

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return plain_text(item.summary, 80, html=False) or plain_text(item.body, 80)

    def item_link(self, item):
        return self.absolute(item.get_absolute_url())

    def item_guid(self, item):
        return self.item_link(item)

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return max(item.updated, item.published_at)

    def item_categories(self, item):
        return [item.category.name, *sorted(tagged.tag.name for tagged in item.tagged_topics.all())]

    def item_extra_kwargs(self, item):
        return {
            **super().item_extra_kwargs(item),
            "authors": [p.name for p in item.credited_people],
        }

    def item_enclosures(self, item):
        return []


class CategoryFeed(ArticleFeed):
    url_name = "feeds:category"
    subject = Category

    def articles(self, obj):
        return Article.objects.published().filter(category=obj)

    def title(self, obj):
        return f"{settings.SITE_NAME}: {obj.label}"

    def description(self, obj):
        return plain_text(obj.description) or gettext("%(name)s from %(site)s.") % {
            "name": obj.name,
            "site": settings.SITE_NAME,
        }


class TopicFeed(ArticleFeed):
    url_name = "feeds:topic"
    subject = Topic

    def articles(self, obj):
        return Article.objects.published().filter(tagged_topics__tag=obj)

    def title(self, obj):
        return f"{settings.SITE_NAME}: {obj.name}"

    def description(self, obj):
        return gettext("Articles and policy memos on %(name)s.") % {"name": obj.name}


class AuthorFeed(ArticleFeed):
    url_name = "feeds:author"
    subject = Person

    def articles(self, obj):
        return Article.objects.published().credited_to(obj)

    def title(self, obj):
        return gettext("%(site)s: articles by %(name)s") % {
            "site": settings.SITE_NAME,
            "name": obj.name,
        }

    def description(self, obj):
        return gettext("Articles and policy memos by %(name)s.") % {"name": obj.name}
