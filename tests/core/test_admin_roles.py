"""What each staff group may do in the admin: editors, membership staff, and no one logged out."""

import pytest
from django.urls import reverse

from core.publishing import Status
from members.models import Membership, Tier
from tests.articles.factories import ArticleFactory
from tests.members.factories import MembershipFactory

pytestmark = pytest.mark.django_db


def test_editors_cannot_touch_memberships(client, editor):
    membership = MembershipFactory()
    client.force_login(editor)
    assert client.get(reverse("admin:members_membership_changelist")).status_code == 403
    assert (
        client.get(reverse("admin:members_membership_change", args=[membership.pk])).status_code
        == 403
    )
    assert not editor.has_perm("members.change_membership")
    assert not editor.has_perm("members.add_membership")


def test_membership_staff_cannot_publish_articles(client, membership_staff):
    draft = ArticleFactory(status=Status.DRAFT)
    client.force_login(membership_staff)
    url = reverse("admin:articles_article_changelist")
    client.post(url, {"action": "publish", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.status == Status.DRAFT
    assert client.get(reverse("admin:articles_article_add")).status_code == 403
    assert not membership_staff.has_perm("articles.change_article")


def test_membership_staff_record_a_tier_change_as_a_new_term(client, membership_staff):
    membership = MembershipFactory(tier=Tier.ASSOCIATE)
    client.force_login(membership_staff)
    response = client.post(
        reverse("admin:members_membership_add"),
        {
            "person": membership.person.pk,
            "tier": Tier.CORE,
            "status": "active",
            "role": "member",
            "title": "",
            "started": "2024-01-01",
            "ended": "",
            "note": "",
        },
    )
    assert response.status_code == 302
    assert Membership.objects.filter(person=membership.person).count() == 2


def test_admin_requires_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302 and "/admin/login/" in response["Location"]
