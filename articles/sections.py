"""Blocks this app adds to pages it does not own (see core.sections)."""

from urllib.parse import urlencode

from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.metadata import FeedLink
from core.sections import Section, kept_section
from members.credits import credits_section

from .models import Article

RECOMMENDED_SLUG = "recommended"
HOME_MEMOS = 5
PERSON_ARTICLES = 20  # the latest on a person's page; the others through search's author filter


def person_articles(person):
    feed = FeedLink(
        gettext("Articles by %(name)s") % {"name": person.name},
        reverse("feeds:author", args=[person.slug]),
        atom=True,
    )
    return credits_section(
        person,
        Article.objects.published().with_bylines(),
        "articles/includes/person_articles.html",
        _("Articles"),
        "articles",
        feeds=[feed],
        feed=feed,
        limit=PERSON_ARTICLES,
        rows=True,
        all_url=f"{reverse('search:search')}?{urlencode({'type': 'article', 'author': person.slug})}",
    )


def people_articles(people, limit=6):
    """The latest articles by any of `people` (used by pages of other apps, e.g. a book's)."""
    articles = list(
        Article.objects.published()
        .filter(pk__in=Article.objects.filter(credits__person__in=people).values("pk"))
        .with_bylines()[:limit]
    )
    if not articles:
        return None
    return Section(
        "articles/includes/people_articles.html",
        {"articles": articles, "people": people},
        _("Articles"),
    )


def home_recommended(request):
    """The latest recommended articles: titles and dates only, so neither bylines nor comment
    counts (one query; kept across changes to other items, core.sections.kept_section)."""
    articles = Article.objects.published().filter(category__slug=RECOMMENDED_SLUG)[:5]
    return kept_section(
        "articles/includes/home_recommended.html",
        articles,
        "articles",
        _("Recommended"),
        empty=True,
    )


def home_memos(request):
    """The latest policy memos, with their numbers and authors (two queries; no comment
    counts, which the box does not show; kept across changes to other items)."""
    memos = Article.objects.published().filter(category__is_policy_memo=True)[:HOME_MEMOS]

    def load():
        shown = list(memos.select_related("category").with_credits())
        return {"memos": shown, "category": shown[0].category} if shown else None

    return kept_section("articles/includes/home_memos.html", memos, load, _("Policy Memos"))
