from django.conf import settings
from django.db.models import Exists, OuterRef, Q
from django.shortcuts import render
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from comments.views import add_comments_feed, comments_context
from core import pagecache
from core.filters import filtered_list
from core.metadata import Metadata, resolve, resolve_kept
from core.pagination import Deferred, paginate
from core.params import query_choice
from core.publishing import Language, get_visible_or_404

from .forms import LANGUAGE_AUTONYMS, ArticleFilterForm
from .models import Article, Category, TaggedArticle, Topic

RELATED_COUNT = 4
# What the lists' counts and years are made of: which articles are live, their dates,
# categories and languages (core.pagecache.listing), not their text or comments.
LISTED = (pagecache.listing(Article),)


def article_list(request):
    metadata = Metadata(
        title=_("Articles"),
        description=gettext("All articles and policy memos from %(site)s, newest first.")
        % {"site": settings.SITE_NAME},
    )
    return filtered_list(
        request,
        ArticleFilterForm,
        lambda: Article.objects.published().with_bylines(),
        "articles/article_list.html",
        settings.ARTICLES_PER_PAGE,
        {"metadata": metadata},
        of=LISTED,
    )


def category_detail(request, slug):
    category = pagecache.get_kept_or_404(Category, slug=slug)
    language = query_choice(request, "language", Language.values)
    page = paginate(
        request, listed(language, category=category), settings.ARTICLES_PER_PAGE, of=LISTED
    )
    # The <head> is made of the category (a record) and the address.
    metadata = resolve_kept(request, lambda: category, page, records=True)
    return render(
        request,
        "articles/category_detail.html",
        {"category": category, "page": page, "metadata": metadata, **language_filter(language)},
    )


def topic_detail(request, slug):
    topic = pagecache.get_kept_or_404(Topic, slug=slug)
    language = query_choice(request, "language", Language.values)
    articles = listed(language, tagged_topics__tag=topic)  # taggings are records
    page = paginate(request, articles, settings.ARTICLES_PER_PAGE, of=LISTED)
    metadata = resolve_kept(request, lambda: topic, page, records=True)
    context = {"topic": topic, "page": page, "metadata": metadata, **language_filter(language)}
    return render(request, "articles/topic_detail.html", context)


def listed(language, **narrow):
    """A function making the live articles `narrow` selects, in `language` (all when None), as
    lists show them: paginate() calls it only when the list is rendered."""
    return lambda: Article.objects.published().filter(**narrow).in_language(language).with_bylines()


def language_filter(active):
    """Context of the "language of the text" links above a list of articles."""
    return {
        "language_choices": [(code, LANGUAGE_AUTONYMS[code]) for code in Language.values],
        "language": active or "",
    }


def visible_article(request, slug):
    """The article its page shows: live, or a draft for staff who may preview it."""
    articles = Article.objects.select_related("category").with_credits().with_translation()
    return get_visible_or_404(request, articles, kept_as="page", slug=slug)


def article_detail(request, slug):
    return render_article(request, visible_article(request, slug))


def live_articles():
    """The articles readers may read and comment on, shaped for the article page."""
    return Article.objects.published().with_bylines().with_translation()


def neighbours(article):
    """The live articles published just before and just after it (a title and a link each, or
    None): which they are is kept until what lists of articles hold changes, and they are kept
    until one of them changes."""

    def find():
        published = Article.objects.published().only("id")
        return [getattr(published.next_to(article, later=on), "pk", None) for on in (False, True)]

    ids = pagecache.remember(f"neighbours:{article.pk}", find, of=LISTED)
    shown = tuple((Article, pk) for pk in ids if pk is not None)
    if not shown:
        return None, None
    found = pagecache.remember(
        f"neighbours:{article.pk}:{ids}",
        lambda: Article.objects.only("slug", "title", "published_at").in_bulk(
            [pk for _model, pk in shown]
        ),
        of=shown,
    )
    return tuple(found.get(pk) for pk in ids)


def render_article(request, article, comment_form=None, status=200):
    """The article page; `comment_form` is a bound form sent back with its errors."""

    def find_topics():
        found = list(Topic.objects.filter(tagged_articles__content_object=article).order_by("name"))
        if not article.is_live:  # a draft's topics change without a new generation
            raise pagecache.NotKept(found)
        return found

    # Topics are records (a topic's name, an article tagged or untagged: core.pagecache).
    topics = pagecache.remember(f"article-topics:{article.pk}", find_topics, records=True)

    def around():
        """What is around the article: made only when the page's content is rendered."""
        related = (
            Article.objects.published()
            # EXISTS rather than a join + DISTINCT: the database walks the newest articles and
            # stops at the fourth match, however many articles share a topic.
            .filter(
                Exists(TaggedArticle.objects.filter(content_object=OuterRef("pk"), tag__in=topics))
                | Q(category=article.category_id)
            )
            .exclude(pk=article.pk)
            .with_bylines()
            .order_by("-published_at", "-id")
        )
        previous_article, next_article = neighbours(article)
        return {
            "previous_article": previous_article,
            "next_article": next_article,
            # Read by {% article_cards %}: with kept cards, only the ids, kept until what lists
            # of articles hold changes (their topics are records).
            "related": Deferred(lambda: related, f"related:{article.pk}", LISTED)[:RELATED_COUNT],
            **comments_context(request, article, comment_form),
        }

    def head():
        return add_comments_feed(article.get_metadata(request, topics=topics), article)

    kept_of = getattr(article, "kept_of", None)
    if kept_of:  # made of the article and its topics (records): kept until one of them changes
        metadata = resolve_kept(request, head, name=f"article:{article.pk}", of=kept_of)
    else:
        metadata = resolve(request, head())
    context = {"article": article, "topics": topics, "kept_context": around, "metadata": metadata}
    return render(request, "articles/article_detail.html", context, status=status)
