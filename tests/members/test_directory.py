"""The public member directory: who is listed, grouping, filters, person pages, privacy, queries."""

import datetime
import io

import pytest
from django.core.management.base import OutputWrapper
from django.urls import reverse
from django.utils import timezone

from core.demo_images import picture as demo_picture
from members import demo
from members.models import Expertise, MembershipStatus, Person, Role, Tier
from tests.articles.factories import ArticleFactory
from tests.helpers.html import assert_valid_html
from tests.members.factories import (
    MembershipFactory,
    PersonFactory,
    make_former_member,
    make_member,
    make_members,
)

pytestmark = pytest.mark.django_db

DIRECTORY_PAGES = [
    ("members:directory", {}),
    ("members:tier", {"tier": "core"}),
    ("members:expertise", {"slug": "ukraine"}),
    ("members:executive-committee", {}),
]


def page(client, name, status=200, **kwargs):
    response = client.get(reverse(name, kwargs=kwargs) if not name.startswith("/") else name)
    assert response.status_code == status, response.content.decode()[:500]
    return response, main(response)


def main(response):
    """The page's own content, without the site menus (which name every tier)."""
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


def test_current_members_lists_active_and_emeritus_only():
    active = make_member(name="Ann Active")
    emeritus = make_member(name="Emma Emerita", status=MembershipStatus.EMERITUS)
    lapsed = make_member(name="Larry Lapsed", status=MembershipStatus.LAPSED)
    former = make_former_member(name="Fred Former")
    future = PersonFactory(name="Futura Soon")
    MembershipFactory(person=future, started=timezone.localdate() + datetime.timedelta(days=10))
    PersonFactory(name="Never Member")
    assert set(Person.objects.current_members()) == {active, emeritus}
    assert {lapsed, former, future}.isdisjoint(Person.objects.current_members())


def test_directory_groups_by_tier_then_surname(client):
    make_member(
        name="Zoe Adams", tier=Tier.ASSOCIATE, affiliation="McGill University", city="Montreal"
    )
    make_member(name="Henry Hale", tier=Tier.CORE, city="Washington", country="US")
    make_member(name="Maria Lipman", tier=Tier.CORE)
    make_member(name="Adam Zed", tier=Tier.CORE)
    make_member(name="Grigory Golosov", tier=Tier.COLLEGIUM)
    response, html = page(client, "members:directory")
    assert_valid_html(response)
    order = [
        html.index(text)
        for text in (
            "Core Members",
            "Henry Hale",
            "Maria Lipman",
            "Adam Zed",
            "Collegium Members",
            "Grigory Golosov",
            "Associate Members",
            "Zoe Adams",
        )
    ]
    assert order == sorted(order)
    assert "McGill University" in html and "Montreal" in html
    assert "Washington, United States of America" in html
    assert "5 members" in html


def test_tier_page_lists_only_that_tier(client):
    make_member(name="Core Person", tier=Tier.CORE)
    make_member(name="Collegium Person", tier=Tier.COLLEGIUM)
    response, html = page(client, "members:tier", tier="collegium")
    assert_valid_html(response)
    assert "<h1>Collegium Members" in html
    assert "Collegium Person" in html and "Core Person" not in html


def promoted(person):
    """Associate from six to three years ago, Core since: `person`."""
    today = timezone.localdate()
    MembershipFactory(
        person=person,
        tier=Tier.ASSOCIATE,
        started=today.replace(year=today.year - 6),
        ended=today.replace(year=today.year - 3),
    )
    MembershipFactory(
        person=person,
        tier=Tier.CORE,
        started=today.replace(year=today.year - 3) + datetime.timedelta(days=1),
    )
    return person


def test_tier_is_the_current_term_not_an_old_one(client):
    promoted(PersonFactory(name="Promoted Person"))
    assert "Promoted Person" in page(client, "members:tier", tier="core")[1]
    assert "Promoted Person" not in page(client, "members:tier", tier="associate")[1]


