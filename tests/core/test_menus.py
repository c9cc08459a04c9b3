"""The main menu, edited in the admin (core.models.MenuItem, core.menus)."""

import re

import pytest
from django.core.cache import cache
from django.urls import reverse

from core import menus
from core.models import MenuItem

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/core/menuitem/"


@pytest.fixture(autouse=True)
def _cold_menu():
    cache.delete_many([menus.CACHE_KEY.format(language=code) for code in menus.LANGUAGES])


def nav(client, path):
    page = client.get(path).content.decode()
    return page[page.index('<nav class="site-nav"') : page.index("</nav>", page.index("site-nav"))]


def links(html):
    return re.findall(r'<a href="([^"]*)">([^<]*)</a>', html)


def test_the_menu_of_the_real_site_in_both_languages(client):
    english = nav(client, "/")
    assert "<summary>About</summary>" in english
    assert '<span class="menu-heading">Membership</span>' in english
    assert ("/members/core/", "Core Members") in links(english)
    assert ("/articles/category/policy-memos/", "List of Policy Memos") in links(english)
    assert len(links(english)) == 22
    russian = nav(client, "/ru/")
    assert "<summary>О нас</summary>" in russian
    assert ("/ru/members/core/", "Основные участники") in links(russian)
    assert ("/ru/resources/books/", "Книжная полка") in links(russian)
    assert all(href.startswith("/ru/") for href, _label in links(russian))


def test_the_menu_costs_a_page_no_query_once_built(client, django_assert_num_queries):
    menus.main_menu()  # built (one query) and kept
    with django_assert_num_queries(0):
        assert menus.main_menu()[0]["label"] == "About"
    cache.delete(menus.CACHE_KEY.format(language="en"))
    with django_assert_num_queries(1):
        menus.main_menu()


def test_an_editor_adds_a_page_to_the_menu_and_readers_see_it_at_once(client, editor):
    client.get("/")  # the menu is built and kept
    events = MenuItem.objects.get(name="Events", parent=None)
    client.force_login(editor)
    response = client.post(
        reverse("admin:core_menuitem_add"),
        {
            "name": "Calendar",
            "name_ru": "Календарь",
            "link": "/events/calendar.ics",
            "parent": events.pk,
            "order": 5,
            "children-TOTAL_FORMS": 0,
            "children-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    client.logout()
    assert ("/events/calendar.ics", "Calendar") in links(nav(client, "/"))
    assert ("/ru/events/calendar.ics", "Календарь") in links(nav(client, "/ru/"))


@pytest.mark.parametrize(
    "link, message",
    [
        ("about/", "Start the address with"),
        ("/no-such-page-here/x", "There is no page at /no-such-page-here/x on this site."),
        ("javascript:alert(1)", "Start the address with"),
    ],
)
def test_a_link_that_leads_nowhere_is_refused_with_a_reason(client, editor, link, message):
    client.force_login(editor)
    response = client.post(
        reverse("admin:core_menuitem_add"),
        {
            "name": "Broken",
            "link": link,
            "order": 0,
            "children-TOTAL_FORMS": 0,
            "children-INITIAL_FORMS": 0,
        },
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not MenuItem.objects.filter(name="Broken").exists()


def test_three_levels_at_most(editor, client):
    membership = MenuItem.objects.get(name="Membership")
    leaf = MenuItem.objects.filter(parent=membership).first()
    client.force_login(editor)
    response = client.post(
        reverse("admin:core_menuitem_add"),
        {
            "name": "Too deep",
            "link": "/members/",
            "parent": leaf.pk,
            "order": 0,
            "children-TOTAL_FORMS": 0,
            "children-INITIAL_FORMS": 0,
        },
    )
    assert "three levels at most" in response.content.decode()


def test_the_admin_lists_every_entry_with_its_place(client, editor):
    client.force_login(editor)
    page = client.get(CHANGELIST + "?q=Core").content.decode()
    assert "About › Membership › Core Members" in page


def change_parent(client, entry, parent):
    return client.post(
        reverse("admin:core_menuitem_change", args=[entry.pk]),
        {
            "name": entry.name,
            "name_ru": entry.name_ru,
            "link": entry.link,
            "parent": parent.pk,
            "order": entry.order,
            "children-TOTAL_FORMS": 0,
            "children-INITIAL_FORMS": 0,
        },
    )


def test_an_entry_cannot_go_under_its_own_entries(client, editor):
    about = MenuItem.objects.get(name="About", parent=None)
    membership = MenuItem.objects.get(name="Membership")
    client.force_login(editor)
    response = change_parent(client, about, membership)
    assert "An entry cannot be under itself." in response.content.decode()
    assert MenuItem.objects.get(pk=about.pk).parent is None


def test_moving_an_entry_keeps_the_levels_under_it_within_three(client, editor):
    """About holds Membership, which holds its tiers: under Events its tiers would be a fourth
    level, which the menu would not show."""
    about = MenuItem.objects.get(name="About", parent=None)
    events = MenuItem.objects.get(name="Events", parent=None)
    client.force_login(editor)
    response = change_parent(client, about, events)
    assert "three levels at most" in response.content.decode()
    assert MenuItem.objects.get(pk=about.pk).parent is None
    contact = MenuItem.objects.get(name="Contact")  # no entries under it: it may move
    assert change_parent(client, contact, events).status_code == 302


def test_a_down_cache_is_tried_once_per_pause_not_on_every_page(client, monkeypatch):
    from core import pagecache

    tries = []

    class DownCache:
        def get(self, key):
            tries.append(key)
            raise ConnectionError("Redis is stopped")

    monkeypatch.setattr(pagecache, "_down_until", 0.0)
    monkeypatch.setattr(pagecache, "cache", lambda: DownCache())
    for _ in range(3):
        assert "<summary>About</summary>" in nav(client, "/")  # built from the database
    assert tries == ["menu:main:html:en"]


def test_membership_staff_cannot_change_the_menu_or_the_pages(client, membership_staff):
    client.force_login(membership_staff)
    assert client.get(CHANGELIST).status_code == 403
    assert client.get(reverse("admin:core_menuitem_add")).status_code == 403
    assert client.get("/admin/flatpages/flatpage/add/").status_code == 403


def test_error_pages_show_the_kept_menu_and_never_build_it(django_assert_num_queries, caplog):
    from django.http import Http404
    from django.test import RequestFactory

    from ponars import views

    request = RequestFactory().get("/nowhere/")
    menus.main_menu()  # kept, as on a running site
    with django_assert_num_queries(0):
        page = views.page_not_found(request, Http404()).content.decode()
    assert '<nav class="site-nav"' in page and "<summary>About</summary>" in page
    menus.forget_cached()  # nothing kept (a cold cache, or the database is what failed)
    with django_assert_num_queries(0):
        page = views.page_not_found(request, Http404()).content.decode()
    assert 'class="site-header"' in page and '<nav class="site-nav"' not in page
    assert "could not be rendered" not in caplog.text  # the site's page, not the plain one
