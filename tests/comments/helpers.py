"""Shared helpers for the comment tests (any commentable item: article, episode, event)."""

import re
import time

from comments.service import make_token


def aged_token(target, seconds=60):
    """A valid form token issued `seconds` ago (a reader who took their time)."""
    return make_token(target, issued=time.time() - seconds)


def form_data(target, **overrides):
    data = {
        "name": "Anna Reader",
        "email": "anna@private.example",
        "website": "",
        "body": "A considered remark about the argument.",
        "token": aged_token(target),
        "homepage": "",
    }
    data.update(overrides)
    return {key: value for key, value in data.items() if value is not None}


def post_comment(client, target, **overrides):
    """Post the form; upper-case keyword arguments (REMOTE_ADDR, HTTP_…) are request META."""
    meta = {key: overrides.pop(key) for key in list(overrides) if key.isupper()}
    return client.post(target.comment_url("comment"), form_data(target, **overrides), **meta)


def token_in(html):
    match = re.search(r'name="token" value="([^"]+)"', html)
    assert match, "the page carries a comment form token"
    return match.group(1)
