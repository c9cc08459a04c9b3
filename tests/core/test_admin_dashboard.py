"""The admin's front page is an editor's dashboard (core/templatetags/dashboard.py)."""

import datetime
import re

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from core.publishing import Status
from tests.articles.factories import ArticleFactory
from tests.events.factories import EventFactory
from tests.members.factories import UserFactory
from tests.podcasts.factories import EpisodeFactory
from tests.resources.factories import BookFactory

pytestmark = pytest.mark.django_db


def section(html, name):
    match = re.search(rf'<div class="module" id="dashboard-{name}">(.*?)</div>', html, re.S)
    assert match, name
    return match.group(1)


def test_drafts_scheduled_and_others_changes_are_one_click_from_editing(client, editor):
    draft = ArticleFactory(title="A draft memo", status=Status.DRAFT)
    draft_episode = EpisodeFactory(title="An unfinished episode", status=Status.DRAFT)
    soon = timezone.now() + datetime.timedelta(days=2)
    EventFactory(title="A scheduled event", published_at=soon)
    BookFactory(title="A scheduled book", published_at=soon + datetime.timedelta(days=1))
    live = ArticleFactory(title="A live article")
    colleague = UserFactory(username="colleague", is_staff=True)
    LogEntry.objects.log_actions(
        colleague.pk, [live], CHANGE, change_message="[]", single_object=True
    )
    LogEntry.objects.log_actions(
        editor.pk, [draft], CHANGE, change_message="[]", single_object=True
    )
    client.force_login(editor)
    html = client.get(reverse("admin:index")).content.decode()

    drafts = section(html, "drafts")
    for item, kind in ((draft, "Article"), (draft_episode, "Episode")):
        url = reverse(
            f"admin:{item._meta.app_label}_{item._meta.model_name}_change", args=[item.pk]
        )
        assert f'<a href="{url}">{item.title}</a></th><td>{kind}</td>' in drafts
    assert "A live article" not in drafts and "A scheduled event" not in drafts

    upcoming = section(html, "scheduled")
    assert upcoming.index("A scheduled event") < upcoming.index("A scheduled book")
    assert f"{timezone.localtime(soon):%b} {timezone.localtime(soon).day}, " in upcoming
    assert "A draft memo" not in upcoming

    changes = section(html, "changes")
    assert "A live article" in changes and "colleague" in changes
    assert "A draft memo" not in changes  # my own change is in "Recent actions" already


def test_staff_see_only_the_kinds_they_may_view(client):
    ArticleFactory(title="An editors' draft", status=Status.DRAFT)
    BookFactory(title="A draft book", status=Status.DRAFT)
    user = UserFactory(is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_book"))
    client.force_login(user)
    drafts = section(client.get(reverse("admin:index")).content.decode(), "drafts")
    assert "A draft book" in drafts and "editors" not in drafts


@pytest.mark.parametrize("count", [1, 30])
def test_the_dashboard_costs_the_same_queries_however_much_content(
    client, editor, django_assert_max_num_queries, count
):
    colleague = UserFactory(is_staff=True)
    for i in range(count):
        article = ArticleFactory(status=Status.DRAFT)
        ArticleFactory(published_at=timezone.now() + datetime.timedelta(days=i + 1))
        LogEntry.objects.log_actions(
            colleague.pk, [article], CHANGE, change_message="[]", single_object=True
        )
    client.force_login(editor)
    with django_assert_max_num_queries(12):
        response = client.get(reverse("admin:index"))
    html = response.content.decode()
    assert section(html, "drafts").count("<tr>") == min(count, 10) + 1  # + the heading row


def test_the_admin_index_names_each_model_once(admin_client):
    """Regression: "Topics" (articles, resources) and "Series" (events, podcasts) twice."""
    names = [
        model["name"]
        for app in admin_client.get(reverse("admin:index")).context["app_list"]
        for model in app["models"]
    ]
    assert len(names) == len(set(names)), sorted(names)
    assert {"Resource topics", "Podcast series", "Event series"} <= set(names)