def test_the_current_term_is_annotated_once_and_anew_for_another_day():
    """with_current_term() on a queryset it already annotated (a tier's page) adds nothing;
    asked for another day, it annotates that day's terms."""
    person = promoted(PersonFactory())
    today = timezone.localdate()
    annotated = Person.objects.with_current_term()
    assert str(annotated.with_current_term().query) == str(annotated.query)
    assert annotated.with_current_term().get(pk=person.pk).member_tier == Tier.CORE
    back_then = annotated.with_current_term(on=today.replace(year=today.year - 4))
    assert back_then.get(pk=person.pk).member_tier == Tier.ASSOCIATE


def test_unknown_tier_is_a_person_slug_404(client):
    page(client, "/members/platinum/", status=404)


def test_expertise_page_lists_current_members_with_that_expertise(client):
    make_member(name="Volodymyr Dubovyk", expertise=["Ukraine", "Black Sea"])
    make_member(name="Volha Charnysh", expertise=["Belarus"])
    former = make_former_member(name="Georgiy Kasianov")
    former.expertise.add("Ukraine")
    response, html = page(client, "members:expertise", slug="ukraine")
    assert_valid_html(response)
    assert "<h1>Ukraine Experts" in html
    assert "Volodymyr Dubovyk" in html
    assert "Volha Charnysh" not in html and "Kasianov" not in html
    page(client, "members:expertise", slug="atlantis", status=404)


def test_expertise_is_separate_from_article_topics(client):
    from articles.models import Topic

    Topic.objects.create(name="Ukraine", slug="ukraine")
    page(client, "members:expertise", slug="ukraine", status=404)
    make_member(name="Kristina Hook", expertise=["Ukraine"])
    assert Expertise.objects.get(slug="ukraine").name == "Ukraine"
    assert "Kristina Hook" in page(client, "members:expertise", slug="ukraine")[1]


def test_country_filter(client):
    make_member(name="Odesa Scholar", country="UA")
    make_member(name="Ottawa Scholar", country="CA")
    response, html = page(client, "/members/?country=UA")
    assert_valid_html(response)
    assert "Odesa Scholar" in html and "Ottawa Scholar" not in html
    assert "in Ukraine" in html
    # The menu offers only countries that have members.
    assert '<option value="CA">Canada</option>' in html and 'value="FR"' not in html
    html = page(client, "/members/core/?country=CA")[1]
    assert "Ottawa Scholar" in html and "Odesa Scholar" not in html


@pytest.mark.parametrize(
    "query", ["?country=XX", "?country=FR", "?country=%00", "?country=" + "U" * 300]
)
def test_bad_country_is_a_clear_400(client, query):
    make_member(name="Odesa Scholar", country="UA")
    response, html = page(client, "/members/" + query, status=400)
    assert_valid_html(response)
    # A country not in the menu: the form says so; a NUL or an overlong value: the request is.
    assert (
        'id="id_country_error"><li>Select a valid choice.' in html
        or "The address is too long or malformed." in html
    )
    assert "Odesa Scholar" not in html


def test_the_directory_describes_itself_in_the_pages_language(client):
    make_member(name="Odesa Scholar", country="UA")
    html = client.get("/ru/members/?country=UA").content.decode()
    assert '<meta name="description" content="Участники (Украина) — PONARS Eurasia' in html
    html = client.get("/members/?country=UA").content.decode()
    assert '<meta name="description" content="Members in Ukraine of PONARS Eurasia' in html


def test_bad_page_number_is_404(client):
    make_member()
    page(client, "/members/?page=99", status=404)
    page(client, "/members/?page=abc", status=404)


def test_executive_committee_with_roles(client):
    make_member(name="Sergiy Kudelia", role=Role.EXECUTIVE_COMMITTEE)
    make_member(name="Henry Hale", role=Role.EXECUTIVE_COMMITTEE, title="Director")
    make_member(name="Maria Lipman", role=Role.EXECUTIVE_COMMITTEE, title="Editor")
    make_member(name="Plain Member")
    retired = make_former_member(name="Old Chair")
    MembershipFactory(
        person=retired,
        role=Role.EXECUTIVE_COMMITTEE,
        title="Chair",
        started=timezone.localdate().replace(year=2001),
        ended=timezone.localdate().replace(year=2005),
    )
    response, html = page(client, "members:executive-committee")
    assert_valid_html(response)
    assert "Plain Member" not in html and "Old Chair" not in html
    positions = [
        html.index(t)
        for t in ("Henry Hale", "Director", "Maria Lipman", "Editor", "Sergiy Kudelia")
    ]
    assert positions == sorted(positions)
    assert "Member of the Executive Committee" in html


