"""Search results by kind: true dates, every kind found (hub entries, editable pages), the
counts per kind beside the results, the ranking rules between kinds, and the topics list."""

import datetime
import re

import pytest
from django.contrib.flatpages.models import FlatPage
from django.contrib.sites.models import Site
from django.urls import reverse
from django.utils import timezone

from core.publishing import Status
from ponars.search.backends import Filters, search
from tests.articles.factories import ArticleFactory, CategoryFactory, TopicFactory
from tests.events.factories import EventFactory, local
from tests.helpers.html import assert_valid_html
from tests.members.factories import PersonFactory
from tests.resources.factories import BookFactory, HubEntryFactory, SyllabusFactory

pytestmark = pytest.mark.django_db

# A valid `datetime` for a result: a year, a day, or a time to the minute with its offset.
VALID_DATETIME = re.compile(r"^\d{4}(-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2})?([+-]\d{2}:\d{2}|Z))?)?$")


def hits(text, **filters):
    return list(search(text, Filters(**filters))[:20])


def page(client, **params):
    response = client.get(reverse("search:search"), params)
    assert response.status_code == 200
    assert_valid_html(response)
    return response.content.decode()


# --- true dates ------------------------------------------------------------------------------


def test_books_are_dated_by_their_year_and_syllabi_by_their_term(client):
    BookFactory(title="Walrus politics", year=2019, published_at=timezone.now())
    SyllabusFactory(title="Walrus seminar", term="Spring 2021", published_at=timezone.now())
    found = {hit.kind.name: hit for hit in hits("walrus")}
    assert found["book"].published_at.year == 2019
    assert (found["book"].date_attr, found["book"].date_text) == ("2019", "2019")
    assert found["syllabus"].published_at.year == 2021
    assert (found["syllabus"].date_attr, found["syllabus"].date_text) == ("2021", "Spring 2021")
    html = page(client, q="walrus")
    assert '<time datetime="2019">2019</time>' in html
    assert '<time datetime="2021">Spring 2021</time>' in html


def test_the_year_filter_finds_a_book_by_its_publication_year():
    BookFactory(title="Walrus history", year=2018, published_at=timezone.now())
    assert [hit.kind.name for hit in hits("walrus", year=2018)] == ["book"]
    assert hits("walrus", year=timezone.localdate().year) == []


def test_events_are_shown_in_their_own_zone_with_a_valid_datetime(client):
    start = local(2026, 5, 11, 18, zone="Asia/Tbilisi")
    EventFactory(
        title="Walrus workshop",
        start=start,
        end=start + datetime.timedelta(hours=2),
        time_zone="Asia/Tbilisi",
    )
    (hit,) = hits("walrus")
    assert hit.date_attr == "2026-05-11T18:00+04:00"
    assert hit.date_text == "May 11, 2026, 6 p.m. (Tbilisi)"  # the site's time format
    assert '<time datetime="2026-05-11T18:00+04:00">' in page(client, q="walrus")


def test_result_datetimes_are_valid_and_people_are_undated(client):
    when = timezone.now().replace(microsecond=123456)
    ArticleFactory(title="Walrus article", published_at=when - datetime.timedelta(days=3))
    PersonFactory(name="Walrus Person", bio="<p>Studies walruses.</p>")
    HubEntryFactory(title="Walrus data", published_at=when - datetime.timedelta(days=1))
    html = page(client, q="walrus")
    values = re.findall(r'<time datetime="([^"]*)"', html)
    assert len(values) == 2 and all(VALID_DATETIME.match(v) for v in values), values
    assert "." not in "".join(values)  # no fractions of a second
    person = next(hit for hit in hits("walrus") if hit.kind.name == "person")
    assert person.date_attr == "" and person.date_text == ""


# --- everything findable, kept current -------------------------------------------------------


def test_knowledge_hub_entries_are_found_and_kept_current(client):
    entry = HubEntryFactory(
        title="Levada Center surveys", annotation="Monthly polls of Russian public opinion."
    )
    (hit,) = hits("Levada")
    assert hit.kind.name == "hub"
    assert hit.url == reverse("resources:hub") + f"#topic-{entry.topic.slug}"
    assert "Knowledge Hub entry" in page(client, q="public opinion")
    entry.title = "Levada Centre polls"
    entry.save()
    assert [str(h.title) for h in hits("polls")] == ["Levada Centre <mark>polls</mark>"]
    entry.unpublish()
    assert hits("Levada") == []
    entry.publish()
    assert len(hits("Levada")) == 1
    entry.delete()
    assert hits("Levada") == []


def test_editable_pages_are_found_in_english_and_russian_and_kept_current(client):
    site = Site.objects.get_current()
    about = FlatPage.objects.create(
        url="/about-membership/",
        title="About Membership",
        content="<p>Members are <strong>elected</strong> each year.</p>",
    )
    about.sites.add(site)
    ru = FlatPage.objects.create(
        url="/ru/about/", title="О нас", content="<p>Сеть исследователей России и Евразии.</p>"
    )
    ru.sites.add(site)
    FlatPage.objects.create(
        url="/members-only/", title="Private walrus page", registration_required=True
    )
    (hit,) = hits("elected")
    assert (hit.kind.name, hit.url, hit.date_attr) == ("page", "/about-membership/", "")
    (hit,) = hits("исследователи")
    assert (hit.kind.name, hit.url, hit.language) == ("page", "/ru/about/", "ru")
    assert hits("walrus") == []
    about.title = "Membership"
    about.save()
    assert [str(h.title) for h in hits("membership")] == ["<mark>Membership</mark>"]
    about.delete()
    assert hits("elected") == []


