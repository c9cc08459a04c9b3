"""An item's history with its people and topics (core.history, core.admin.HistoryAdmin): an
editor removes an author and a topic in the admin, reads the change in the history, and one
revert brings title, body, people (in their order) and topics back."""

import html
import re

import pytest
from django.urls import reverse

from articles.models import Article
from core.publishing import Status
from podcasts.models import Episode
from resources.models import Book
from tests.articles.factories import CategoryFactory, TopicFactory
from tests.articles.helpers import article_form
from tests.helpers.admin_form import change_form_data
from tests.members.factories import PersonFactory
from tests.podcasts.factories import EpisodeFactory
from tests.resources.factories import BookFactory, ResourceTopicFactory

pytestmark = pytest.mark.django_db


def admin_url(item, view, *args):
    opts = item._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[item.pk, *args])


def form_of(client, url):
    page = client.get(url)
    assert page.status_code == 200
    return change_form_data(page.content.decode())


def changes_column(client, item):
    page = client.get(admin_url(item, "history"))
    assert page.status_code == 200
    cells = re.findall(r"<li>\s*<strong>(.*?)</li>", page.content.decode(), re.S)
    return [re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", "", c))).strip() for c in cells]


def revert(client, item, version):
    """Open the version's page from the history and press "Revert", as an editor does."""
    url = admin_url(item, "simple_history", version.history_id)
    data = form_of(client, url)
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]


@pytest.fixture
def people():
    return [PersonFactory(name=name) for name in ("Anna Primary", "Boris Second", "Chen Third")]


def test_reverting_an_article_brings_back_its_removed_author_and_topic_in_order(
    client, editor, people
):
    client.force_login(editor)
    category = CategoryFactory()
    armenia, security = TopicFactory(name="Armenia"), TopicFactory(name="Security")
    data = article_form(category, people[0], armenia)
    data.update(
        {
            "credits-TOTAL_FORMS": "3",
            **{f"credits-{i}-person": person.pk for i, person in enumerate(people)},
            **{f"credits-{i}-order": str(i) for i in range(3)},
            "tagged_topics-TOTAL_FORMS": "2",
            "tagged_topics-1-tag": security.pk,
        }
    )
    assert client.post(reverse("admin:articles_article_add"), data).status_code == 302
    article = Article.objects.get()
    first = article.history.get()
    assert first.history_type == "+"  # one version for the save, with its authors and topics

    # The editor removes the second author and a topic, and changes the title and body.
    change = admin_url(article, "change")
    data = form_of(client, change)
    assert data["credits-1-person"] == str(people[1].pk)
    data |= {"credits-1-DELETE": "on", "tagged_topics-1-DELETE": "on"}
    data |= {"title": "A worse title", "body": "<p>A worse body.</p>"}
    assert client.post(change, data).status_code == 302
    article.refresh_from_db()
    assert article.credited_people == [people[0], people[2]]
    assert list(article.topics.names()) == ["Armenia"]
    assert article.history.count() == 2  # one save, one version

    changes = changes_column(client, article)
    assert "Authors: Anna Primary, Boris Second, Chen Third → Anna Primary, Chen Third" in changes
    assert "Topics: Armenia, Security → Armenia" in changes
    assert "Title: Karabakh and collective security → A worse title" in changes

    page = client.get(admin_url(article, "simple_history", first.history_id)).content.decode()
    assert "Anna Primary, Boris Second, Chen Third" in page  # what Revert brings back

    revert(client, article, first)
    article = Article.objects.get()
    assert article.title == "Karabakh and collective security"
    assert "<strong>bold</strong>" in article.body
    assert article.credited_people == people  # in their order
    recorded = first.authors.order_by("order", "id")
    assert [c.order for c in article.credits.all()] == [r.order for r in recorded]
    assert sorted(article.topics.names()) == ["Armenia", "Security"]
    latest = article.history.latest()
    assert latest.history_type == "~" and article.history.count() == 3
    changes = changes_column(client, article)
    assert "Authors: Anna Primary, Chen Third → Anna Primary, Boris Second, Chen Third" in changes


def test_reverting_an_episode_brings_back_its_guests_in_order(client, editor, people):
    # Made by code (as the demo and imports do): the guests come after the episode's save
    # and are in its first version all the same.
    episode = EpisodeFactory(title="The first title", guests=[people[2], people[0], people[1]])
    first = episode.history.get()
    client.force_login(editor)
    change = admin_url(episode, "change")
    data = form_of(client, change)
    data |= {"title": "A worse title", "credits-0-DELETE": "on"}
    response = client.post(change, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert Episode.objects.get().credited_people == [people[0], people[1]]
    assert (
        "Guests: Chen Third, Anna Primary, Boris Second → Anna Primary, Boris Second"
        in changes_column(client, episode)
    )

    revert(client, episode, first)
    episode = Episode.objects.get()
    assert episode.title == "The first title"
    assert episode.credited_people == [people[2], people[0], people[1]]


def test_a_book_version_shows_and_restores_its_own_topics(client, editor, people):
    old, new = ResourceTopicFactory(name="Energy"), ResourceTopicFactory(name="Elections")
    book = BookFactory(title="The book", authors=people[:2], topics=[old])
    first = book.history.latest()
    client.force_login(editor)
    change = admin_url(book, "change")
    data = form_of(client, change) | {"topics": [str(new.pk)], "credits-1-DELETE": "on"}
    response = client.post(change, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert list(Book.objects.get().topics.all()) == [new]

    # The version's page shows the version's topics in the form, not today's.
    data = form_of(client, admin_url(book, "simple_history", first.history_id))
    assert data["topics"] == str(old.pk)
    revert(client, book, first)
    book = Book.objects.get()
    assert list(book.topics.all()) == [old]
    assert book.credited_people == people[:2]


def test_a_credit_changed_by_code_is_in_the_latest_version_not_a_deleted_items(people):
    episode = EpisodeFactory(guests=[people[0]])
    episode.credits.create(person=people[1], order=1)
    (version,) = episode.history.all()
    assert [row.person for row in version.guests.order_by("order")] == people[:2]
    episode.delete()  # its guests go with it; the version before keeps them
    assert version.guests.count() == 2


def test_a_draft_reverted_stays_as_the_version_was(client, editor, people):
    episode = EpisodeFactory(status=Status.DRAFT, guests=people[:1])
    first = episode.history.get()
    client.force_login(editor)
    assert (
        client.get(admin_url(episode, "simple_history", first.history_id + 999)).status_code == 404
    )
    revert(client, episode, first)
    assert Episode.objects.get().credited_people == people[:1]


def test_the_history_page_reads_every_versions_people_in_a_fixed_number_of_queries(
    client, editor, people
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    episode = EpisodeFactory(guests=people[:1])
    client.force_login(editor)
    url = admin_url(episode, "history")

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    def new_version(i):
        episode.title = f"Title {i}"
        episode.save()
        if i % 2:
            episode.credits.filter(person=people[1]).delete()
        else:
            episode.credits.create(person=people[1], order=1)

    new_version(0)
    queries()  # caches warm (content types)
    few = queries()
    for i in range(1, 11):
        new_version(i)
    assert queries() == few
    changes = changes_column(client, episode)
    assert changes.count("Guests: Anna Primary → Anna Primary, Boris Second") == 6
    assert changes.count("Guests: Anna Primary, Boris Second → Anna Primary") == 5
