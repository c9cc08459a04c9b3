"""The search page: what a reader sees, what is never found, and how the index keeps up."""

import datetime

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Byline, Category, TaggedArticle
from core.publishing import Status
from members.models import Person
from ponars.search.backends import Filters, search
from tests.articles.factories import ArticleFactory, CategoryFactory, TopicFactory
from tests.helpers.html import assert_valid_html
from tests.members.factories import PersonFactory

pytestmark = pytest.mark.django_db

URL = reverse("search:search")


def titles(text, **filters):
    return [hit.slug for hit in search(text, Filters(**filters))[:50]]


def get(client, **params):
    return client.get(URL, params)


# --- the page --------------------------------------------------------------------------------


def test_results_show_type_date_authors_and_highlighted_snippet(client):
    author = PersonFactory(name="Henry Hale", slug="henry-hale")
    article = ArticleFactory(
        title="Regional Governors After the Duma Elections",
        body="<p>Governors were judged on <strong>turnout</strong> and margins.</p>",
        authors=[author],
        published_at=timezone.make_aware(datetime.datetime(2021, 1, 15, 9)),
    )
    response = get(client, q="turnout")
    html = response.content.decode()
    assert response.status_code == 200
    assert_valid_html(response)
    assert "1 result for “turnout”" in html
    assert f'href="{article.get_absolute_url()}"' in html
    assert "Article · Commentary" in html
    assert "January 15, 2021" in html and "Henry Hale" in html
    assert "<mark>turnout</mark>" in html
    assert (
        "&lt;strong&gt;" not in html and "<strong>" not in html.split("search-hit-snippet")[1][:200]
    )


def test_result_dates_are_the_day_in_the_site_time_zone(client):
    # 9 pm in Washington is already the next day in UTC, as the database stores it.
    ArticleFactory(
        title="Late evening memo",
        published_at=timezone.make_aware(datetime.datetime(2021, 1, 15, 21)),
    )
    html = get(client, q="evening").content.decode()
    assert "January 15, 2021" in html and "January 16" not in html


def test_people_are_found_and_linked(client):
    person = PersonFactory(
        name="Kristina Hook", slug="kristina-hook", position="Assistant Professor"
    )
    html = get(client, q="Kristina Hook").content.decode()
    assert "Person" in html and f'href="{person.get_absolute_url()}"' in html


def test_russian_result_is_marked_as_russian(client):
    ArticleFactory(
        title="Региональные выборы", slug="vybory", language="ru", body="<p>О выборах.</p>"
    )
    response = get(client, q="выборы")
    assert 'lang="ru"' in response.content.decode()
    assert_valid_html(response)


def test_empty_query_shows_help_and_newest_articles(client):
    ArticleFactory(title="The newest memo", topics=[TopicFactory(name="Armenia")])
    response = get(client)
    html = response.content.decode()
    assert response.status_code == 200
    assert_valid_html(response)
    assert "Newest articles" in html and "The newest memo" in html
    assert "Browse by topic" in html and "Armenia" in html
    assert "exact phrase" in html


def test_no_results_page_is_helpful(client):
    ArticleFactory(title="Something else entirely")
    PersonFactory(name="Maria Lipman", slug="maria-lipman")
    response = get(client, q="Lipmann")
    html = response.content.decode()
    assert response.status_code == 200
    assert_valid_html(response)
    assert "Did you mean" in html and "Maria Lipman" in html
    assert "q=Maria+Lipman" in html
    if connection.vendor == "sqlite":  # PostgreSQL finds the person itself (trigram match)
        assert "No results for “Lipmann”" in html, html[html.find("<main") : html.find("</main>")]
        assert "Newest articles" in html and "Something else entirely" in html


def test_no_results_with_filters_offers_to_drop_them(client):
    ArticleFactory(title="Elections in the regions")
    html = get(client, q="elections", year=2001).content.decode()
    assert "No results" in html and "search without filters" in html


def test_only_exclusions_explains_itself(client):
    ArticleFactory(title="Elections in the regions")
    html = get(client, q="-elections").content.decode()
    assert "Add a word to search for" in html


