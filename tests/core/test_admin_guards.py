"""Admin 500s from upstream bugs (issue 13, defect 13), for every registered ModelAdmin.

- A date-hierarchy period ending past 9999-12-31 (`?<field>__year=9999&…`) raised OverflowError.
- A non-numeric id in a history address (`/admin/articles/article/abc/history/`) raised
  ValueError in django-simple-history.
"""

import pytest
from django.contrib import admin
from django.contrib.messages import get_messages
from django.urls import reverse
from simple_history.admin import SimpleHistoryAdmin

from core.admin import GuardedAdminMixin
from tests.articles.factories import ArticleFactory
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db

REGISTRY = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)
DATED = [(model, model_admin) for model, model_admin in REGISTRY if model_admin.date_hierarchy]
HISTORY = [(m, ma) for m, ma in REGISTRY if isinstance(ma, SimpleHistoryAdmin)]


def label(item):
    return item[0]._meta.label


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_the_registry_has_dated_and_history_admins():
    """The parametrised tests below cover something: the site has both kinds."""
    assert {"articles.Article", "events.Event"} <= {m._meta.label for m, _ in DATED}
    assert {"articles.Article", "members.Person"} <= {m._meta.label for m, _ in HISTORY}


@pytest.mark.parametrize(
    "period",
    [
        {"year": "9999"},
        {"year": "9999", "month": "12"},
        {"year": "9999", "month": "12", "day": "31"},
    ],
)
@pytest.mark.parametrize("item", DATED, ids=label)
def test_a_period_past_the_last_date_shows_the_whole_list(superuser_client, item, period):
    model, model_admin = item
    assert isinstance(model_admin, GuardedAdminMixin)
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    query = {f"{model_admin.date_hierarchy}__{part}": value for part, value in period.items()}
    response = superuser_client.get(url, query)
    assert response.status_code == 302 and response["Location"] == f"{url}?e=1"
    response = superuser_client.get(response["Location"])
    assert response.status_code == 200
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "There is no such date to list: showing everything instead."
    ]


@pytest.mark.parametrize("item", DATED, ids=label)
def test_the_last_representable_day_still_filters(superuser_client, item):
    model, model_admin = item
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    field = model_admin.date_hierarchy
    query = {f"{field}__year": "9999", f"{field}__month": "12", f"{field}__day": "30"}
    assert superuser_client.get(url, query).status_code == 200


@pytest.mark.parametrize("object_id", ["abc", "1x", "²"])
@pytest.mark.parametrize("item", REGISTRY, ids=label)
def test_a_history_address_with_a_bad_id_is_a_404(superuser_client, item, object_id):
    model, model_admin = item
    assert isinstance(model_admin, GuardedAdminMixin)
    url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/{object_id}/history/"
    assert superuser_client.get(url).status_code == 404


@pytest.mark.parametrize("item", REGISTRY, ids=label)
def test_a_history_address_with_an_id_of_nothing_is_not_a_500(superuser_client, item):
    """A number that names no record (or is no key at all, for a UUID key): simple-history and
    the guard answer 404, Django's own history view sends the user back to the admin's front
    page with "… doesn't exist"."""
    model, model_admin = item
    url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/{'9' * 30}/history/"
    expected = {404} if isinstance(model_admin, SimpleHistoryAdmin) else {302, 404}
    assert superuser_client.get(url).status_code in expected


@pytest.mark.parametrize("item", HISTORY, ids=label)
def test_a_history_version_address_with_a_bad_id_is_a_404(superuser_client, item):
    model, _ = item
    base = f"/admin/{model._meta.app_label}/{model._meta.model_name}"
    for path in ["abc/history/1", "1/history/abc", "abc/history/abc", "1/history/²"]:
        assert superuser_client.get(f"{base}/{path}/").status_code == 404, path


def test_history_of_a_real_article_still_works(superuser_client):
    article = ArticleFactory()
    url = reverse("admin:articles_article_history", args=[article.pk])
    response = superuser_client.get(url)
    assert response.status_code == 200
    version = article.history.latest()
    url = f"/admin/articles/article/{article.pk}/history/{version.history_id}/"
    assert superuser_client.get(url).status_code == 200


@pytest.mark.parametrize(
    "query", ["page=2", "nonsense=1", "created__gte=not-a-date", "o=abc&q=x&zzz=1"]
)
def test_the_export_page_with_filters_that_do_not_apply_goes_back_to_the_list(
    client, membership_staff, query
):
    """django-import-export builds the list's queryset from the address and let its
    IncorrectLookupParameters escape: a stray parameter on /export/ was a 500 (found by the
    fuzz suite)."""
    client.force_login(membership_staff)
    changelist = reverse("admin:members_person_changelist")
    response = client.get(f"{reverse('admin:members_person_export')}?{query}")
    assert response.status_code == 302 and response["Location"] == f"{changelist}?e=1"
    response = client.get(response["Location"])
    assert "These filters do not apply to the list" in response.content.decode()


def test_the_export_page_still_opens(client, membership_staff):
    client.force_login(membership_staff)
    assert client.get(reverse("admin:members_person_export")).status_code == 200
