from django.conf import settings
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from articles.models import Article
from articles.views import LISTED
from core import pagecache
from core.errors import error_page
from core.metadata import DEFAULT_DESCRIPTION, Metadata, organization, resolve_kept, website
from core.pagination import Deferred
from core.publishing import PreviewLinkInvalid
from core.sections import home_sections


def home(request):
    """The home page. Its lists are made only when the template renders them (`kept_context`,
    {% kept %}): once per change of content, not on every request."""

    def lists():
        published = Article.objects.published().select_related("category").with_comment_count()
        featured = published.filter(featured=True)
        latest = published.exclude(category__links_out=True)
        latest = latest.exclude(pk__in=featured[:3].values("pk"))
        if not pagecache.parts_kept():
            # The cards are made here ({% article_cards %}): the credits of both lists in one
            # query. With kept parts, the tag reads only the lists' ids, kept until what lists
            # of articles hold changes (a publication, not an edit or a comment).
            featured, latest = list(featured[:3]), list(latest[:8])
            Article.objects.add_credits(featured + latest)
        else:
            language, lists = get_language(), {"featured": featured, "latest": latest}
            featured = Deferred(lambda: lists["featured"], f"home-featured:{language}", LISTED)[:3]
            latest = Deferred(lambda: lists["latest"], f"home-latest:{language}", LISTED)[:8]
        return {"featured": featured, "latest": latest, "sections": home_sections(request)}

    # The site's own: kept until a record changes (core.metadata.resolve_kept).
    metadata = resolve_kept(
        request,
        lambda: Metadata(
            title=settings.SITE_NAME,
            description=DEFAULT_DESCRIPTION,
            url="/",
            within=[_("Program on New Approaches to Research and Security in Eurasia")],
            json_ld=[organization(request), website(request)],
        ),
        records=True,
    )
    return render(request, "home.html", {"kept_context": lists, "metadata": metadata})


def favicon(request):
    return redirect(static("img/favicon.svg"), permanent=True)


# Error handlers (ponars/urls.py): rendered without the request, see core.errors.
def bad_request(request, exception=None):
    return error_page(400)


def permission_denied(request, exception=None):
    return error_page(403)


def page_not_found(request, exception=None):
    if isinstance(exception, PreviewLinkInvalid):
        return error_page(404, str(exception))
    return error_page(404)


def server_error(request):
    return error_page(500)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a form sent without its security token (or with an expired one)."""
    return error_page(
        403,
        _(
            "This form could not be checked: it may have been open for too long, or your browser "
            "blocks cookies for this site. Go back, reload the page and send the form again."
        ),
    )


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
