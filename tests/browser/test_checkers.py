"""Every public page type of the demo site passes the Nu HTML checker (vnu) with no error, and
axe-core with no violation at 1280 and 390 px.

The pages are fetched once for the module (the demo takes a while to build): the served HTML
goes to vnu in one run, axe-core checks the page in the browser at each width.
"""

import io

import pytest
from django.core.management import call_command
from django.test import override_settings

from articles.models import Article
from tests.helpers.demo import demo_pages

from .checkers import axe_violations, vnu_errors

pytestmark = [
    pytest.mark.browser,
    # The first test's teardown empties the tables and puts back what the migrations made.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WIDTHS = {"desktop": 1280, "phone": 390}
# Checked beside the site's pages, to show that each checker finds what it is there to find.
BROKEN = "(a page with known faults)"
BROKEN_HTML = (
    '<!DOCTYPE html><html lang="en"><title>Faults</title><main><form action="">'
    '<input name="q"></form><p id="a">One</p><p id="a">Two</p><img src="x.png"></main>'
)


def public_pages():
    """Each public page type of the demo, addressed as a reader does (GET), plus the Russian
    home page and article, a search that finds nothing and an address that does not exist."""
    memo = Article.objects.published().filter(category__slug="policy-memos").first()
    article = Article.objects.published().filter(credits__isnull=False).first()
    return [
        *demo_pages(),
        memo.get_absolute_url(),
        "/ru/",
        f"/ru{article.get_absolute_url()}",
        "/search/?q=zzyzxqv",
        "/there-is-no-such-page/",
    ]


def sent_with_an_error(page, url, form, fields):
    """The page as it comes back from `form` sent with `fields` ({selector: text}) that the
    server refuses (status 400): the form with its errors. The browser's own checks are turned
    off first, as in a browser that has none."""
    page.goto(url)
    page.eval_on_selector(form, "form => { form.noValidate = true; }")
    for selector, text in fields.items():
        page.fill(f"{form} {selector}", text)
    with page.expect_navigation() as navigation:
        page.click(f"{form} button[type=submit]")
    response = navigation.value
    assert response.status == 400, response.url
    return response


@pytest.fixture(scope="module")
def checked(django_db_setup, django_db_blocker, live_server, chromium, tmp_path_factory):
    """{"html": {page: served HTML}, "axe": {width: {page: [violation, …]}}} for every page."""
    found = {"html": {}, "axe": {name: {} for name in WIDTHS}}
    media = tmp_path_factory.mktemp("demo-media")
    with django_db_blocker.unblock(), override_settings(MEDIA_ROOT=media):
        call_command("seed_demo", stdout=io.StringIO())
        context = chromium.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True)
        page = context.new_page()

        def check(name, response=None):
            if response is not None:
                found["html"][name] = response.body()
            for width_name, width in WIDTHS.items():
                page.set_viewport_size({"width": width, "height": 900})
                found["axe"][width_name][name] = axe_violations(page)

        for path in public_pages():
            response = page.goto(live_server.url + path)
            assert response.status == (404 if "no-such" in path else 200), path
            check(path, response)
            if path == "/":
                # Each menu of the header opened in turn (one at a time, as <details name>).
                menus = page.locator("details[name=menu] > summary")
                for number in range(menus.count()):
                    menus.nth(number).click()
                    check(f"/ (menu “{menus.nth(number).inner_text()}” open)")
        article = next(a for a in Article.objects.published() if a.comments_are_open)
        url = article.get_absolute_url()
        fields = {"textarea[name=body]": "A remark without a name."}
        response = sent_with_an_error(page, live_server.url + url, "form.comment-form", fields)
        check(f"{url} (a comment sent without a name)", response)
        fields = {"input[type=email]": "not-an-address"}
        response = sent_with_an_error(page, f"{live_server.url}/newsletter/", "main form", fields)
        check("/newsletter/ (sent with a wrong address)", response)
        page.set_content(BROKEN_HTML)
        check(BROKEN)
        found["html"][BROKEN] = BROKEN_HTML.encode()
        context.close()
    return found


def report(found):
    return "\n".join(
        f"{url}:\n  " + "\n  ".join(problems) for url, problems in found.items() if problems
    )


def test_the_html_checker_finds_no_error_on_any_public_page(checked):
    errors = vnu_errors(checked["html"])
    faults = errors.pop(BROKEN)
    assert len(faults) == 3, faults  # the empty form action, the duplicate id, the missing alt
    assert len(errors) >= 40
    assert not any(errors.values()), report(errors)


@pytest.mark.parametrize("width", WIDTHS)
def test_axe_finds_no_violation_on_any_public_page(checked, width):
    violations = checked["axe"][width]
    assert {v.split()[0] for v in violations.pop(BROKEN)} >= {"label", "image-alt"}
    assert len(violations) >= 44
    assert not any(violations.values()), report(violations)
