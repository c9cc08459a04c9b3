"""Response headers and the client address (issue 13, defect 15): Permissions-Policy, a CSP
without inline style attributes, no `Server: gunicorn`, and X-Forwarded-For read from the
right-most trusted hop."""

import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.test import RequestFactory

from core.ratelimit import client_ip
from tests.articles.factories import ArticleFactory
from tests.events.factories import EventFactory
from tests.helpers.html import assert_valid_html
from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db

ROOT = Path(django_settings.BASE_DIR)  # the checkout, wherever this module sits
DENIED = ["camera", "microphone", "geolocation", "payment", "usb", "browsing-topics"]


def permissions(response):
    value = response["Permissions-Policy"]
    return dict(item.strip().split("=", 1) for item in value.split(","))


@pytest.mark.parametrize("path", ["/", "/articles/", "/no-such-page/", "/admin/login/"])
def test_every_response_has_a_permissions_policy(client, path):
    policy = permissions(client.get(path))
    for feature in DENIED:
        assert policy[feature] == "()", feature
    assert (
        policy["fullscreen"]
        == '(self "https://www.youtube-nocookie.com" "https://player.vimeo.com")'
    )


def test_the_video_players_may_go_fullscreen_and_autoplay(client):
    """The iframe events.js makes asks for these; the page's policy must allow its origin."""
    script = (ROOT / "static/js/video.js").read_text()
    asked = script.split('frame.allow = "')[1].split('"')[0].split("; ")
    event = EventFactory(past=True, recording_url="https://www.youtube.com/watch?v=dQw4w9WgXcQ")
    policy = permissions(client.get(event.get_absolute_url()))
    for feature in asked:
        assert "https://www.youtube-nocookie.com" in policy[feature], feature
        assert "https://player.vimeo.com" in policy[feature], feature


def _csp(response):
    return response["Content-Security-Policy"]


@pytest.mark.parametrize("path", ["/", "/admin/", "/admin/articles/article/add/"])
def test_the_csp_allows_no_inline_style_or_script(client, path):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    policy = _csp(client.get(path))
    assert "unsafe-inline" not in policy
    assert "style-src-attr" not in policy  # falls back to style-src 'self' (+ editor hash)


def test_pages_have_no_style_attributes(client):
    article = ArticleFactory()
    for path in ["/", article.get_absolute_url(), "/articles/", "/events/", "/search/?q=x"]:
        response = client.get(path)
        document = assert_valid_html(response)
        styled = [el.tag for el in document.iter() if el.get("style") is not None]
        assert styled == [], path


def test_admin_restores_third_party_style_attributes_from_a_stylesheet(client):
    """simple-history's templates carry style attributes that the CSP now blocks;
    static/css/admin.css (loaded on every admin page) does the same styling. (Our own
    templates have none: tests/ponars/test_templates_csp.py.)"""
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    html = client.get("/admin/").content.decode()
    assert 'href="/static/css/admin.css"' in html
    css = (ROOT / "static/css/admin.css").read_text()
    assert "#change-history + .paginator { border-top: 0; }" in css


# -- The client address behind proxies ---------------------------------------------------


def _request(forwarded, remote="10.0.0.2"):
    meta = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        meta["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **meta)


@pytest.mark.parametrize(
    "count,forwarded,expected",
    [
        (1, "203.0.113.5", "203.0.113.5"),
        (1, "1.1.1.1, 203.0.113.5", "203.0.113.5"),  # the client forged 1.1.1.1
        (2, "1.1.1.1, 203.0.113.5, 10.0.0.9", "203.0.113.5"),  # CDN then our proxy
        (2, "203.0.113.5", "203.0.113.5"),  # only the inner proxy saw it
        (3, "9.9.9.9, 8.8.8.8, 203.0.113.5, 10.0.0.8, 10.0.0.9", "203.0.113.5"),
        (1, "2001:db8::1", "2001:db8::1"),
        (1, "not an address", "10.0.0.2"),
        (1, "", "10.0.0.2"),
        (1, None, "10.0.0.2"),
        (2, "1.1.1.1, garbage, 10.0.0.9", "10.0.0.2"),
    ],
)
def test_client_ip_is_the_right_most_trusted_hop(settings, count, forwarded, expected):
    settings.TRUSTED_PROXY_COUNT = count
    assert client_ip(_request(forwarded)) == expected


def test_a_forged_forwarded_for_does_not_escape_the_rate_limit(client, settings):
    from tests.comments.helpers import post_comment

    settings.RATELIMIT_IP_META_KEY = "core.ratelimit.client_ip"
    settings.COMMENTS_RATE = "2/h"  # an hour: no window ends mid-test
    article = ArticleFactory()
    statuses = [
        post_comment(
            client, article, body=f"Comment {n}", HTTP_X_FORWARDED_FOR=f"10.9.{n}.1, 203.0.113.5"
        ).status_code
        for n in range(3)
    ]
    assert statuses == [303, 303, 429]


def test_the_default_is_one_trusted_proxy():
    assert django_settings.TRUSTED_PROXY_COUNT == 1


# -- gunicorn, as production runs it -----------------------------------------------------


def _free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def test_gunicorn_does_not_name_itself(tmp_path):
    port = _free_port()
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "ponars.settings_test",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "PYTHONPATH": str(ROOT),
    }
    command = [sys.executable, "-m", "gunicorn", "-c", "gunicorn.conf.py", "ponars.wsgi"]
    command += ["--bind", f"127.0.0.1:{port}", "--workers", "1", "--log-level", "warning"]
    server = subprocess.Popen(command, cwd=ROOT, env=env, stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/robots.txt", timeout=5) as r:
                    headers, body = r.headers, r.read()
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    raise
                time.sleep(0.2)
    finally:
        server.terminate()
        _, errors = server.communicate(timeout=30)
    assert b"Sitemap:" in body
    assert headers.get("Server") is None, headers.get("Server")
    assert "camera=()" in headers["Permissions-Policy"]
    assert b"Traceback" not in errors
