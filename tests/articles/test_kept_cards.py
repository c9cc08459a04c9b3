"""Parts of pages kept across changes of content (core.pagecache.kept_parts): article cards
({% article_cards %}) and the home page's boxes (core.sections.kept_section). A change to one
article, or a comment approved on it, makes only that card again; a change to a person or a
category makes every card again; the kept parts are the parts made directly."""

import datetime
import re

import pytest
from django.core.cache import caches
from django.test import Client

from articles.models import Article
from articles.templatetags import article_cards
from comments.models import CommentStatus
from core import pagecache
from tests.articles.factories import ArticleFactory, CategoryFactory
from tests.comments.factories import CommentFactory
from tests.events.factories import EventFactory
from tests.members.factories import PersonFactory
from tests.podcasts.factories import EpisodeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def made(monkeypatch):
    """The titles of the cards made (not taken from the kept ones), in order."""
    titles = []
    original = article_cards.article_card

    def counting(context, article, *args, **kwargs):
        titles.append(article.title)
        return original(context, article, *args, **kwargs)

    monkeypatch.setattr(article_cards, "article_card", counting)
    return titles


def test_editing_one_article_makes_only_its_card_again(page_cache, made, committed):
    category = CategoryFactory(name="Analysis")
    first = ArticleFactory(title="First piece", category=category)
    ArticleFactory(title="Second piece", category=category)
    ArticleFactory(title="Third piece", category=category)
    committed(lambda: None)
    assert "First piece" in Client().get("/articles/").content.decode()
    assert sorted(made) == ["First piece", "Second piece", "Third piece"]
    made.clear()

    def retitle():
        first.title = "First piece, revised"
        first.save()

    committed(retitle)
    html = Client().get("/articles/").content.decode()
    assert "First piece, revised" in html and "Second piece" in html and "Third piece" in html
    assert made == ["First piece, revised"]
    made.clear()
    assert "First piece, revised" in Client().get(category.get_absolute_url()).content.decode()
    assert made == []  # the category's page shows the same cards: all kept


def test_an_approved_comment_changes_only_its_articles_card(page_cache, made, committed):
    commented = ArticleFactory(title="Commented on")
    ArticleFactory(title="Quiet")
    committed(lambda: None)
    Client().get("/articles/")
    made.clear()
    comment = CommentFactory(article=commented, status="pending")
    committed(comment.save)
    assert "1 comment" not in Client().get("/articles/").content.decode()
    assert made == []  # held for moderation: nothing readers see changed

    def approve():
        comment.status = CommentStatus.APPROVED
        comment.save()

    committed(approve)
    html = Client().get("/articles/").content.decode()
    assert "1 comment" in html
    assert made == ["Commented on"]


@pytest.mark.parametrize("change", ["person", "category"])
def test_a_change_to_a_person_or_a_category_makes_every_card_again(
    page_cache, made, committed, change
):
    person = PersonFactory(name="Olga Kirillova")
    category = CategoryFactory(name="Analysis")
    ArticleFactory(title="By her", authors=[person], category=category)
    ArticleFactory(title="By nobody", category=category)
    committed(lambda: None)
    Client().get("/")
    made.clear()

    def edit():
        if change == "person":
            person.name = "Olga Kirillova-Smith"
            person.save()
        else:
            category.name = "Long reads"
            category.save()

    committed(edit)
    html = Client().get("/").content.decode()
    assert ("Olga Kirillova-Smith" if change == "person" else "Long reads") in html
    assert sorted(made) == ["By her", "By nobody"]


def test_a_list_of_kept_cards_reads_only_its_rows(
    page_cache, made, committed, django_assert_max_num_queries
):
    for number in range(12):
        ArticleFactory(title=f"Piece {number}", authors=[PersonFactory()])
    committed(lambda: None)
    client = Client()
    with django_assert_max_num_queries(10) as cold:
        client.get("/articles/")  # the cards are made
    made.clear()
    with django_assert_max_num_queries(len(cold) - 2):  # not the articles, not their credits
        html = client.get("/articles/?page=1").content.decode()  # a new address: made again
    assert made == [] and html.count('class="card') >= 12


def without_nonces(html):
    """The page without what is made anew for each request: CSP nonces, the comment form's
    time-stamped token."""
    return re.sub(r' nonce="[^"]*"|(?<=name="token") value="[^"]*"', "", html)


@pytest.mark.parametrize("language", ["", "/ru"])
def test_kept_cards_are_the_cards_made_directly(settings, monkeypatch, language):
    monkeypatch.setattr("articles.sections.PERSON_ARTICLES", 2)  # her page: "All articles by"
    person = PersonFactory(name="Olga Kirillova")
    memo = CategoryFactory(name="Policy Memos", is_policy_memo=True)
    ArticleFactory(title="Featured", featured=True, authors=[person])
    ArticleFactory(title="Memo", category=memo, memo_number=880, authors=[person])
    EventFactory(title="A talk in Tbilisi")
    EpisodeFactory(title="Episode on elections")
    ArticleFactory(title="Worth reading", category=CategoryFactory(slug="recommended"))
    for number in range(4):
        ArticleFactory(title=f"Piece {number}")
    commented = ArticleFactory(title="Discussed")
    CommentFactory(article=commented, status=CommentStatus.APPROVED)
    ArticleFactory(title="Her third", authors=[person])
    paths = [
        f"{language}/",
        f"{language}/articles/",
        f"{language}{memo.get_absolute_url()}",
        f"{language}{person.get_absolute_url()}",
        f"{language}{commented.get_absolute_url()}",  # its comment and related articles
    ]
    direct = [without_nonces(Client().get(path).content.decode()) for path in paths]

    settings.PAGE_CACHE_SECONDS = 600
    pagecache._down_until = 0.0
    caches["default"].clear()
    try:
        for path in paths:
            Client().get(path)  # makes the cards and keeps them
        pagecache._new_state()  # a change elsewhere: the pages are made again from kept cards
        from_kept = [without_nonces(Client().get(path).content.decode()) for path in paths]
    finally:
        caches["default"].clear()
    for path, one, other in zip(paths, direct, from_kept, strict=True):
        assert one == other, path
    assert "Olga Kirillova" in from_kept[0] and "Memo" in from_kept[2]
    for shown in ("A talk in Tbilisi", "Episode on elections", "Worth reading"):
        assert shown in from_kept[0]
    assert f"?type=article&amp;author={person.slug}" in from_kept[3]  # two shown of three
    assert 'class="comment"' in from_kept[4] and 'class="related"' in from_kept[4]


