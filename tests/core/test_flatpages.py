"""The editable pages (flatpages): served, linked from the menus, sanitised on save."""

import io

import pytest
from django.contrib.flatpages.models import FlatPage
from django.utils.html import escape

from tests.helpers.html import assert_valid_html

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "url,title",
    [
        ("/about/", "About PONARS Eurasia"),
        ("/contact/", "Contact"),
        ("/about-membership/", "About Membership"),
        ("/submissions/", "Submissions"),
        ("/permissions-citation-guidelines/", "Permissions & Citation Guidelines"),
    ],
)
def test_editable_pages_are_served_and_linked_from_the_menus(client, url, title):
    from core import demo

    demo.seed(type("Command", (), {"stdout": io.StringIO()})())
    response = client.get(url)
    assert response.status_code == 200
    assert f"<h1>{escape(title)}</h1>" in response.content.decode()
    assert f'href="{url}"' in client.get("/").content.decode()
    assert_valid_html(response)


def test_page_html_is_sanitised_on_save():
    page = FlatPage.objects.create(
        url="/x/", title="X", content="<p>Hi</p><script>alert(1)</script>"
    )
    page.refresh_from_db()
    assert "<script" not in page.content


def test_an_editor_writes_a_page_in_the_rich_text_editor_without_a_sites_box(client, editor):
    client.force_login(editor)
    form = client.get("/admin/flatpages/flatpage/add/").content.decode()
    assert "prose-editor" in form  # the site's editor, not a raw-HTML textarea
    assert 'name="sites"' not in form
    response = client.post(
        "/admin/flatpages/flatpage/add/",
        {
            "title": "History of the network",
            "url": "/about/history/",
            "content": "<h2>Since 1997</h2><p>Founded <em>at Harvard</em>.</p>"
            '<p onclick="x()">Kept</p><script>alert(1)</script>',
            "template_name": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    page = client.get("/about/history/").content.decode()
    assert "<h1>History of the network</h1>" in page and "<em>at Harvard</em>" in page
    assert "alert(1)" not in page and "onclick" not in page
    again = client.post(
        "/admin/flatpages/flatpage/add/",
        {"title": "Again", "url": "/about/history/", "content": "<p>x</p>", "template_name": ""},
    )
    assert again.status_code == 200
    assert "already exists" in again.content.decode()


def test_the_page_list_is_a_tree_by_address(client, editor):
    for url, title in [("/about/", "About"), ("/about/history/", "History"), ("/contact/", "C")]:
        FlatPage.objects.create(url=url, title=title).sites.add(1)
    client.force_login(editor)
    page = client.get("/admin/flatpages/flatpage/").content.decode()
    about, history, contact = (page.index(f">{t}<") for t in ("About", "— History", "C"))
    assert about < history < contact
