"""Admin sign-in throttling with django-axes (issue 13, defect 7).

Before: 30 wrong passwords in 8 s, then the right one worked. Now 5 failures for one username
(from anywhere) or from one address (for any username) lock sign-in there for 15 minutes.
"""

import datetime
import io
import os
import subprocess
import sys

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.auth import SESSION_KEY
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from tests.members.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"
LOGIN = reverse("admin:login")
LOCKED = "Too many failed sign-ins for this account or from this address. Try again in 15 minutes"


@pytest.fixture
def staff(db):
    return UserFactory(username="editor", is_staff=True)


def sign_in(client, username, password, ip="198.51.100.7", **meta):
    return client.post(
        LOGIN,
        {"username": username, "password": password, "next": "/admin/"},
        REMOTE_ADDR=ip,
        **meta,
    )


def signed_in(client):
    return SESSION_KEY in client.session


def test_defaults_from_settings():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME == datetime.timedelta(minutes=15)


def test_a_few_mistakes_then_the_right_password_works(client, staff):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        response = sign_in(client, "editor", "wrong")
        assert response.status_code == 200 and "Please enter the correct" in response.text
    response = sign_in(client, "editor", PASSWORD)
    assert response.status_code == 302 and signed_in(client)


def test_five_failures_for_a_username_lock_it_from_every_address(client, staff):
    for n in range(5):
        response = sign_in(client, "editor", f"guess-{n}", ip=f"203.0.113.{n + 1}")
    # The fifth failure already answers with the lock-out page.
    assert response.status_code == 429 and LOCKED in response.text
    # The right password, from an address that never failed, is refused while locked.
    response = sign_in(client, "editor", PASSWORD, ip="192.0.2.200")
    assert response.status_code == 429 and not signed_in(client)
    assert response["Retry-After"] == "900"
    assert "no-cache" in response["Cache-Control"]
    html = response.text
    assert f'<p class="errornote">\n    {LOCKED}' in html  # the admin's error note
    assert 'id="login-form"' in html and 'value="editor"' in html  # the form, name kept
    assert "Please enter the correct" not in html
    assert "Content-Security-Policy" in response.headers
    # Another account is not affected from an address that did not fail.
    UserFactory(username="other", is_staff=True)
    assert sign_in(client, "other", PASSWORD, ip="192.0.2.201").status_code == 302


def test_five_failures_from_an_address_lock_it_for_every_username(client, staff):
    for n in range(5):
        sign_in(client, f"guess{n}", "wrong", ip="203.0.113.50")
    response = sign_in(client, "editor", PASSWORD, ip="203.0.113.50")
    assert response.status_code == 429 and LOCKED in response.text and not signed_in(client)
    # The same account from another address: its username has no failures.
    assert sign_in(client, "editor", PASSWORD, ip="192.0.2.9").status_code == 302


def test_the_lock_ends_after_the_cool_off(client, staff, time_machine):
    time_machine.move_to(timezone.now(), tick=False)
    for _ in range(5):
        sign_in(client, "editor", "wrong")
    time_machine.shift(datetime.timedelta(minutes=14))
    assert sign_in(client, "editor", PASSWORD).status_code == 429
    # Each refused attempt starts the wait again.
    time_machine.shift(datetime.timedelta(minutes=14))
    assert sign_in(client, "editor", PASSWORD).status_code == 429
    time_machine.shift(datetime.timedelta(minutes=16))
    assert sign_in(client, "editor", PASSWORD).status_code == 302 and signed_in(client)


def test_limits_come_from_the_environment(client, staff, settings):
    settings.AXES_FAILURE_LIMIT = 2
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=1)
    sign_in(client, "editor", "wrong")
    response = sign_in(client, "editor", "wrong")
    assert response.status_code == 429
    assert "Try again in 1 minute, or ask" in response.text and response["Retry-After"] == "60"


def test_reset_command_unlocks(client, staff):
    for _ in range(5):
        sign_in(client, "editor", "wrong")
    assert sign_in(client, "editor", PASSWORD).status_code == 429
    out = io.StringIO()
    call_command("axes_reset_username", "editor", stdout=out)
    assert "attempts removed" in out.getvalue()
    # Every failure was for this username, so the address is free again too.
    assert sign_in(client, "editor", PASSWORD).status_code == 302 and signed_in(client)


def test_superuser_unlocks_in_the_admin_and_editors_cannot(client, staff, editor):
    for _ in range(5):
        sign_in(client, "editor", "wrong")
    attempts = reverse("admin:axes_accessattempt_changelist")
    client.force_login(editor)
    assert client.get(attempts).status_code == 403
    superuser = UserFactory(username="root", is_staff=True, is_superuser=True)
    client.force_login(superuser)
    page = client.get(attempts)
    assert page.status_code == 200 and "editor" in page.text
    attempt = AccessAttempt.objects.get()
    delete = reverse("admin:axes_accessattempt_delete", args=[attempt.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 302
    client.logout()
    assert sign_in(client, "editor", PASSWORD).status_code == 302


def test_behind_the_proxy_the_lock_follows_the_real_client(client, staff, settings):
    """The address is the one the site's rate limits use (core.ratelimit.client_ip)."""
    settings.AXES_CLIENT_IP_CALLABLE = "core.ratelimit.client_ip"
    for n in range(5):
        # The client forges the first entries; the proxy's own entry (the last) is the same.
        sign_in(
            client,
            f"guess{n}",
            "wrong",
            ip="10.0.0.2",
            HTTP_X_FORWARDED_FOR=f"1.1.1.{n}, 203.0.113.5",
        )
    assert set(AccessAttempt.objects.values_list("ip_address", flat=True)) == {"203.0.113.5"}
    forged = sign_in(
        client, "editor", PASSWORD, ip="10.0.0.2", HTTP_X_FORWARDED_FOR="9.9.9.9, 203.0.113.5"
    )
    assert forged.status_code == 429
    other = sign_in(client, "editor", PASSWORD, ip="10.0.0.2", HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert other.status_code == 302


def test_proxy_setting_points_axes_and_the_rate_limits_at_one_function():
    code = "import ponars.settings as s;print(s.AXES_CLIENT_IP_CALLABLE, s.RATELIMIT_IP_META_KEY)"
    env = {**os.environ, "DJANGO_BEHIND_PROXY": "1", "DJANGO_SECRET_KEY": "x" * 50}
    out = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    ).stdout.split()
    assert out == ["core.ratelimit.client_ip", "core.ratelimit.client_ip"]