def card(html, name):
    """The directory card (<li class="member-card">) that names `name`."""
    start = html.rindex('<li class="member-card">', 0, html.index(name))
    return html[start : html.index("</li>", start) + len("</li>")]


def test_member_cards_show_what_a_reader_scans_for(client):
    """{% member_card %} (members/templatetags/people.py): a link to the page under the name
    with its honorific, the badge, affiliation and place, escaped; a photo or the initial."""
    make_member(
        name="Ana <Beta>",
        honorific="Dr.",
        affiliation="Tbilisi & State University",
        city="Tbilisi",
        country="GE",
        status=MembershipStatus.EMERITUS,
    )
    with_photo = make_member(name="Pavel Photo", photo=demo_picture("pavel", 200, 200))
    response, html = page(client, "members:directory")
    assert_valid_html(response)
    ana = card(html, "Ana &lt;Beta&gt;")
    slug = Person.objects.get(name="Ana <Beta>").slug
    assert (
        f'<h3 class="member-name"><a href="/members/{slug}/">Dr. Ana &lt;Beta&gt;</a></h3>' in ana
    )
    assert '<p class="member-badge">Emeritus</p>' in ana
    assert '<p class="member-affiliation">Tbilisi &amp; State University</p>' in ana
    assert '<p class="member-place">Tbilisi, Georgia</p>' in ana
    assert '<span class="member-photo member-initials" aria-hidden="true">A</span>' in ana
    pavel = card(html, "Pavel Photo")
    assert "<picture>" in pavel and "member-initials" not in pavel
    assert f'src="{with_photo.photo_card_fallback.url}" alt=""' in pavel
    assert "member-badge" not in pavel and "member-place" not in pavel
    # Ungrouped (one tier's page): the name is the card's h2.
    html = page(client, "members:tier", tier="core")[1]
    url, shown = with_photo.get_absolute_url(), with_photo.display_name
    assert f'<h2 class="member-name"><a href="{url}">{shown}</a></h2>' in html
    russian = page(client, "/ru/members/")[1]
    assert '<p class="member-badge">Почётный участник</p>' in card(russian, "Ana &lt;Beta&gt;")


def test_emeritus_is_listed_and_marked(client):
    make_member(name="Emma Emerita", status=MembershipStatus.EMERITUS)
    html = page(client, "members:directory")[1]
    assert "Emma Emerita" in html and "Emeritus" in html
    person_html = page(client, "/members/" + Person.objects.get().slug + "/")[1]
    assert "Core Member</a> · Emeritus" in person_html


def test_person_page_shows_profile_expertise_and_tier(client):
    person = make_member(
        name="Volodymyr Dubovyk",
        honorific="Prof.",
        tier=Tier.COLLEGIUM,
        position="Associate Professor",
        affiliation="Odesa National University",
        bio="<p>Studies Black Sea security.</p>",
        expertise=["Ukraine"],
    )
    response, html = page(client, "members:person", slug=person.slug)
    assert_valid_html(response)
    assert "<h1>Prof. Volodymyr Dubovyk</h1>" in html
    assert "Associate Professor, Odesa National University" in html
    assert "Studies Black Sea security." in html
    assert 'href="/members/expertise/ukraine/">Ukraine</a>' in html
    assert "Collegium Member" in html


def test_person_page_shows_exec_role(client):
    person = make_member(name="Henry Hale", role=Role.EXECUTIVE_COMMITTEE, title="Director")
    html = page(client, "members:person", slug=person.slug)[1]
    assert "Executive Committee</a> (Director)" in html


