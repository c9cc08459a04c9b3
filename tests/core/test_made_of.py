"""Pages kept by what they are made of (core.pagecache: Reading, `_still_current`): a change
makes again only the pages that show what changed. A page whose every query ran inside a kept
part or value is served under later generations too, until a token of what it read changes
(an item it shows, what lists of a kind hold, a record) or a scheduled time comes; a page
that ran any other query, or used a value kept for one generation, is served only under its
own."""

import datetime

import pytest
import time_machine
from django.test import Client
from django.utils import timezone

from comments.models import CommentStatus
from core import pagecache
from core.menus import forget
from tests.articles.factories import ArticleFactory, CategoryFactory
from tests.comments.factories import CommentFactory

pytestmark = pytest.mark.django_db


def get(path):
    """The page and whether it was made for this request (templates rendered) or served."""
    response = Client().get(path)
    assert response.status_code == 200
    return response.content.decode(), bool(response.templates)


@pytest.fixture
def two_categories(page_cache, committed):
    shown, other = CategoryFactory(name="Analysis"), CategoryFactory(name="Elsewhere")
    here = ArticleFactory(title="Shown here", category=shown)
    there = ArticleFactory(title="Shown there", category=other)
    committed(lambda: None)
    html, made = get(shown.get_absolute_url())
    assert made and "Shown here" in html and "Shown there" not in html
    return shown, here, there


def retitle(article, title):
    def change():
        article.title = title
        article.save()

    return change


def test_an_edit_of_an_article_a_page_does_not_show_leaves_the_page_kept(two_categories, committed):
    shown, _here, there = two_categories
    generation = pagecache.cache().get(pagecache.STATE_KEY)["generation"]
    committed(retitle(there, "Shown there, revised"))
    assert pagecache.cache().get(pagecache.STATE_KEY)["generation"] != generation
    html, made = get(shown.get_absolute_url())
    assert not made and "Shown here" in html
    # The article's own list shows the edit.
    html, made = get(there.category.get_absolute_url())
    assert made and "Shown there, revised" in html


def test_an_edit_of_an_article_a_page_shows_makes_it_again(two_categories, committed):
    shown, here, _there = two_categories
    committed(retitle(here, "Shown here, revised"))
    html, made = get(shown.get_absolute_url())
    assert made and "Shown here, revised" in html
    assert not get(shown.get_absolute_url())[1]  # then kept again


def test_an_approved_comment_makes_again_the_pages_that_show_its_count(two_categories, committed):
    shown, here, there = two_categories
    get(there.category.get_absolute_url())
    comment = CommentFactory(article=here, status="pending")
    committed(comment.save)
    assert not get(shown.get_absolute_url())[1]  # held: nothing changed

    def approve():
        comment.status = CommentStatus.APPROVED
        comment.save()

    committed(approve)
    html, made = get(shown.get_absolute_url())
    assert made and "1 comment" in html
    assert not get(there.category.get_absolute_url())[1]


def test_a_publication_makes_the_lists_again(two_categories, committed):
    shown, _here, there = two_categories
    committed(lambda: ArticleFactory(title="Just out", category=there.category))
    html, made = get(shown.get_absolute_url())
    assert made and "Just out" not in html  # what lists hold changed: read again
    assert "Just out" in get(there.category.get_absolute_url())[0]


def test_a_record_or_the_menu_makes_every_page_again(two_categories, committed):
    shown, here, _there = two_categories
    committed(lambda: CategoryFactory(name="Brand new"))
    assert get(shown.get_absolute_url())[1]
    committed(forget)  # a menu entry saved
    assert get(shown.get_absolute_url())[1]


def test_a_scheduled_article_ends_what_was_kept_when_its_time_comes(two_categories, committed):
    shown, _here, _there = two_categories
    when = timezone.now() + datetime.timedelta(minutes=5)  # within the entries' lifetime
    committed(lambda: ArticleFactory(title="Embargoed", category=shown, published_at=when))
    html, made = get(shown.get_absolute_url())
    assert made and "Embargoed" not in html
    with time_machine.travel(when - datetime.timedelta(seconds=5)):
        assert not get(shown.get_absolute_url())[1]
    with time_machine.travel(when + datetime.timedelta(seconds=1)):
        html, made = get(shown.get_absolute_url())
        assert made and "Embargoed" in html


