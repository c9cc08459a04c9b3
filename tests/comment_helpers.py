"""Shared helpers for the comment tests."""

import re
import time

from django.core import signing
from django.urls import reverse

from articles.comments import TOKEN_SALT


def aged_token(article, seconds=60):
    """A valid form token issued `seconds` ago (a reader who took their time)."""
    return signing.dumps(
        {"a": article.pk, "t": int(time.time()) - seconds}, salt=TOKEN_SALT, compress=False
    )


def form_data(article, **overrides):
    data = {
        "name": "Anna Reader",
        "email": "anna@private.example",
        "website": "",
        "body": "A considered remark about the argument.",
        "token": aged_token(article),
        "homepage": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def post_comment(client, article, **overrides):
    """Post the form; upper-case keyword arguments (REMOTE_ADDR, HTTP_…) are request META."""
    meta = {key: overrides.pop(key) for key in list(overrides) if key.isupper()}
    return client.post(
        reverse("articles:comment", args=[article.slug]), form_data(article, **overrides), **meta
    )


def token_in(html):
    match = re.search(r'name="token" value="([^"]+)"', html)
    assert match, "the page carries a comment form token"
    return match.group(1)
