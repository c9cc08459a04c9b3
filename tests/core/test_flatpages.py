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
