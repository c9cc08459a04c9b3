"""One publishing model (core.publishing): the same status, visibility, preview, banner, admin
actions and change signal for articles, episodes, events, lectures, books, syllabi and hub
entries."""

import datetime
from contextlib import contextmanager

import pytest
from django.contrib import admin
from django.db.models import CheckConstraint
from django.urls import reverse
from django.utils import timezone

from articles.models import Article, Byline
from core.admin import PublishingAdminMixin
from core.publishing import (
    Publishable,
    Status,
    content_changed,
    next_scheduled_time,
    publishable_models,
)
from events.models import Event, EventStatus, Lecture
from podcasts.models import Episode
from resources.models import Book, HubEntry, Syllabus
from tests.articles.factories import ArticleFactory
from tests.events.factories import EventFactory, LectureFactory
from tests.helpers.html import assert_valid_html
from tests.members.factories import PersonFactory, UserFactory
from tests.podcasts.factories import EpisodeFactory
from tests.resources.factories import BookFactory, HubEntryFactory, SyllabusFactory

pytestmark = pytest.mark.django_db

FACTORIES = {
    Article: ArticleFactory,
    Episode: EpisodeFactory,
    Event: EventFactory,
    Lecture: LectureFactory,
    Book: BookFactory,
    Syllabus: SyllabusFactory,
    HubEntry: HubEntryFactory,
}
DETAIL = [Article, Episode, Event, Lecture, Book, Syllabus]  # the kinds with a page of their own


def later(**kwargs):
    return timezone.now() + datetime.timedelta(**kwargs)


@contextmanager
def signals():
    """The content_changed signals sent inside the block, as (model, instance, was, is)."""
    sent = []

    def record(sender, instance, was_live, is_live, **kwargs):
        sent.append((sender, instance.title, was_live, is_live))

    content_changed.connect(record)
    try:
        yield sent
    finally:
        content_changed.disconnect(record)


def test_every_published_kind_is_one_publishable_model():
    assert set(publishable_models()) == set(FACTORIES)


@pytest.mark.parametrize("model", FACTORIES, ids=lambda m: m.__name__)
def test_every_model_has_the_status_check_of_its_own_choices(model):
    checks = {c.name: c for c in model._meta.constraints if isinstance(c, CheckConstraint)}
    check = checks[f"{model._meta.model_name}_status_valid"]
    statuses = [value for value, _ in model._meta.get_field("status").choices]
    assert check.condition.children == [("status__in", statuses)]


@pytest.mark.parametrize("model", FACTORIES, ids=lambda m: m.__name__)
def test_one_visibility_rule_drafts_and_scheduled_are_hidden(model):
    make = FACTORIES[model]
    live = make()
    draft = make(status=Status.DRAFT)
    scheduled = make(published_at=later(days=2))
    assert list(model.objects.published()) == [live]
    assert list(model.objects.scheduled()) == [scheduled]
    assert live.is_live and not draft.is_live and not scheduled.is_live
    assert scheduled.is_scheduled and not draft.is_scheduled and not live.is_scheduled


def test_cancelled_events_stay_visible_and_can_be_scheduled_like_any_item():
    cancelled = EventFactory(status=EventStatus.CANCELLED)
    scheduled = EventFactory(status=EventStatus.CANCELLED, published_at=later(hours=3))
    assert list(Event.objects.published()) == [cancelled]
    assert cancelled.is_live and scheduled.is_scheduled


def test_next_scheduled_time_is_the_earliest_across_every_kind(django_assert_num_queries):
    assert next_scheduled_time() is None
    ArticleFactory(published_at=later(days=3))
    soonest = later(hours=5)
    EventFactory(published_at=soonest)
    BookFactory(published_at=later(hours=6))
    ArticleFactory(status=Status.DRAFT, published_at=later(hours=1))  # a draft is no schedule
    with django_assert_num_queries(1):
        assert next_scheduled_time() == soonest