def test_a_home_box_is_kept_until_what_it_shows_changes(page_cache, committed):
    memos = CategoryFactory(name="Policy Memos", is_policy_memo=True)
    memo = ArticleFactory(title="Memo on gas", category=memos, memo_number=1)
    other = ArticleFactory(title="Another piece")
    committed(lambda: None)
    assert "Memo on gas" in Client().get("/").content.decode()
    # Changed behind the site's back (no save, no new generation): the kept box still shows
    # what it showed, while a change to another article makes the page again around it.
    Article.objects.filter(pk=memo.pk).update(title="Memo on oil")

    def retitle_other():
        other.title = "Another piece, revised"
        other.save()

    committed(retitle_other)
    html = Client().get("/").content.decode()
    assert "Another piece, revised" in html and "Memo on gas" in html

    def retitle_memo():
        memo.refresh_from_db()
        memo.title = "Memo on coal"
        memo.save()

    committed(retitle_memo)
    html = Client().get("/").content.decode()
    assert "Memo on coal" in html and "Memo on gas" not in html


def test_with_the_cache_down_every_card_is_made(page_cache, monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionError("Redis is down")

    monkeypatch.setattr(caches["default"], "get_many", refuse)
    made = pagecache.kept_parts(["a", "b"], lambda names: {name: name.upper() for name in names})
    assert made == {"a": "A", "b": "B"}
    assert not pagecache.parts_kept()  # skipped for a while, as the page cache is


def test_comments_are_kept_until_they_change(page_cache, committed, monkeypatch):
    from comments.templatetags import comment_threads

    made = []
    original = comment_threads._render
    monkeypatch.setattr(
        comment_threads,
        "_render",
        lambda node, *args: made.append(node.comment.name) or original(node, *args),
    )
    read, other = ArticleFactory(title="Read"), ArticleFactory(title="Other")
    first = CommentFactory(article=read, name="Anna", status=CommentStatus.APPROVED)
    held = CommentFactory(article=other, name="Boris", status=CommentStatus.PENDING)
    committed(lambda: None)
    assert "Anna" in Client().get(read.get_absolute_url()).content.decode()
    assert made == ["Anna"]

    def approve():
        held.status = CommentStatus.APPROVED
        held.save()

    committed(approve)  # a comment on another article: a new generation, these are kept
    made.clear()
    assert "Anna" in Client().get(read.get_absolute_url()).content.decode()
    assert made == []

    def edit():
        first.body = "Corrected by the moderator."
        first.save()

    committed(edit)
    html = Client().get(read.get_absolute_url()).content.decode()
    assert "Corrected by the moderator." in html and made == ["Anna"]
    made.clear()
    replying = Client().get(f"{read.get_absolute_url()}?replyto={first.pk}").content.decode()
    assert f"?replyto={first.pk}#respond" in replying and made == ["Anna"]  # its own links


def test_the_directory_and_a_categorys_record_outlive_a_publication(
    page_cache, committed, django_assert_num_queries
):
    """What is made of records alone (the member directory; the category a list is of) is not
    made again when an article is published, and is when a record changes."""
    from members.models import Membership

    person = PersonFactory(name="Olga Kirillova")
    Membership.objects.create(person=person, tier="core", started=datetime.date(2020, 1, 1))
    category = CategoryFactory(name="Analysis")
    ArticleFactory(category=category)
    committed(lambda: None)
    assert "Olga Kirillova" in Client().get("/members/").content.decode()
    Client().get(category.get_absolute_url())
    committed(lambda: ArticleFactory(title="Just published", category=category))
    with django_assert_num_queries(0):
        assert "Olga Kirillova" in Client().get("/members/").content.decode()
    # The count, the rows, the new article and its credits: the category is not looked up.
    with django_assert_num_queries(4):
        html = Client().get(category.get_absolute_url()).content.decode()
    assert "Just published" in html

    def rename():
        person.name = "Olga Kirillova-Smith"
        person.save()

    committed(rename)
    assert "Olga Kirillova-Smith" in Client().get("/members/").content.decode()


def test_a_new_author_makes_only_that_articles_card_again(page_cache, made, committed):
    """A credit is its article's change, not a record of its own: adding an author marks the
    article changed, and the other cards stay kept."""
    from articles.models import Byline

    credited, other = ArticleFactory(title="Credited"), ArticleFactory(title="Untouched")
    person = PersonFactory(name="Olga Kirillova")
    committed(lambda: None)
    Client().get("/articles/")
    made.clear()
    committed(lambda: Byline.objects.create(article=credited, person=person))
    html = Client().get("/articles/").content.decode()
    assert "Olga Kirillova" in html and "Untouched" in html
    assert made == ["Credited"]
    assert Article.objects.get(pk=credited.pk).updated > Article.objects.get(pk=other.pk).updated
