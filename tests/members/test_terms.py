"""One rule for membership terms, whichever way staff change them.

`Membership.objects.start_term()` and `.end_term()` are the rule; the admin's actions, the import
and a direct call must leave the same records and history. Each scenario runs on every path.
"""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from members.models import Membership, MembershipStatus, Role, Tier
from tests.members.factories import MembershipFactory, PersonFactory
from tests.members.helpers import confirm, main_text, upload

pytestmark = pytest.mark.django_db

D = datetime.date


def person_with_terms(name, *held):
    """A person holding `held` terms: (tier, started, ended) each."""
    person = PersonFactory(name=name)
    for tier, started, ended in held:
        MembershipFactory(person=person, tier=tier, started=started, ended=ended)
    return person


def terms(person):
    return list(
        person.memberships.order_by("started", "id").values_list(
            "tier", "status", "role", "title", "started", "ended"
        )
    )


def start_directly(client, staff, person, **term):
    changes = Membership.objects.start_term(Membership(person=person, **term), user=staff)
    return " ".join(reason for _, reason in changes.refused)


def start_in_admin(client, staff, person, **term):
    data = {
        "action": "add_term",
        "index": 0,
        "_selected_action": [person.pk],
        "tier": term["tier"],
        "status": term.get("status", ""),
        "role": term.get("role", ""),
        "title": term.get("title", ""),
        "on": term["started"].isoformat(),
    }
    url = reverse("admin:members_person_changelist") + "?membership=all"
    return client.post(url, data, follow=True).content.decode()


def start_by_import(client, staff, person, **term):
    row = [
        person.pk,
        person.name,
        term["tier"],
        term.get("status", ""),
        term.get("role", ""),
        term.get("title", ""),
        term["started"].isoformat(),
        "",
    ]
    preview = upload(
        client, "id,name,tier,status,role,title,started,ended\n" + ",".join(map(str, row)) + "\n"
    )
    if preview.context.get("confirm_form") is None:
        return main_text(preview)
    return confirm(client, preview).content.decode()


START_PATHS = {"direct": start_directly, "admin": start_in_admin, "import": start_by_import}


@pytest.fixture(params=START_PATHS)
def start(request, client, membership_staff):
    client.force_login(membership_staff)

    def run(person, **term):
        return START_PATHS[request.param](client, membership_staff, person, **term)

    return run


def test_a_new_term_closes_every_running_term_the_day_before(start, membership_staff):
    # The last term overlaps the one before (typed in by hand): both end, not only the latest.
    person = person_with_terms(
        "Ben Noble",
        (Tier.ASSOCIATE, D(2010, 1, 1), D(2012, 1, 1)),
        (Tier.ASSOCIATE, D(2018, 1, 1), None),
        (Tier.COLLEGIUM, D(2020, 1, 1), D(2030, 1, 1)),
    )
    start(person, tier=Tier.CORE, started=D(2024, 7, 1), role=Role.EXECUTIVE_COMMITTEE)
    assert terms(person) == [
        ("associate", "active", "member", "", D(2010, 1, 1), D(2012, 1, 1)),
        ("associate", "active", "member", "", D(2018, 1, 1), D(2024, 6, 30)),
        ("collegium", "active", "member", "", D(2020, 1, 1), D(2024, 6, 30)),
        ("core", "active", "executive_committee", "", D(2024, 7, 1), None),
    ]
    changed = Membership.history.filter(person_id=person.pk)
    assert {(r.history_type, r.history_user) for r in changed.filter(tier="core")} == {
        ("+", membership_staff)
    }
    closings = changed.filter(history_type="~")
    assert closings.count() == 2
    assert {r.history_user for r in closings} == {membership_staff}


def test_a_term_on_the_same_start_date_corrects_that_term(start, membership_staff):
    person = person_with_terms(
        "Maria Lipman",
        (Tier.ASSOCIATE, D(2015, 1, 1), D(2019, 12, 31)),
        (Tier.COLLEGIUM, D(2020, 1, 1), None),
    )
    correction = {
        "tier": Tier.COLLEGIUM,
        "started": D(2020, 1, 1),
        "status": MembershipStatus.EMERITUS,
        "title": "Editor",
    }
    start(person, **correction)
    assert terms(person) == [
        ("associate", "active", "member", "", D(2015, 1, 1), D(2019, 12, 31)),
        ("collegium", "emeritus", "member", "Editor", D(2020, 1, 1), None),
    ]
    record = Membership.history.filter(person_id=person.pk, history_type="~").get()
    assert (record.status, record.history_user) == ("emeritus", membership_staff)
    # The same values again write nothing.
    before = Membership.history.count()
    start(person, **correction)
    assert Membership.history.count() == before