@pytest.mark.parametrize("model", DETAIL, ids=lambda m: m.__name__)
def test_drafts_are_404_for_readers_and_previewed_with_the_banner_by_editors(client, editor, model):
    item = FACTORIES[model](status=Status.DRAFT)
    assert client.get(item.get_absolute_url()).status_code == 404
    client.force_login(editor)
    response = client.get(item.get_absolute_url())
    assert response.status_code == 200
    assert_valid_html(response)
    html = response.content.decode()
    assert '<p class="draft-banner" role="status"><strong>Draft</strong>' in html
    assert '<meta name="robots" content="noindex' in html


@pytest.mark.parametrize("model", DETAIL, ids=lambda m: m.__name__)
def test_scheduled_items_show_when_they_will_be_published(client, editor, model):
    """Regression: the book and syllabus banners said "Scheduled" without the time, the event
    page had no scheduling at all."""
    when = timezone.localtime(later(days=4)).replace(hour=9, minute=0, second=0, microsecond=0)
    item = FACTORIES[model](published_at=when)
    assert client.get(item.get_absolute_url()).status_code == 404
    client.force_login(editor)
    html = client.get(item.get_absolute_url()).content.decode()
    assert "<strong>Scheduled</strong>" in html
    assert f"it will be published {when:%B} {when.day}, {when:%Y}, 09:00" in html


@pytest.mark.parametrize("model", DETAIL, ids=lambda m: m.__name__)
def test_live_pages_carry_no_banner_even_for_editors(client, editor, model):
    item = FACTORIES[model]()
    client.force_login(editor)
    html = client.get(item.get_absolute_url()).content.decode()
    assert "draft-banner" not in html


def test_a_cancelled_event_is_public_with_no_banner(client):
    event = EventFactory(status=EventStatus.CANCELLED)
    html = client.get(event.get_absolute_url()).content.decode()
    assert "This event has been cancelled." in html and "draft-banner" not in html


def test_staff_without_the_view_permission_cannot_preview(client):
    draft = LectureFactory(status=Status.DRAFT)
    client.force_login(UserFactory(is_staff=True))
    assert client.get(draft.get_absolute_url()).status_code == 404


# --- content_changed: the one hook ------------------------------------------------------------


def test_saving_and_deleting_send_content_changed_with_the_visibility_before_and_after():
    with signals() as sent:
        article = ArticleFactory(status=Status.DRAFT)
        article.publish()
        article.unpublish()
        article.schedule(later(days=1))
        Article.objects.filter(pk=article.pk).delete()  # a bulk delete, as the admin's
    title = article.title
    assert sent == [
        (Article, title, False, False),
        (Article, title, False, True),
        (Article, title, True, False),
        (Article, title, False, False),
        (Article, title, False, False),
    ]


def test_a_partly_loaded_item_still_knows_whether_it_was_live():
    article = ArticleFactory()
    partial = Article.objects.only("id", "title").get(pk=article.pk)
    with signals() as sent:
        partial.title = "Renamed"
        partial.save(update_fields=["title"])
    assert sent == [(Article, "Renamed", True, True)]


def test_credits_changing_send_content_changed_for_their_item():
    article, person = ArticleFactory(), PersonFactory()
    with signals() as sent:
        byline = Byline.objects.create(article=article, person=person)
        byline.delete()
    assert sent == [(Article, article.title, True, True)] * 2


def test_deleting_an_item_with_credits_sends_one_signal_for_it():
    article = ArticleFactory(authors=[PersonFactory(), PersonFactory()])
    with signals() as sent:
        article.delete()
    assert sent == [(Article, article.title, True, False)]


def test_the_admin_form_and_its_inlines_send_content_changed(client, editor):
    from tests.articles.factories import CategoryFactory, TopicFactory
    from tests.articles.helpers import article_form

    client.force_login(editor)
    data = article_form(CategoryFactory(), PersonFactory(), TopicFactory(), status="published")
    with signals() as sent:
        response = client.post(reverse("admin:articles_article_add"), data)
    assert response.status_code == 302
    article = Article.objects.get()
    # the article's save, then its byline's
    assert sent == [(Article, article.title, False, True), (Article, article.title, True, True)]


# --- the admin ------------------------------------------------------------------------------


def test_every_publishable_admin_uses_the_one_publishing_mixin():
    for model in publishable_models():
        model_admin = admin.site._registry[model]
        assert isinstance(model_admin, PublishingAdminMixin), model
        assert {"publish", "unpublish", "schedule"} <= set(model_admin.actions)


