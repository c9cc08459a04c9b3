"""Books and course syllabi (the resources app) in site search."""

import pytest
from django.urls import reverse

from core.publishing import Status
from ponars.search.backends import Filters, search
from resources.models import Topic
from tests.articles.factories import TopicFactory
from tests.helpers.html import assert_valid_html
from tests.members.factories import PersonFactory
from tests.resources.factories import BookFactory, SyllabusFactory

pytestmark = pytest.mark.django_db


def slugs(text, **filters):
    return [hit.slug for hit in search(text, Filters(**filters))[:20]]


def test_books_and_syllabi_are_found_with_their_people(client):
    author = PersonFactory(name="Sergei Medvedev", slug="sergei-medvedev")
    teacher = PersonFactory(name="Ivan Kurilla", slug="ivan-kurilla")
    book = BookFactory(
        title="The Return of the Russian Leviathan",
        slug="leviathan",
        authors=[author],
        prizes="Pushkin House Book Prize 2020",
        description="Essays on the state and society.",
    )
    syllabus = SyllabusFactory(
        title="Russian History Since 1991",
        slug="history-1991",
        instructors=[teacher],
        institution="European University at St Petersburg",
        summary="Archives and memory.",
    )
    for text, expected in [
        ("Leviathan", "leviathan"),
        ("Medvedev", "leviathan"),
        ("Pushkin prize", "leviathan"),
        ("Kurilla", "history-1991"),
        ("European University", "history-1991"),
        ("archives memory", "history-1991"),
    ]:
        assert expected in slugs(text), text
    response = client.get(reverse("search:search"), {"q": "Russian", "type": "book"})
    html = response.content.decode()
    assert_valid_html(response)
    assert book.get_absolute_url() in html and syllabus.get_absolute_url() not in html
    assert "Book" in html and "Sergei Medvedev" in html


def test_drafts_are_never_found():
    BookFactory(title="Unpublished walrus book", status=Status.DRAFT)
    SyllabusFactory(title="Unpublished walrus course", status=Status.DRAFT)
    assert slugs("walrus") == []


def test_filters_by_author_and_by_topic_slug():
    person = PersonFactory(name="Anna Author")
    BookFactory(title="Energy book", slug="energy-book", authors=[person])
    SyllabusFactory(title="Energy course", slug="energy-course", instructors=[person])
    BookFactory(title="Energy other", slug="energy-other")
    assert set(slugs("energy", author_id=person.pk)) == {"energy-book", "energy-course"}
    assert set(slugs("energy", kinds=["syllabus"])) == {"energy-course"}
    article_topic = TopicFactory(name="Energy", slug="energy")
    resource_topic = Topic.objects.create(name="Energy", slug="energy")
    book = BookFactory(title="Energy tagged", slug="energy-tagged")
    book.topics.add(resource_topic)
    assert slugs("energy", topic_id=article_topic.pk) == ["energy-tagged"]
    resource_topic.name = "Oil and gas"
    resource_topic.save()
    assert slugs("oil gas") == ["energy-tagged"]
