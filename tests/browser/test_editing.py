"""An editor's day in the admin, in a real browser."""

import re

import pytest

from articles.models import Article
from core.models import PreviewLink
from core.publishing import Status
from tests.articles.factories import ArticleFactory
from tests.members.factories import PersonFactory

from .conftest import sign_in

# Against the live server (another thread, so real transactions); the groups of the data
# migrations are put back after each test.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def names(article):
    return [credit.person.name for credit in article.credits.order_by("order", "id")]


def test_an_editor_reorders_authors_by_dragging_and_saves(
    browser_page, live_server, browser_editor
):
    first, second = PersonFactory(name="Irina Busygina"), PersonFactory(name="Mikhail Filippov")
    article = ArticleFactory(title="Prevailing Soviet Legacies", authors=[first, second])
    page = browser_page
    sign_in(page, live_server, browser_editor)
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    handles = page.locator("#credits-group tbody tr.has_original td.original p")
    assert handles.count() == 2
    # The order is set by dragging, not by typing numbers: the order column is hidden.
    assert page.locator("#credits-group th.column-order.hidden").count() == 1
    handles.nth(1).drag_to(handles.nth(0), target_position={"x": 5, "y": 2})
    page.click("input[name=_continue]")
    assert "was changed successfully" in page.locator(".messagelist").inner_text()
    assert names(article) == ["Mikhail Filippov", "Irina Busygina"]
    assert not [e for e in page.csp_errors if "Content Security Policy" in e], page.csp_errors


def test_a_draft_from_the_dashboard_to_an_outside_authors_phone(
    browser_page, live_server, browser_editor, settings
):
    settings.SITE_URL = live_server.url  # the address preview links are made with
    ArticleFactory(title="Caspian Energy Corridors", status=Status.DRAFT)
    page = browser_page
    sign_in(page, live_server, browser_editor)
    drafts = page.locator("#dashboard-drafts")
    assert "Caspian Energy Corridors" in drafts.inner_text()
    drafts.get_by_role("link", name="Caspian Energy Corridors").click()
    # Make a preview link in the change page's "Preview links" section.
    page.get_by_text(re.compile("Add another Preview link", re.I)).click()
    page.fill("input[name$='-0-shared_with']", "The author")
    page.click("input[name=_continue]")
    link = page.locator("input[aria-label='Preview link']").input_value()
    assert PreviewLink.objects.get().key in link
    # The author opens it on a phone, signed out.
    phone = page.context.browser.new_context(viewport={"width": 390, "height": 844})
    reader = phone.new_page()
    assert link.startswith(live_server.url)
    reader.goto(link)
    banner = reader.locator(".draft-banner")
    assert banner.inner_text().startswith("Preview — this page is not published yet")
    assert reader.locator("h1").inner_text() == "Caspian Energy Corridors"
    phone.close()
    assert Article.objects.get().status == Status.DRAFT
