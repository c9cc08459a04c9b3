"""Redis down (issue 13, defect 5): rate limits fail open, so nothing a reader typed is lost.

The cache is the production settings' Redis cache (REDIS_URL) pointed either at a port where
nothing listens, so every cache call raises redis's ConnectionError as while Redis is stopped,
or at a socket that accepts connections and never answers, as a wedged Redis does (the
settings' socket timeout turns that into redis's TimeoutError after a second).
"""

import importlib
import logging

import pytest
from django.core import mail

from comments.models import Comment, CommentStatus
from newsletter.models import Subscriber
from tests.articles.factories import ArticleFactory
from tests.comments.helpers import post_comment
from tests.helpers.net import closed_port, silent_port

pytestmark = pytest.mark.django_db


def production_caches(monkeypatch, url):
    """CACHES as ponars.settings builds them for REDIS_URL=url."""
    import ponars.settings as settings_module

    monkeypatch.setenv("REDIS_URL", url)
    caches = importlib.reload(settings_module).CACHES
    monkeypatch.delenv("REDIS_URL")
    importlib.reload(settings_module)
    return caches


@pytest.fixture(params=["stopped", "not answering"])
def cache_down(request, settings, monkeypatch):
    if request.param == "stopped":
        with closed_port() as port:  # connections refused
            settings.CACHES = production_caches(monkeypatch, f"redis://127.0.0.1:{port}/13")
            yield
        return
    with silent_port() as port:  # accepts connections (the backlog) and never replies
        settings.CACHES = production_caches(monkeypatch, f"redis://127.0.0.1:{port}/13")
        yield


def test_comment_is_stored_when_the_cache_is_down(client, cache_down, caplog):
    article = ArticleFactory()
    with caplog.at_level(logging.WARNING, logger="core.ratelimit"):
        response = post_comment(client, article, body="Typed while Redis was away.")
    assert response.status_code == 303
    assert response["Location"].endswith("?posted=held#comments")
    comment = Comment.objects.get()
    assert comment.body == "Typed while Redis was away."
    assert comment.status == CommentStatus.PENDING  # moderation still guards the page
    assert any(
        r.levelno == logging.WARNING and "comments" in r.getMessage() for r in caplog.records
    )
    html = client.get(response["Location"]).content.decode()
    assert "Your comment awaits moderation" in html


def test_newsletter_sign_up_works_when_the_cache_is_down(client, cache_down, caplog):
    with caplog.at_level(logging.WARNING, logger="core.ratelimit"):
        response = client.post("/newsletter/", {"email": "outage@example.org"})
    assert response.status_code == 302 and response["Location"] == "/newsletter/check-your-inbox/"
    assert Subscriber.objects.get().email == "outage@example.org"
    assert [m.to for m in mail.outbox] == [["outage@example.org"]]
    warned = {r.getMessage() for r in caplog.records if r.levelno == logging.WARNING}
    assert any("newsletter.signup" in m for m in warned)
    assert any("newsletter.address" in m for m in warned)


def test_limits_still_apply_when_the_cache_works(client, settings):
    """Failing open is only for a cache that raises: a working cache still limits."""
    settings.COMMENTS_RATE = "1/h"  # an hour: no window ends mid-test
    article = ArticleFactory()
    assert post_comment(client, article, body="First").status_code == 303
    assert post_comment(client, article, body="Second, kept").status_code == 429


def test_a_menu_entry_is_saved_and_pages_served_when_the_cache_is_down(client, cache_down):
    from core.models import MenuItem

    entry = MenuItem.objects.get(name="Commentary", parent=None)
    entry.name = "Analysis"
    entry.save()  # the kept trees cannot be cleared: the change is saved all the same
    assert MenuItem.objects.get(pk=entry.pk).name == "Analysis"
    page = client.get("/").content.decode()
    assert ">Analysis</a>" in page  # built from the database while the cache is away