def test_a_page_that_ran_a_query_of_its_own_is_kept_for_its_generation_only(page_cache, committed):
    ArticleFactory(title="Findable piece")
    other = ArticleFactory(title="Another")
    committed(lambda: None)
    path = "/search/?q=findable"
    assert get(path)[1]
    assert not get(path)[1]  # the same generation: served
    committed(retitle(other, "Another, revised"))
    assert get(path)[1]  # search reads the index itself: made again after any change


def test_the_page_is_the_page_made_directly(two_categories, committed, settings):
    shown, _here, there = two_categories
    committed(retitle(there, "Shown there, revised"))
    kept, made = get(shown.get_absolute_url())
    assert not made
    settings.PAGE_CACHE_SECONDS = 0
    assert get(shown.get_absolute_url())[0] == kept


def test_a_value_kept_outside_a_page_is_kept_for_its_generation_only(page_cache, committed):
    ArticleFactory()
    committed(lambda: None)
    calls = []
    compute = lambda: calls.append(1) or len(calls)  # noqa: E731
    assert pagecache.remember("outside", compute) == 1
    assert pagecache.remember("outside", compute) == 1
    committed(lambda: ArticleFactory())
    assert pagecache.remember("outside", compute) == 2


@pytest.fixture
def article_pages(page_cache, committed):
    """Three articles of one category, oldest first: the middle one's page links the others
    (previous and next) and lists them among its related articles."""
    category = CategoryFactory(name="Analysis")
    now = timezone.now()
    older, middle, newer = (
        ArticleFactory(
            title=title, category=category, published_at=now - datetime.timedelta(days=d)
        )
        for title, d in (("Older piece", 3), ("Middle piece", 2), ("Newer piece", 1))
    )
    unrelated = ArticleFactory(  # the previous of the oldest: not around the middle one
        title="Unrelated piece",
        category=CategoryFactory(name="Other"),
        published_at=now - datetime.timedelta(days=10),
    )
    committed(lambda: None)
    html, made = get(middle.get_absolute_url())
    assert made and "Older piece" in html and "Newer piece" in html
    return older, middle, newer, unrelated


def test_an_article_page_is_kept_across_another_articles_edit(article_pages, committed):
    _older, middle, _newer, unrelated = article_pages
    committed(retitle(unrelated, "Unrelated piece, revised"))
    html, made = get(middle.get_absolute_url())
    assert not made and "Middle piece" in html
    committed(retitle(middle, "Middle piece, revised"))
    html, made = get(middle.get_absolute_url())
    assert made and "Middle piece, revised" in html
    assert "<title>Middle piece, revised" in html  # its <head> too


def test_a_neighbours_new_title_shows_on_the_article_page(article_pages, committed):
    older, middle, _newer, _unrelated = article_pages
    committed(retitle(older, "Older piece, renamed"))
    html, made = get(middle.get_absolute_url())
    assert made and html.count("Older piece, renamed") >= 2  # previous, and a related card


def test_an_approved_comment_shows_on_its_article_page_only(article_pages, committed):
    _older, middle, newer, _unrelated = article_pages
    get(newer.get_absolute_url())
    comment = CommentFactory(article=middle, body="A careful reading.", status="approved")
    committed(comment.save)
    html, made = get(middle.get_absolute_url())
    assert made and "A careful reading." in html
    assert "A careful reading." not in get(newer.get_absolute_url())[0]


