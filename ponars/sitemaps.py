"""/sitemap.xml: an index of sections, one per kind of page, each made for the request's host."""

from django.conf import settings
from django.contrib.flatpages.models import FlatPage
from django.contrib.sitemaps import views as sitemap_views
from django.contrib.sitemaps.views import SitemapIndexItem, x_robots_tag
from django.template.response import TemplateResponse
from django.urls import NoReverseMatch, reverse

from articles.sitemaps import ArticleSitemap, CategorySitemap, TopicSitemap
from core.pagecache import kept_values
from core.sitemaps import SiteSitemap
from events.sitemaps import EventSitemap, LectureSitemap, SeriesSitemap
from members.sitemaps import PersonSitemap
from podcasts.sitemaps import EpisodeSitemap
from resources.sitemaps import BookSitemap, SyllabusSitemap


class PageSitemap(SiteSitemap):
    """The home page, the main lists, and the editable pages (About, Contact, …)."""

    kinds = ()  # flat pages are records

    NAMED = [
        "home",
        "articles:list",
        "podcasts:show",
        "newsletter:signup",
        "resources:hub",
        "resources:books",
        "resources:syllabi",
        "events:upcoming",
        "events:past",
        "academy:index",
    ]

    def items(self):
        pages = FlatPage.objects.filter(sites__id=settings.SITE_ID, registration_required=False)
        return [*self.NAMED, *pages.order_by("url")]

    def location(self, item):
        if isinstance(item, str):
            return reverse(item)
        try:  # a flat page in the active language (/ru/about/), like the other pages
            return reverse("flatpage", kwargs={"url": item.url.lstrip("/")})
        except NoReverseMatch:
            return item.url


SECTIONS = {
    "pages": PageSitemap,
    "articles": ArticleSitemap,
    "categories": CategorySitemap,
    "topics": TopicSitemap,
    "people": PersonSitemap,
    "episodes": EpisodeSitemap,
    "books": BookSitemap,
    "syllabi": SyllabusSitemap,
    "events": EventSitemap,
    "event-series": SeriesSitemap,
    "academy": LectureSitemap,
}


def sections(request):
    return {name: cls(request) for name, cls in SECTIONS.items()}


def summary(request):
    """(name, lastmod, pages) of each section (`SiteSitemap.summary`: one query a dated
    section), each kept until an item of its kinds changes (`SiteSitemap.kinds`,
    core.pagecache.kept_values): an article's publication counts the articles and topics again,
    not the events, people or books."""
    found = sections(request)
    keys = {f"sitemap-summary:{name}": section for name, section in found.items()}
    summaries = kept_values(
        {key: section.kinds for key, section in keys.items()},
        lambda missing: {key: keys[key].summary() for key in missing},
    )
    return [(name, *summaries[f"sitemap-summary:{name}"]) for name in found]


@x_robots_tag
def index(request):
    items = []
    for name, lastmod, pages in summary(request):
        url = request.build_absolute_uri(reverse("sitemap-section", kwargs={"section": name}))
        items.append(SitemapIndexItem(url, lastmod))
        items += [SitemapIndexItem(f"{url}?p={page}", lastmod) for page in range(2, pages + 1)]
    return TemplateResponse(
        request, "sitemap_index.xml", {"sitemaps": items}, content_type="application/xml"
    )


def section(request, section):
    """One section; an unknown section or page number is a 404 (Django's view)."""
    return sitemap_views.sitemap(
        request, sections(request), section=section, template_name="sitemaps/sitemap.xml"
    )
