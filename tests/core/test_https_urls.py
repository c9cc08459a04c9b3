"""A web address typed without a scheme is stored as https://…, in every form that takes one.

One mechanism (core.fields): every model URL field is HttpsURLField, whose form field assumes
https; forms that declare their own use HttpsURLFormField. The RemovedInDjango60Warning about
the default scheme is an error in tests again, so a forms.URLField made any other way fails.
"""

import pytest
from django import forms
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import models
from django.test import RequestFactory
from django.urls import reverse

from articles.models import Article
from comments.models import Comment
from core.demo_images import picture
from core.fields import HttpsURLField
from events.models import Event, Lecture
from members.models import Person
from podcasts.models import Episode, Show
from resources.models import Book, HubEntry
from tests.articles.factories import ArticleFactory, CategoryFactory, TopicFactory
from tests.articles.helpers import article_form
from tests.comments.helpers import post_comment
from tests.events.factories import LectureTopicFactory
from tests.events.test_admin import form_data as event_data
from tests.members.factories import PersonFactory
from tests.podcasts.test_admin import show_form
from tests.resources.factories import ResourceTopicFactory
from tests.resources.test_admin import book_data

pytestmark = pytest.mark.django_db

PROJECT_APPS = [
    config for config in apps.get_app_configs() if config.path.startswith(str(settings.BASE_DIR))
]


def test_every_url_field_of_the_project_is_an_https_url_field():
    plain = [
        f"{model._meta.label}.{field.name}"
        for app in PROJECT_APPS
        for model in app.get_models()
        for field in model._meta.get_fields()
        if isinstance(field, models.URLField) and not isinstance(field, HttpsURLField)
    ]
    assert plain == []
    assert {app.label for app in PROJECT_APPS} >= {"members", "comments", "articles", "events"}


def url_form_fields(form_class):
    return {
        name: field
        for name, field in form_class.base_fields.items()
        if isinstance(field, forms.URLField)
    }


def test_every_admin_form_and_inline_assumes_https(admin_user):
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    seen = set()
    for model, model_admin in admin.site._registry.items():
        form_classes = [model_admin.get_form(request)]
        form_classes += [
            inline.get_formset(request).form for inline in model_admin.get_inline_instances(request)
        ]
        for form_class in form_classes:
            for name, field in url_form_fields(form_class).items():
                assert field.assume_scheme == "https", (model._meta.label, name)
                seen.add(f"{form_class._meta.model._meta.label}.{name}")
    # The admin forms with web addresses are all there (a rename would hide them from the test).
    assert seen >= {
        "articles.Article.external_url",
        "members.Person.website",
        "podcasts.Show.apple_podcasts_url",
        "podcasts.Show.spotify_url",
        "podcasts.Episode.audio_url",
        "events.Event.online_url",
        "events.Event.registration_url",
        "events.Event.recording_url",
        "events.Lecture.recording_url",
        "resources.Book.link",
        "resources.HubEntry.url",
    }


# What an editor types, and what is stored -------------------------------------------------


def person_case():
    data = {
        "name": "Ben Noble",
        "sort_name": "Noble, Ben",
        "slug": "ben-noble",
        "website": "bennoble.example/about",
        "memberships-TOTAL_FORMS": "0",
        "memberships-INITIAL_FORMS": "0",
    }
    return "admin:members_person_add", data, lambda: Person.objects.get().website


def article_case():
    data = article_form(
        CategoryFactory(), PersonFactory(), TopicFactory(), external_url="example.org/read"
    )
    return "admin:articles_article_add", data, lambda: Article.objects.get().external_url


def book_case():
    data = book_data(link="politybooks.com/leviathan")
    return "admin:resources_book_add", data, lambda: Book.objects.get().link


def hub_entry_case():
    data = {
        "title": "Data",
        "url": "data.example.org/set",
        "annotation": "A data set.",
        "kind": "dataset",
        "topic": ResourceTopicFactory().pk,
        "order": 0,
        "status": "published",
        "published_at_0": "2020-10-30",
        "published_at_1": "09:00:00",
    }
    return "admin:resources_hubentry_add", data, lambda: HubEntry.objects.get().url


def show_case():
    artwork = SimpleUploadedFile("show.png", picture("show", 1400, 1400, fmt="PNG").read())
    data = show_form(
        artwork=artwork,
        apple_podcasts_url="podcasts.apple.com/us/podcast/ponars",
        spotify_url="open.spotify.com/show/ponars",
    )

    def stored():
        show = Show.objects.get()
        return show.apple_podcasts_url, show.spotify_url

    return "admin:podcasts_show_add", data, stored


def event_case():
    data = event_data(
        online_url="zoom.example/j/1",
        registration_url="example.org/register",
        recording_url="youtu.be/abcdefghijk",
    )

    def stored():
        event = Event.objects.get()
        return event.online_url, event.registration_url, event.recording_url

    return "admin:events_event_add", data, stored


def lecture_case():
    data = {
        "title": "Reading nuclear signals",
        "slug": "reading-nuclear-signals",
        "lecturer": PersonFactory().pk,
        "topic": LectureTopicFactory().pk,
        "summary": "",
        "recording_url": "vimeo.com/76979871",
        "recorded_on": "2023-01-27",
        "status": "published",
        "published_at_0": "2023-01-30",
        "published_at_1": "09:00:00",
    }
    return "admin:events_lecture_add", data, lambda: Lecture.objects.get().recording_url


CASES = {
    "person": (person_case, "https://bennoble.example/about"),
    "article": (article_case, "https://example.org/read"),
    "book": (book_case, "https://politybooks.com/leviathan"),
    "hub entry": (hub_entry_case, "https://data.example.org/set"),
    "show": (
        show_case,
        ("https://podcasts.apple.com/us/podcast/ponars", "https://open.spotify.com/show/ponars"),
    ),
    "event": (
        event_case,
        (
            "https://zoom.example/j/1",
            "https://example.org/register",
            "https://youtu.be/abcdefghijk",
        ),
    ),
    "lecture": (lecture_case, "https://vimeo.com/76979871"),
}


@pytest.mark.parametrize("case", CASES)
def test_an_address_typed_without_a_scheme_is_stored_as_https(admin_client, case):
    make, expected = CASES[case]
    url_name, data, stored = make()
    response = admin_client.post(reverse(url_name), data)
    assert response.status_code == 302, response.content.decode()[-3000:]
    assert stored() == expected


def test_the_episode_audio_address_is_fetched_over_https(admin_user):
    """The admin fetches the audio from the address it is given (tested in the podcast admin
    tests); the address it is given for a scheme-less one is the https one."""
    request = RequestFactory().get("/admin/")
    request.user = admin_user
    form_class = admin.site._registry[Episode].get_form(request)
    field = form_class.base_fields["audio_url"]
    assert field.clean("media.example.org/episode-5.mp3") == (
        "https://media.example.org/episode-5.mp3"
    )


def test_a_readers_website_typed_without_a_scheme_is_stored_as_https(client):
    article = ArticleFactory()
    response = post_comment(client, article, website="anna.example/blog")
    assert response.status_code == 303
    assert Comment.objects.get().website == "https://anna.example/blog"