# --- ranking between kinds -------------------------------------------------------------------


def test_an_article_outranks_people_books_and_syllabi_that_mention_the_words():
    PersonFactory(name="Anna Walrus-Free", bio="<p>Writes about tundra politics and tundra.</p>")
    BookFactory(title="Arctic states", description="Tundra politics in the north. Tundra.")
    SyllabusFactory(title="Arctic course", summary="Tundra politics, tundra and more tundra.")
    ArticleFactory(
        title="Regional budgets", body="<p>A paragraph on tundra politics among others.</p>"
    )
    assert [hit.kind.name for hit in hits("tundra politics")][0] == "article"


def test_a_name_or_a_title_typed_in_full_puts_that_person_or_book_first():
    person = PersonFactory(name="Walter Tundrov")
    book = BookFactory(title="The Tundra Question")
    for n in range(3):
        ArticleFactory(
            title=f"Tundra Question and Walter Tundrov, part {n}",
            authors=[person],
            body="<p>The Tundra Question, by Walter Tundrov, again.</p>",
        )
    assert hits("Walter Tundrov")[0].slug == person.slug
    assert hits("The Tundra Question")[0].slug == book.slug


def test_a_newer_memo_outranks_an_older_one_with_the_same_match():
    memos = CategoryFactory(name="Policy Memos", slug="policy-memos", is_policy_memo=True)
    now = timezone.now()
    for slug, days in [("old-memo", 900), ("new-memo", 30), ("middle-memo", 300)]:
        ArticleFactory(
            title="Permafrost and pipelines",
            slug=slug,
            category=memos,
            published_at=now - datetime.timedelta(days=days),
            body="<p>Permafrost thaw threatens pipelines.</p>",
        )
    assert [hit.slug for hit in hits("permafrost")] == ["new-memo", "middle-memo", "old-memo"]


# --- counts per kind -------------------------------------------------------------------------


def test_counts_per_kind_are_shown_and_each_narrows_to_its_kind(client):
    for n in range(3):
        ArticleFactory(title=f"Walrus article {n}")
    BookFactory(title="Walrus book")
    PersonFactory(name="Walrus Person")
    html = page(client, q="walrus")
    assert "Articles 3" in html and "Books 1" in html and "People 1" in html
    assert 'href="?q=walrus&amp;type=book"' in html
    html = page(client, q="walrus", type="book")
    assert "1 result for" in html and "</mark> book" in html and "</mark> article" not in html
    assert 'href="?q=walrus&amp;type=article">Articles 3</a>' in html  # the others stay
    assert '<strong aria-current="true">Books 1</strong>' in html
    assert 'href="?q=walrus">Everything</a>' in html


def test_counts_follow_the_query_and_the_filters():
    old = timezone.now() - datetime.timedelta(days=800)
    ArticleFactory(title="Walrus archive", published_at=old)
    ArticleFactory(title="Walrus forecast")
    BookFactory(title="Walrus book", year=old.year)
    counts = {kind.name: n for kind, n in search("walrus").kind_counts()}
    assert counts == {"article": 2, "book": 1}
    results = search("walrus", Filters(year=old.year, kinds=["article"]))
    assert {kind.name: n for kind, n in results.kind_counts()} == {"article": 1, "book": 1}
    assert results.count() == 1
    assert search("walrus -forecast").kind_counts()[0][1] == 1


def test_counts_take_one_query_whatever_the_number_of_kinds(django_assert_num_queries):
    ArticleFactory(title="Walrus article")
    BookFactory(title="Walrus book")
    SyllabusFactory(title="Walrus course")
    EventFactory(title="Walrus event")
    HubEntryFactory(title="Walrus data")
    PersonFactory(name="Walrus Person")
    results = search("walrus")
    from django.db import connection

    queries = 2 if connection.vendor == "postgresql" else 1  # tsqueries, then candidates
    with django_assert_num_queries(queries):
        counts = results.kind_counts()
        results.count()
    assert len(counts) == 6


# --- browse by topic -------------------------------------------------------------------------


def test_browse_by_topic_lists_the_biggest_topics_first(client):
    small, big, bigger = (
        TopicFactory(name="Arctic"),
        TopicFactory(name="Ukraine"),
        TopicFactory(name="Russia"),
    )
    for topics, count in [([small], 1), ([big], 3), ([bigger], 5)]:
        for _ in range(count):
            ArticleFactory(topics=topics)
    ArticleFactory(topics=[small], status=Status.DRAFT)
    ArticleFactory(topics=[small], status=Status.DRAFT)
    ArticleFactory(topics=[small], status=Status.DRAFT)
    html = page(client)
    section = html.split('id="search-topics-title"')[1]
    assert section.index("Russia") < section.index("Ukraine") < section.index("Arctic")


def test_result_dates_are_written_in_the_pages_language(client):
    """Regression: Russian result pages said "Сентябрь 21, 2021" (an English date pattern)."""
    when = timezone.make_aware(datetime.datetime(2021, 9, 21, 12, 0))
    ArticleFactory(title="Гражданское общество под давлением", published_at=when)
    html = client.get("/ru/search/", {"q": "общество"}).content.decode()
    assert "21 сентября 2021 г." in html and "Сентябрь 21" not in html
    html = client.get("/search/", {"q": "общество"}).content.decode()
    assert "September 21, 2021" in html
