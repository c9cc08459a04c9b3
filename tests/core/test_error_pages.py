"""Error pages cannot fail again (issue 13, defect 3).

A Host (or, behind the proxy, X-Forwarded-Host) that is not allowed made the 400 page build
absolute URLs from that host and raise DisallowedHost a second time: a 500. Error pages are now
rendered without the request; a failure while rendering one is logged with its traceback.
"""

import logging

import pytest
from django.core.exceptions import DisallowedHost, PermissionDenied
from django.http import Http404
from django.test import Client, RequestFactory

from ponars import views
from tests.articles.factories import ArticleFactory
from tests.helpers.html import assert_valid_html

pytestmark = pytest.mark.django_db

EVIL = "evil.example"


@pytest.fixture(autouse=True)
def _production(settings):
    settings.DEBUG = False


@pytest.mark.parametrize("path", ["/", "/articles/", "/no-such-page/", "/admin/", "/search/?q=x"])
def test_a_host_that_is_not_allowed_is_a_400_page(client, path, caplog):
    response = client.get(path, HTTP_HOST=EVIL)
    assert response.status_code == 400
    document = assert_valid_html(response)
    assert "We could not understand that request" in response.content.decode()
    assert EVIL not in response.content.decode()
    assert document.find(".//link[@rel='canonical']") is None
    # Django's own security log still says what happened.
    assert any(r.name == "django.security.DisallowedHost" for r in caplog.records)


def test_a_forwarded_host_that_is_not_allowed_is_a_400_behind_the_proxy(client, settings):
    settings.USE_X_FORWARDED_HOST = True
    article = ArticleFactory()
    for path in ["/", article.get_absolute_url(), "/feed/", "/sitemap.xml", "/robots.txt"]:
        response = client.get(path, HTTP_X_FORWARDED_HOST=EVIL)
        assert response.status_code == 400, path
        assert EVIL not in response.content.decode()
    # An allowed forwarded host works as before.
    assert client.get("/", HTTP_X_FORWARDED_HOST="localhost").status_code == 200


def test_a_post_with_a_bad_host_is_a_400(client):
    article = ArticleFactory()
    response = client.post(f"{article.get_absolute_url()}comment/", {}, HTTP_HOST=EVIL)
    assert response.status_code == 400


def _bad_host_request():
    return RequestFactory().get("/articles/?page=²", HTTP_HOST=EVIL)


@pytest.mark.parametrize(
    "handler,status",
    [
        (lambda r: views.bad_request(r, DisallowedHost("x")), 400),
        (lambda r: views.permission_denied(r, PermissionDenied()), 403),
        (lambda r: views.page_not_found(r, Http404()), 404),
        (views.server_error, 500),
        (lambda r: views.csrf_failure(r, "CSRF cookie not set."), 403),
    ],
)
def test_error_pages_need_no_database_and_no_host(handler, status, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = handler(_bad_host_request())
    assert response.status_code == status
    assert_valid_html(response)


def test_a_missing_csrf_token_is_our_403_page():
    client = Client(enforce_csrf_checks=True)
    response = client.post("/admin/login/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    assert_valid_html(response)
    html = response.content.decode()
    assert "reload the page and send the form again" in html


def test_permission_denied_is_our_403_page(client, editor):
    client.force_login(editor)
    response = client.get("/admin/members/user/")
    assert response.status_code == 403
    assert_valid_html(response)
    assert "You may not do that" in response.content.decode()


def test_an_error_page_that_fails_to_render_is_logged_and_replaced(client, monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise RuntimeError("template storage unreadable")

    monkeypatch.setattr("core.errors.render_to_string", broken)
    with caplog.at_level(logging.ERROR, logger="core.errors"):
        response = client.get("/", HTTP_HOST=EVIL)
    assert response.status_code == 400
    assert "We could not understand that request" in response.content.decode()
    record = next(r for r in caplog.records if r.name == "core.errors")
    assert record.exc_info and "template storage unreadable" in str(record.exc_info[1])
    assert_valid_html(response)
