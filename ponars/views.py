from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse

from articles.models import Article
from core.metadata import DEFAULT_DESCRIPTION, Metadata, organization, website
from core.sections import home_sections


def home(request):
    published = Article.objects.published().with_bylines()
    featured = list(published.filter(featured=True)[:3])
    latest = list(
        published.exclude(category__links_out=True).exclude(pk__in=[a.pk for a in featured])[:8]
    )
    sections = home_sections(request)
    metadata = Metadata(
        title=settings.SITE_NAME,
        description=DEFAULT_DESCRIPTION,
        url="/",
        json_ld=[organization(request), website(request)],
        feeds=[feed for section in sections for feed in section.feeds],
    )
    context = {"featured": featured, "latest": latest, "sections": sections, "metadata": metadata}
    return render(request, "home.html", context)


def favicon(request):
    return redirect(static("img/favicon.svg"), permanent=True)


def bad_request(request, exception=None):
    return render(request, "400.html", status=400)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    return render(request, "500.html", status=500)


ROBOTS_DISALLOW = [
    "/admin/",
    "/search/",
    "/newsletter/check-your-inbox/",
    "/newsletter/confirm/",
    "/newsletter/unsubscribe/",
    "/newsletter/resubscribe/",
]


def robots_txt(request):
    lines = ["User-agent: *", *[f"Disallow: {path}" for path in ROBOTS_DISALLOW], ""]
    lines.append(f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}")
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
