"""The Content-Security-Policy of public pages and of the admin's editor (its import map)."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_csp_is_strict_and_admits_only_the_editor_import_map(client, editor):
    public = client.get("/")["Content-Security-Policy"]
    assert (
        "script-src 'self'" in public
        and "unsafe-inline" not in public.split("script-src")[1].split(";")[0]
    )
    client.force_login(editor)
    response = client.get(reverse("admin:articles_article_add"))
    policy = response["Content-Security-Policy"]
    script_src = policy.split("script-src")[1].split(";")[0]
    assert "'sha256-" in script_src and "unsafe-inline" not in script_src
    assert '<script type="importmap">' in response.content.decode()


def test_the_russian_admins_editor_gets_its_import_map_too(client, editor):
    client.force_login(editor)
    response = client.get("/ru/admin/articles/article/add/")
    script_src = response["Content-Security-Policy"].split("script-src")[1].split(";")[0]
    assert "'sha256-" in script_src and "unsafe-inline" not in script_src
    assert "'sha256-" not in client.get("/ru/")["Content-Security-Policy"]
