"""The rich-text editor in the admin, as an editor meets it."""

import html
import json
import re

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

pytestmark = pytest.mark.django_db

EDITOR_PAGES = [
    ("admin:articles_article_add", "body"),
    ("admin:events_event_add", "description"),
    ("admin:podcasts_episode_add", "show_notes"),
]


def editor_config(page, field):
    match = re.search(
        rf'<textarea name="{field}"[^>]*data-django-prose-editor-configurable="([^"]+)"', page
    )
    assert match, f"{field} has the rich-text editor"
    return json.loads(html.unescape(match.group(1)))


@pytest.mark.parametrize("url_name,field", EDITOR_PAGES)
def test_spell_check_is_on_in_every_rich_text_editor(admin_client, url_name, field):
    page = admin_client.get(reverse(url_name)).content.decode()
    extensions = editor_config(page, field)["extensions"]
    # django-prose-editor adds NoSpellCheck (spellcheck="false") unless it is turned off.
    assert "NoSpellCheck" not in extensions
    assert extensions["History"] and extensions["Bold"]


def test_the_editor_starts_with_room_to_write():
    with open(finders.find("css/admin.css"), encoding="utf-8") as css:
        rules = css.read()
    assert re.search(r"\.prose-editor \.ProseMirror \{ min-height: \d+rem; \}", rules)
