from django.conf import settings
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.shortcuts import render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from articles.models import Article, Category, Topic
from core.metadata import Metadata
from core.params import parse_int

from .backends import search
from .forms import SearchForm, clean_text

NEWEST_COUNT = 5


def search_view(request):
    """/search/?q=…: results across articles, people (and every registered type). The results
    are found only when the page's content is rendered (`kept_context`, {% kept %}): once
    per query and change of content."""
    categories = list(Category.objects.all())
    form = SearchForm(request.GET or None, categories=categories)
    context = {
        "form": form,
        "search_query": clean_text(request.GET.get("q", ""))[:300],
        "metadata": _metadata(form),
    }
    if form.is_bound and not form.is_valid():
        context["kept_context"] = lambda: {"newest": _newest()}
        return render(request, "search/search.html", context, status=400)
    context["kept_context"] = lambda: _results(request, form, categories)
    return render(request, "search/search.html", context)


def _results(request, form, categories):
    results = search(form.cleaned_data["q"], form.filters()) if form.is_bound else None
    if results is None or not (results.runnable or results.parsed.excluded):
        return {"newest": _newest(), "topics": _popular_topics()}
    page = Paginator(results, settings.SEARCH_RESULTS_PER_PAGE).get_page(
        parse_int(request.GET.get("page"))
    )
    hits = list(page.object_list)
    labels = {c.pk: c.label for c in categories}
    for hit in hits:
        hit.category_label = labels.get(hit.category_id, "")
    context = {
        "searched": True,
        "page": page,
        "hits": hits,
        "count": results.count(),
        "kind_counts": results.kind_counts(),
        "counts_capped": results.counts_capped,
        "capped": results.count() >= settings.SEARCH_MAX_CANDIDATES
        and hasattr(results, "_candidates"),
        "only_exclusions": results.parsed.is_empty and bool(results.parsed.excluded),
    }
    if not hits:
        context.update(newest=_newest(), topics=_popular_topics())
    if page.number == 1 and not results.browsing:
        context["suggestion"] = results.suggestion()
    return context


def _metadata(form):
    """Search pages are not for search engines' indexes; their links may be followed."""
    words = ""
    if form.is_bound:
        form.is_valid()  # cleans the form: a bad filter still leaves the words typed
        words = form.cleaned_data.get("q", "")
    return Metadata(
        title=gettext("“%(words)s” · Search") % {"words": words} if words else _("Search"),
        description=gettext("Search articles, policy memos, people and more on %(site)s.")
        % {"site": settings.SITE_NAME},
        robots="noindex, follow",
    )


def _newest():
    return list(Article.objects.published().with_bylines()[:NEWEST_COUNT])


def _popular_topics():
    """The twelve topics with the most published articles, biggest first (one query)."""
    published = Article.objects.published().values("pk")
    items = Count(
        "tagged_articles", filter=Q(tagged_articles__content_object__in=published), distinct=True
    )
    return list(
        Topic.objects.annotate(items=items).filter(items__gt=0).order_by("-items", "name")[:12]
    )
