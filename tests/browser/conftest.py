"""Browser tests: Debian's Chromium driven by Playwright against pytest-django's live server.

Run with `make test-browser` (not part of `make test`). No browser is downloaded: Chromium
comes from the system (`CHROMIUM`, default /usr/bin/chromium; .ci/run installs it with apt).
A failing test leaves a screenshot in BROWSER_ARTEFACTS (default .browser-artefacts/).
"""

import os
import pathlib

import pytest
from django.contrib.auth.models import Group

from tests.members.factories import UserFactory

# Playwright's sync API keeps an event loop in the test's thread; the ORM calls of the tests
# themselves are still synchronous (Django's documented switch for this case).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
ARTEFACTS = pathlib.Path(os.environ.get("BROWSER_ARTEFACTS", ".browser-artefacts"))
PASSWORD = "correct horse battery staple"


@pytest.fixture(scope="session")
def chromium():
    from playwright.sync_api import sync_playwright

    assert os.access(CHROMIUM, os.X_OK), f"no Chromium at {CHROMIUM} (apt-get install chromium)"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def django_db_setup(chromium, django_db_setup):
    """pytest-django's test database, made once Playwright has started. Django keeps its
    connections in context variables, and starting Playwright's sync API leaves the tests in
    another context: a connection made before it is not the one the tests use afterwards, and
    that one lacks the serialized copy that `serialized_rollback` puts back (the data
    migrations' groups would be lost after the first test that flushes)."""
    return django_db_setup


@pytest.fixture
def browser_page(chromium, request):
    """A page at 1280 px; `browser_page.set_viewport_size(...)` for a phone."""
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.csp_errors = errors
    yield page
    failed = getattr(request.node, "rep_call", None)
    if failed is not None and failed.failed:
        ARTEFACTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(ARTEFACTS / f"{request.node.name}.png"), full_page=True)
    context.close()


@pytest.hookimpl(tryfirst=True, hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    setattr(item, f"rep_{report.when}", report)


@pytest.fixture
def browser_editor(transactional_db):
    user = UserFactory(username="editor", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


def sign_in(page, live_server, user):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/admin/")
