"""Every item's history as an editor reads it (core.admin.HistoryAdmin)."""

import re

import pytest
from django.urls import reverse

from core.admin import readable_text
from tests.articles.factories import ArticleFactory
from tests.events.factories import LectureFactory
from tests.podcasts.factories import EpisodeFactory

pytestmark = pytest.mark.django_db

WORDS = " ".join(f"word{i}" for i in range(60))


def history_page(client, item):
    opts = item._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[item.pk])
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def changes_column(html):
    return " ".join(re.findall(r"<li>\s*<strong>(.*?)</li>", html, re.S))


def test_a_body_change_reads_as_text_around_what_changed(client, editor):
    article = ArticleFactory(body=f"<p>Ukraine {WORDS} the <strong>old</strong> ending.</p>")
    article.body = f"<p>Ukraine {WORDS} the <strong>new</strong> ending.</p>"
    article.save()
    client.force_login(editor)
    changes = changes_column(history_page(client, article))
    assert "Body:</strong>" in changes
    assert "… word53 word54 word55 word56 word57 word58 word59 the old ending." in changes
    assert "… word53 word54 word55 word56 word57 word58 word59 the new ending." in changes
    assert "&lt;p&gt;" not in changes and "chars]" not in changes and "Ukraine" not in changes


def test_short_rich_text_changes_lose_their_markup_too():
    assert readable_text("<p>Two&nbsp;<em>words</em></p><p>Next</p>") == "Two words Next"
    assert readable_text("A < B, and C > D") == "A < B, and C > D"  # plain text is left alone


def test_no_change_reason_reads_as_a_dash_and_the_editor_is_no_dead_link(
    client, editor, admin_user
):
    article = ArticleFactory(title="First")
    article._history_user = editor
    article.title = "Second"
    article.save()
    client.force_login(editor)
    html = history_page(client, article)
    assert "<td>\n          None\n        </td>" not in html and ">None<" not in html
    user_url = reverse("admin:members_user_change", args=[editor.pk])
    assert user_url not in html  # editors may not open user records: no link to a 403
    assert "editor" in html
    client.force_login(admin_user)
    assert user_url in history_page(client, article)


@pytest.mark.parametrize("factory", [EpisodeFactory, LectureFactory], ids=["episode", "lecture"])
def test_episodes_and_lectures_have_history_and_revert(client, editor, factory):
    item = factory(title="The first title")
    item.title = "A worse title"
    item.save()
    client.force_login(editor)
    html = history_page(client, item)
    assert "The first title" in html and "A worse title" in html
    first = item.history.earliest()
    opts = item._meta
    revert = reverse(
        f"admin:{opts.app_label}_{opts.model_name}_simple_history", args=[item.pk, first.pk]
    )
    page = client.get(revert)
    assert page.status_code == 200 and 'value="The first title"' in page.content.decode()
