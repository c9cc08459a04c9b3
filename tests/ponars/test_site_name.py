"""The site's name comes from settings.SITE_NAME everywhere a reader, editor or app sees it."""

import re
from pathlib import Path

import feedparser
import pytest
from django.conf import settings
from django.core import mail
from django.core.cache import cache

from tests.articles.factories import ArticleFactory
from tests.events.factories import EventFactory
from tests.members.factories import PersonFactory

ROOT = Path(settings.BASE_DIR)
NAME = "PONARS Eurasia"
CODE = {".py", ".html", ".txt", ".xml", ".css", ".js"}
# Where the name may be written out: its one setting, demo content, tests and migrations.
ALLOWED = {"ponars/settings.py"}


def code_files():
    for path in ROOT.rglob("*"):
        relative = path.relative_to(ROOT)
        parts = relative.parts
        if path.suffix not in CODE or not path.is_file() or parts[0].startswith("."):
            continue
        if parts[0] in {"tests", "media", "staticfiles"} or "migrations" in parts:
            continue
        if path.stem.startswith("demo") or str(relative) in ALLOWED:
            continue
        yield relative, path


def test_the_site_name_is_written_only_in_settings():
    files = dict(code_files())
    assert "templates/base.html" in {str(p) for p in files}  # the walk finds the code
    written = [str(relative) for relative, path in files.items() if NAME in path.read_text()]
    assert written == []


@pytest.fixture
def renamed(settings):
    settings.SITE_NAME = "Caspian Studies Network"
    cache.clear()
    yield settings.SITE_NAME
    cache.clear()


@pytest.mark.django_db
def test_changing_the_setting_renames_pages_feeds_emails_and_the_admin(client, renamed):
    article = ArticleFactory(title="Karabakh and the CSTO")
    article.credits.all().delete()  # an article without authors is by the network
    EventFactory()
    PersonFactory()
    pages = {path: client.get(path) for path in ["/", article.get_absolute_url(), "/about-x/"]}
    home = pages["/"].content.decode()
    assert re.search(r"<title>Caspian Studies Network\b", home)
    assert '<meta property="og:site_name" content="Caspian Studies Network">' in home
    assert 'title="Caspian Studies Network: articles"' in home  # the site feed's link
    assert "<span>Caspian Studies Network</span>" in home  # the header
    article_page = pages[article.get_absolute_url()].content.decode()
    assert "<title>Karabakh and the CSTO · Caspian Studies Network</title>" in article_page
    meta = re.search(r'<p class="article-meta">\s*(.*?)\s*·', article_page, re.S)
    assert meta.group(1) == "Caspian Studies Network"  # the byline of an unsigned article

    feed = feedparser.parse(client.get("/feed/").content)
    assert feed.feed.title == "Caspian Studies Network: articles"
    calendar = client.get("/events/calendar.ics").content.decode()
    assert "PRODID:-//Caspian Studies Network//Events//EN" in calendar
    assert "X-WR-CALNAME:Caspian Studies Network events" in calendar

    client.post("/newsletter/", {"email": "reader@example.org"})
    message = mail.outbox[-1]
    assert message.subject.endswith("· Caspian Studies Network")
    assert "Caspian Studies Network" in message.body

    login = client.get("/admin/login/").content.decode()
    assert "<title>Log in | Caspian Studies Network admin</title>" in login
    assert "Caspian Studies Network administration" in login

    for response in [*pages.values(), client.get("/feed/"), client.get("/admin/login/")]:
        assert NAME not in response.content.decode()
    assert NAME not in calendar and NAME not in message.subject + message.body