def test_a_term_before_the_latest_one_is_refused_with_the_reason(start):
    person = PersonFactory(name="Henry Hale")
    MembershipFactory(person=person, tier=Tier.CORE, started=D(2024, 1, 1))
    before = terms(person), Membership.history.count()
    answer = start(person, tier=Tier.ASSOCIATE, started=D(2023, 6, 1))
    assert "This term starts before the latest one on file (2024-01-01)" in answer
    assert (terms(person), Membership.history.count()) == before


def test_a_term_after_one_that_has_ended_leaves_the_old_end_date(start):
    person = PersonFactory(name="Georgiy Kasianov")
    MembershipFactory(person=person, tier=Tier.CORE, started=D(2012, 1, 1), ended=D(2020, 1, 1))
    start(person, tier=Tier.CORE, started=D(2024, 7, 1))
    assert terms(person) == [
        ("core", "active", "member", "", D(2012, 1, 1), D(2020, 1, 1)),
        ("core", "active", "member", "", D(2024, 7, 1), None),
    ]


def test_the_import_defaults_a_blank_start_to_the_latest_term_of_the_same_tier(
    client, membership_staff
):
    """A row without a start date is the term on file (a correction), not a new term today."""
    client.force_login(membership_staff)
    person = PersonFactory(name="Tanya Lokot")
    MembershipFactory(person=person, tier=Tier.ASSOCIATE, started=D(2019, 9, 1))
    csv = f"id,name,tier,title,started\n{person.pk},Tanya Lokot,associate,Editor,\n"
    confirm(client, upload(client, csv))
    assert terms(person) == [("associate", "active", "member", "Editor", D(2019, 9, 1), None)]


def test_one_new_term_per_person_per_call():
    person = PersonFactory()
    with pytest.raises(ValueError, match="One new term per person"):
        Membership.objects.start_term(
            Membership(person=person, tier=Tier.CORE, started=D(2024, 1, 1)),
            Membership(person=person, tier=Tier.CORE, started=D(2025, 1, 1)),
        )


# Ending terms ---------------------------------------------------------------------------------


def end_directly(client, staff, person):
    Membership.objects.filter(person=person).end_term(timezone.localdate(), user=staff)


def end_in_person_admin(client, staff, person):
    data = {"action": "end_term", "index": 0, "_selected_action": [person.pk], "on": ""}
    client.post(reverse("admin:members_person_changelist") + "?membership=all", data)


def end_in_membership_admin(client, staff, person):
    data = {
        "action": "end_today",
        "index": 0,
        "_selected_action": list(person.memberships.values_list("pk", flat=True)),
    }
    client.post(reverse("admin:members_membership_changelist"), data)


END_PATHS = {
    "direct": end_directly,
    "person admin": end_in_person_admin,
    "membership admin": end_in_membership_admin,
}


@pytest.mark.parametrize("path", END_PATHS)
def test_ending_terms_ends_those_running_today_and_only_those(client, membership_staff, path):
    client.force_login(membership_staff)
    today = timezone.localdate()
    day = datetime.timedelta(days=1)
    person = PersonFactory(name="Leaving Person")
    ended = MembershipFactory(person=person, started=D(2010, 1, 1), ended=D(2012, 1, 1))
    running = MembershipFactory(person=person, started=D(2018, 1, 1))
    ending_later = MembershipFactory(person=person, started=D(2019, 1, 1), ended=today + 30 * day)
    not_started = MembershipFactory(person=person, started=today + day)
    END_PATHS[path](client, membership_staff, person)
    for term, end in [
        (ended, D(2012, 1, 1)),
        (running, today),
        (ending_later, today),
        (not_started, None),
    ]:
        term.refresh_from_db()
        assert term.ended == end, term
    changes = Membership.history.filter(person_id=person.pk, history_type="~")
    assert sorted(r.id for r in changes) == sorted([running.pk, ending_later.pk])
    assert {r.history_user for r in changes} == {membership_staff}