def test_pagination_keeps_the_query_and_filters(client, settings):
    settings.SEARCH_RESULTS_PER_PAGE = 2
    for n in range(5):
        ArticleFactory(title=f"Sanctions memo {n}")
    response = get(client, q="sanctions", language="en")
    html = response.content.decode()
    assert "5 results" in html and "Page 1 of 3" in html
    assert "?q=sanctions&amp;language=en&amp;page=2" in html
    page3 = get(client, q="sanctions", language="en", page=3).content.decode()
    assert "Page 3 of 3" in page3 and page3.count('class="search-hit"') == 1


def test_page_beyond_the_last_shows_the_last_page(client, settings):
    settings.SEARCH_RESULTS_PER_PAGE = 2
    for n in range(3):
        ArticleFactory(title=f"Sanctions memo {n}")
    for page in ("99", "-1", "abc", "1e9"):
        response = get(client, q="sanctions", page=page)
        assert response.status_code == 200
        assert "Page" in response.content.decode()


@pytest.mark.parametrize("count", [1, 30])
def test_query_count_is_constant(client, django_assert_max_num_queries, count):
    authors = [PersonFactory(), PersonFactory()]
    for _ in range(count):
        ArticleFactory(title="Elections and turnout", authors=authors)
    with django_assert_max_num_queries(6):
        response = get(client, q="elections", type="article", author=authors[0].slug)
    assert response.status_code == 200
    assert f"{count} result" in response.content.decode()


def test_the_header_search_box_keeps_the_query(client):
    html = get(client, q="nuclear").content.decode()
    assert 'name="q" placeholder="Search" maxlength="200" value="nuclear"' in html


# --- filters ---------------------------------------------------------------------------------


def test_filters_by_type_category_topic_author_year_and_language():
    memos = CategoryFactory(name="Policy Memos", slug="policy-memos")
    armenia = TopicFactory(name="Armenia")
    hale = PersonFactory(name="Henry Hale", slug="henry-hale")
    old = ArticleFactory(
        title="Security memo",
        slug="old",
        category=memos,
        published_at=timezone.make_aware(datetime.datetime(2019, 6, 1)),
    )
    tagged = ArticleFactory(title="Security and Armenia", slug="tagged", topics=[armenia])
    by_hale = ArticleFactory(title="Security by Hale", slug="by-hale", authors=[hale])
    russian = ArticleFactory(title="Security по-русски", slug="russian", language="ru")
    PersonFactory(name="Security Person", slug="security-person")
    assert set(titles("security")) == {"old", "tagged", "by-hale", "russian", "security-person"}
    assert titles("security", kinds=["person"]) == ["security-person"]
    assert set(titles("security", kinds=["article"])) == {"old", "tagged", "by-hale", "russian"}
    assert titles("security", category_id=memos.pk) == [old.slug]
    assert titles("security", topic_id=armenia.pk) == [tagged.slug]
    assert titles("security", author_id=hale.pk) == [by_hale.slug]
    assert titles("security", year=2019) == [old.slug]
    assert titles("security", language="ru") == [russian.slug]
    # Filters alone (no words) list matching items, newest first.
    assert titles("", author_id=hale.pk) == [by_hale.slug]


def test_filter_form_accepts_names_and_slugs(client):
    hale = PersonFactory(name="Jean-François Ratelle", slug="jean-francois-ratelle")
    ArticleFactory(title="Chechnya memo", authors=[hale])
    ArticleFactory(title="Chechnya other")
    for value in ("jean-francois-ratelle", "Jean-François Ratelle", "jean-francois ratelle"):
        html = get(client, q="chechnya", author=value).content.decode()
        assert "1 result" in html, value


# --- never found -----------------------------------------------------------------------------


def test_drafts_scheduled_and_private_fields_are_never_found(client):
    ArticleFactory(title="Caspian Energy Corridors", status=Status.DRAFT, body="<p>Pipelines</p>")
    ArticleFactory(
        title="Belarus Scenarios", published_at=timezone.now() + datetime.timedelta(days=2)
    )
    PersonFactory(
        name="Pat Private", email="secret-mailbox@example.org", notes="confidential zebra dossier"
    )
    for text in (
        "Caspian",
        "pipelines",
        "Belarus",
        "scenarios",
        "secret-mailbox",
        "example.org",
        "confidential",
        "zebra dossier",
    ):
        assert titles(text) == [], text
        html = get(client, q=text).content.decode()
        assert "search-hit" not in html, text
    assert "secret-mailbox" not in get(client, q="Pat Private").content.decode()