def test_former_member_page_reachable_but_not_listed(client):
    former = make_former_member(name="Georgiy Kasianov", tier=Tier.CORE)
    ArticleFactory(title="Memory wars in Ukraine", authors=[former])
    response, html = page(client, "members:person", slug=former.slug)
    assert "Memory wars in Ukraine" in html
    assert "Core Member" not in html
    for name, kwargs in DIRECTORY_PAGES[:2]:
        assert "Kasianov" not in main(client.get(reverse(name, kwargs=kwargs)))


def test_private_data_never_on_public_pages(client):
    """Email, notes, term notes and earlier terms are for staff only."""
    person = make_member(
        name="Leaky Person",
        email="leak-me@secret.example",
        notes="PRIVATE-NOTE-XYZ",
        expertise=["Ukraine"],
        role=Role.EXECUTIVE_COMMITTEE,
        country="UA",
    )
    person.memberships.update(note="TERM-NOTE-QQQ")
    today = timezone.localdate()
    MembershipFactory(
        person=person,
        tier=Tier.ASSOCIATE,
        note="OLD-TERM-NOTE",
        started=today.replace(year=2001),
        ended=today.replace(year=2004),
    )
    ArticleFactory(title="An article by the leaky person", authors=[person])
    urls = [reverse(name, kwargs=kwargs) for name, kwargs in DIRECTORY_PAGES]
    urls += [person.get_absolute_url(), "/members/?country=UA", "/"]
    urls += [reverse("feeds:articles"), reverse("feeds:author", kwargs={"slug": person.slug})]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        assert "Leaky Person" in html or url == "/"
        for secret in (
            "leak-me",
            "secret.example",
            "PRIVATE-NOTE",
            "TERM-NOTE",
            "OLD-TERM",
            "2001",
        ):
            assert secret not in html, (url, secret)
        assert "Associate Member</a>" not in html and "Associate Members</h2>" not in html, url


@pytest.mark.parametrize("count", [1, 70])
@pytest.mark.parametrize("name,kwargs", DIRECTORY_PAGES)
def test_directory_query_budget(client, django_assert_max_num_queries, count, name, kwargs):
    make_members(count)
    with django_assert_max_num_queries(4):
        response = client.get(reverse(name, kwargs=kwargs))
    assert response.status_code == 200
    assert "Member Number0" in response.content.decode()


@pytest.mark.parametrize("count", [1, 30])
def test_person_page_query_budget(client, django_assert_max_num_queries, count):
    person = make_member(expertise=[f"Area {i}" for i in range(count)])
    for _ in range(count):
        ArticleFactory(authors=[person])
    # person, current terms, expertise, then one query per content section (articles,
    # podcasts, books, syllabi, events, lectures): the same with 1 or 30 articles and areas of
    # expertise.
    with django_assert_max_num_queries(10):
        response = client.get(person.get_absolute_url())
    assert response.status_code == 200


def test_directory_paginates(client, settings):
    settings.MEMBERS_PER_PAGE = 2
    for name in ("Anna Alpha", "Boris Beta", "Clara Gamma"):
        make_member(name=name)
    html = page(client, "members:directory")[1]
    assert "Anna Alpha" in html and "Clara Gamma" not in html and "Next →" in html
    html = page(client, "/members/?page=2")[1]
    assert "Clara Gamma" in html and "← Previous" in html


def test_seed_demo_members_idempotent(monkeypatch):
    monkeypatch.setattr(demo, "picture", lambda label, w, h: demo_picture(label, 24, 24))
    command = type("Cmd", (), {"stdout": OutputWrapper(io.StringIO())})()
    demo.seed(command)
    counts = (Person.objects.count(), Person.objects.current_members().count())
    demo.seed(command)
    assert (Person.objects.count(), Person.objects.current_members().count()) == counts
    current = Person.objects.current_members().with_current_term()
    assert {p.member_tier for p in current} == set(Tier.values)
    committee = {
        p.name: p.member_title for p in current.filter(member_role=Role.EXECUTIVE_COMMITTEE)
    }
    assert committee["Henry Hale"] == "Director" and len(committee) >= 4
    ukraine = current.filter(tagged_expertise__tag__slug="ukraine")
    assert ukraine.count() >= 3
    assert Expertise.objects.filter(slug="ukraine").count() == 1