def test_a_translation_moved_to_another_article_leaves_its_former_partner(page_cache, committed):
    from core.publishing import Language

    russian = ArticleFactory(title="Явка", language=Language.RUSSIAN)
    first = ArticleFactory(title="Turnout", language=Language.ENGLISH, translation=russian)
    second = ArticleFactory(title="Turnout, again", language=Language.ENGLISH)
    committed(lambda: None)
    assert "article-translation" in get(first.get_absolute_url())[0]

    def move():
        second.translation = russian
        second.save()

    committed(move)
    assert "article-translation" not in get(first.get_absolute_url())[0]
    assert "article-translation" in get(second.get_absolute_url())[0]


def test_an_events_new_time_shows_in_the_home_pages_box(page_cache, committed):
    from tests.events.factories import EventFactory

    soon = EventFactory(title="Soon")
    later = EventFactory(title="Later", start=soon.start + datetime.timedelta(days=1))
    later.end = later.start + datetime.timedelta(hours=1)
    later.save()
    committed(lambda: None)
    html = get("/")[0]
    assert html.index("Soon") < html.index("Later")

    def move():
        soon.start = later.start + datetime.timedelta(days=1)
        soon.end = soon.start + datetime.timedelta(hours=1)
        soon.save()

    committed(move)
    html = get("/")[0]
    assert html.index("Later") < html.index("Soon")


def test_a_categorys_first_article_puts_it_in_the_filter(page_cache, committed):
    empty = CategoryFactory(name="Not yet used", slug="not-yet-used")
    ArticleFactory()
    committed(lambda: None)
    assert 'value="not-yet-used"' not in get("/articles/")[0]
    assert Client().get("/articles/?category=not-yet-used").status_code == 400
    committed(lambda: ArticleFactory(category=empty))
    assert 'value="not-yet-used"' in get("/articles/")[0]
    html = get("/articles/?category=not-yet-used")[0]
    assert "Not yet used" in html


def test_a_change_that_names_no_item_renews_the_records(page_cache, committed):
    ArticleFactory()
    committed(lambda: None)
    records = pagecache.cache().get(pagecache.RECORDS_KEY)
    committed(pagecache.bump)
    assert pagecache.cache().get(pagecache.RECORDS_KEY) not in (None, records)


def test_a_persons_page_is_kept_until_something_of_theirs_changes(page_cache, committed):
    from tests.events.factories import EventFactory
    from tests.members.factories import PersonFactory

    olga, ivan = PersonFactory(name="Olga Kirillova"), PersonFactory(name="Ivan Petrov")
    hers = ArticleFactory(title="Her piece", authors=[olga])
    his = ArticleFactory(title="His piece", authors=[ivan])
    talk = EventFactory(title="Her talk", speakers=[olga])
    committed(lambda: None)
    html, made = get(olga.get_absolute_url())
    assert made and "Her piece" in html and "Her talk" in html and "His piece" not in html
    committed(retitle(his, "His piece, revised"))
    assert not get(olga.get_absolute_url())[1]
    committed(retitle(hers, "Her piece, revised"))
    html, made = get(olga.get_absolute_url())
    assert made and "Her piece, revised" in html
    committed(retitle(talk, "Her talk, moved"))
    assert "Her talk, moved" in get(olga.get_absolute_url())[0]
    committed(lambda: ArticleFactory(title="Her new piece", authors=[olga]))
    assert "Her new piece" in get(olga.get_absolute_url())[0]
    committed(lambda: ArticleFactory(title="With him", authors=[ivan, olga]))
    html = get(olga.get_absolute_url())[0]
    assert "With him" in html and "His piece" not in html


@pytest.mark.parametrize("kind", ["event", "episode"])
def test_an_event_or_episode_page_is_kept_until_it_changes(kind, page_cache, committed):
    from tests.events.factories import EventFactory
    from tests.podcasts.factories import EpisodeFactory

    item = (EventFactory if kind == "event" else EpisodeFactory)(title="On the page")
    other = ArticleFactory(title="Elsewhere")
    committed(lambda: None)
    assert get(item.get_absolute_url())[1]
    committed(retitle(other, "Elsewhere, revised"))
    assert not get(item.get_absolute_url())[1]
    committed(retitle(item, "On the page, revised"))
    html, made = get(item.get_absolute_url())
    assert made and "On the page, revised" in html