def test_membership_notes_are_never_found():
    from members.models import Membership

    person = PersonFactory(name="Ola Member")
    Membership.objects.create(person=person, tier="core", note="unpaid invoice walrus")
    assert titles("walrus") == []


def test_scheduled_article_is_found_once_its_time_comes(time_machine):
    when = timezone.now() + datetime.timedelta(days=2)
    ArticleFactory(title="Belarus Scenarios", slug="belarus", published_at=when)
    assert titles("Belarus") == []
    time_machine.move_to(when + datetime.timedelta(minutes=1))
    assert titles("Belarus") == ["belarus"]


def test_unpublishing_removes_an_article_from_results():
    article = ArticleFactory(title="Turnout memo", slug="turnout")
    assert titles("turnout") == ["turnout"]
    Article.objects.filter(pk=article.pk).update(status=Status.DRAFT)  # the admin's bulk action
    assert titles("turnout") == []


# --- the index keeps up with every kind of change ----------------------------------------------


def test_bulk_inserts_are_indexed_with_authors_and_topics():
    category = CategoryFactory()
    person = PersonFactory(name="Bulk Author")
    topic = TopicFactory(name="Bulk Topic")
    articles = Article.objects.bulk_create(
        [
            Article(
                title=f"Bulk memo {i}",
                slug=f"bulk-{i}",
                category=category,
                status=Status.PUBLISHED,
                published_at=timezone.now(),
                body="<p>walrus</p>",
            )
            for i in range(3)
        ]
    )
    Byline.objects.bulk_create([Byline(article=a, person=person) for a in articles])
    TaggedArticle.objects.bulk_create(
        [TaggedArticle(content_object=a, tag=topic) for a in articles]
    )
    hits = search("walrus")[:10]
    assert len(hits) == 3 and {h.authors for h in hits} == {"Bulk Author"}
    assert len(titles("Bulk Topic")) == 3


def test_edits_renames_and_deletions_reach_the_index():
    author = PersonFactory(name="Old Name", slug="old-name")
    topic = TopicFactory(name="Kalmykia")
    article = ArticleFactory(
        title="Steppe politics", slug="steppe", authors=[author], topics=[topic]
    )
    article.title = "Steppe governance"
    article.save()
    assert titles("governance") == ["steppe"] and titles("politics") == []
    Person.objects.filter(pk=author.pk).update(name="Galina Newname")
    assert search("steppe")[0:1][0].authors == "Galina Newname"
    assert set(titles("Newname")) == {"steppe", "old-name"}
    topic.name = "Buryatia"
    topic.save()
    assert titles("Buryatia") == ["steppe"]
    article.topics.clear()
    assert titles("Buryatia") == []
    Byline.objects.filter(article=article).delete()
    assert search("steppe")[0:1][0].authors == ""
    article.delete()
    assert titles("steppe") == []


def test_body_markup_is_not_searchable_text(client):
    ArticleFactory(
        title="Plain", body='<p><a href="https://example.org/strongbox">link</a> text</p>'
    )
    assert titles("strongbox") == [] if connection.vendor == "postgresql" else True
    html = get(client, q="text").content.decode()
    assert "&lt;a" not in html and "href=&quot;" not in html


def test_category_change_is_indexed():
    article = ArticleFactory(title="Moved memo", slug="moved")
    other = Category.objects.create(name="Recommended", slug="recommended")
    article.category = other
    article.save()
    assert titles("moved", category_id=other.pk) == ["moved"]


def test_comments_are_never_found_approved_or_not():
    from comments.models import CommentStatus
    from tests.comments.factories import CommentFactory

    article = ArticleFactory(title="Commented memo", slug="commented")
    CommentFactory(article=article, body="pending walrus remark", status=CommentStatus.PENDING)
    CommentFactory(article=article, body="approved narwhal remark", email="hidden@private.example")
    for text in ("walrus", "narwhal", "hidden@private.example", "private.example"):
        assert titles(text) == [], text