def _changelist(model):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")


@pytest.mark.parametrize("model", FACTORIES, ids=lambda m: m.__name__)
def test_bulk_actions_go_through_save(client, editor, model):
    item = FACTORIES[model](status=Status.DRAFT)
    updated = item.updated
    client.force_login(editor)
    with signals() as sent:
        response = client.post(
            _changelist(model), {"action": "publish", "_selected_action": [item.pk]}, follow=True
        )
    noun = model._meta.verbose_name
    assert f"Published 1 {noun}." in response.content.decode()
    assert sent == [(model, item.title, False, True)]
    with signals() as sent:
        client.post(_changelist(model), {"action": "unpublish", "_selected_action": [item.pk]})
    assert sent == [(model, item.title, True, False)]
    item.refresh_from_db()
    assert item.status == Status.DRAFT and item.updated > updated


def test_unpublishing_episodes_goes_through_save(client, editor):
    """Regression: the podcasts' unpublish used QuerySet.update(): no save(), so `updated`
    (the sitemap's lastmod, the feed's state) did not change and no signal could run."""
    episode = EpisodeFactory()
    before = episode.updated
    client.force_login(editor)
    client.post(_changelist(Episode), {"action": "unpublish", "_selected_action": [episode.pk]})
    episode.refresh_from_db()
    assert episode.status == Status.DRAFT and episode.updated > before


def test_history_records_bulk_publishing_with_its_reason(client, editor):
    book = BookFactory(status=Status.DRAFT)
    client.force_login(editor)
    client.post(_changelist(Book), {"action": "publish", "_selected_action": [book.pk]})
    assert book.history.first().history_change_reason == "Published in bulk"


def test_schedule_asks_for_the_time_then_schedules_every_selected_item(client, editor):
    drafts = [BookFactory(status=Status.DRAFT), BookFactory()]
    client.force_login(editor)
    ids = [b.pk for b in drafts]
    page = client.post(_changelist(Book), {"action": "schedule", "_selected_action": ids})
    assert page.status_code == 200
    html = page.content.decode()
    assert "Publication time" in html and drafts[0].title in html
    when = timezone.localtime(later(days=10)).replace(second=0, microsecond=0)
    data = {
        "action": "schedule",
        "_selected_action": ids,
        "apply": "1",
        "published_at_0": f"{when:%Y-%m-%d}",
        "published_at_1": f"{when:%H:%M}",
    }
    with signals() as sent:
        response = client.post(_changelist(Book), data, follow=True)
    assert "Scheduled 2 books for" in response.content.decode()
    assert len(sent) == 2
    for book in drafts:
        book.refresh_from_db()
        assert book.status == Status.PUBLISHED and book.published_at == when
        assert book.is_scheduled
    assert not Book.objects.published().exists()


def test_schedule_refuses_a_time_in_the_past_and_changes_nothing(client, editor):
    draft = ArticleFactory(status=Status.DRAFT)
    client.force_login(editor)
    past = timezone.localtime(later(days=-1))
    response = client.post(
        _changelist(Article),
        {
            "action": "schedule",
            "_selected_action": [draft.pk],
            "apply": "1",
            "published_at_0": f"{past:%Y-%m-%d}",
            "published_at_1": f"{past:%H:%M}",
        },
    )
    assert response.status_code == 400
    assert "Choose a time in the future" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_scheduling_a_cancelled_event_keeps_it_cancelled():
    event = EventFactory(status=EventStatus.CANCELLED)
    event.schedule(later(days=1))
    event.refresh_from_db()
    assert event.status == EventStatus.CANCELLED and event.is_scheduled


def test_membership_staff_cannot_schedule(client, membership_staff):
    draft = ArticleFactory(status=Status.DRAFT)
    client.force_login(membership_staff)
    assert "Schedule the selected" not in client.get(_changelist(Article)).content.decode()
    response = client.post(
        _changelist(Article), {"action": "schedule", "_selected_action": [draft.pk]}
    )
    assert 'name="apply"' not in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT


def test_publishable_is_abstract():
    assert Publishable._meta.abstract
