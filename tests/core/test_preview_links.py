"""Preview links: an unpublished item shown to someone without a login (its outside author)
until the link expires or an editor withdraws it (core.models.PreviewLink)."""

import datetime

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from core.models import PreviewLink
from core.publishing import Status
from resources.models import Book, HubEntry
from tests.core.test_publishing import DETAIL, FACTORIES
from tests.helpers.admin_form import change_form_data
from tests.helpers.html import assert_valid_html

pytestmark = pytest.mark.django_db

INLINE = "core-previewlink-content_type-object_id"


def link_for(item, **kwargs):
    return PreviewLink.objects.create(item=item, **kwargs)


@pytest.mark.parametrize("model", DETAIL, ids=lambda m: m.__name__)
def test_a_preview_link_shows_the_draft_to_a_reader_without_a_login(client, model):
    item = FACTORIES[model](status=Status.DRAFT)
    assert client.get(item.get_absolute_url()).status_code == 404
    link = link_for(item, shared_with="The author")
    response = client.get(link.get_absolute_url())
    assert response.status_code == 200
    assert_valid_html(response)
    html = response.content.decode()
    assert "<strong>Preview</strong> — this page is not published yet" in html
    assert "only staff can see this page" not in html
    assert '<meta name="robots" content="noindex' in html
    # Never stored by a browser, proxy, CDN or page cache; never indexed.
    cache_control = response["Cache-Control"]
    assert "no-store" in cache_control and "private" in cache_control
    assert response["X-Robots-Tag"] == "noindex"


def test_a_scheduled_item_is_previewed_too_and_the_link_outlives_publication(client):
    article = FACTORIES[DETAIL[0]](published_at=timezone.now() + datetime.timedelta(days=2))
    link = link_for(article)
    assert "<strong>Preview</strong>" in client.get(link.get_absolute_url()).content.decode()
    # Its publication time comes: the same link now shows the live, cacheable page.
    type(article).objects.filter(pk=article.pk).update(
        published_at=timezone.now() - datetime.timedelta(minutes=1)
    )
    response = client.get(link.get_absolute_url())
    assert response.status_code == 200 and "draft-banner" not in response.content.decode()
    assert "no-store" not in response.get("Cache-Control", "")


def test_an_expired_withdrawn_or_foreign_link_is_refused_with_a_reason(client):
    draft, other = (FACTORIES[DETAIL[0]](status=Status.DRAFT) for _ in range(2))
    expired = link_for(draft, expires_at=timezone.now() - datetime.timedelta(minutes=1))
    foreign = link_for(other)
    withdrawn = link_for(draft)
    withdrawn_url = withdrawn.get_absolute_url()
    withdrawn.delete()
    for url in (
        expired.get_absolute_url(),
        withdrawn_url,
        f"{draft.get_absolute_url()}?preview={foreign.key}",
        f"{draft.get_absolute_url()}?preview=guess",
    ):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "This preview link has expired or was withdrawn" in response.content.decode()
    # The other item's link still opens the other item.
    assert client.get(foreign.get_absolute_url()).status_code == 200


def test_items_without_a_page_of_their_own_offer_no_preview_link(client, editor):
    entry = FACTORIES[HubEntry](status=Status.DRAFT)
    client.force_login(editor)
    page = client.get(reverse("admin:resources_hubentry_change", args=[entry.pk]))
    assert page.status_code == 200 and "Preview links" not in page.content.decode()


def test_a_new_link_works_for_the_configured_number_of_days(settings):
    settings.PREVIEW_LINK_DAYS = 3
    link = link_for(FACTORIES[DETAIL[0]](status=Status.DRAFT))
    days = (link.expires_at - timezone.now()).total_seconds() / 86400
    assert 2.99 < days <= 3
    assert len(link.key) >= 32 and link.key != link_for(link.item).key


@pytest.mark.parametrize("model", DETAIL, ids=lambda m: m.__name__)
def test_an_editor_makes_and_withdraws_a_link_on_the_change_page(client, editor, model):
    item = FACTORIES[model](status=Status.DRAFT)
    opts = model._meta
    url = reverse(f"admin:{opts.app_label}_{opts.model_name}_change", args=[item.pk])
    client.force_login(editor)
    page = client.get(url).content.decode()
    assert "Preview links (to show this unpublished page to someone without a login)" in page
    data = change_form_data(page)
    data.update(
        {
            f"{INLINE}-TOTAL_FORMS": "1",
            f"{INLINE}-0-shared_with": "Outside author",
            f"{INLINE}-0-expires_at_0": "",
            f"{INLINE}-0-expires_at_1": "",
        }
    )
    expires = timezone.localtime(timezone.now() + datetime.timedelta(days=7))
    data[f"{INLINE}-0-expires_at_0"] = f"{expires:%Y-%m-%d}"
    data[f"{INLINE}-0-expires_at_1"] = f"{expires:%H:%M:%S}"
    data["_continue"] = "Save and continue editing"
    response = client.post(url, data)
    assert response.status_code == 302, response.context and [
        form.errors for form in response.context["inline_admin_formsets"]
    ] + [response.context["adminform"].form.errors]
    link = PreviewLink.objects.get()
    assert link.item == item and link.created_by == editor and link.shared_with == "Outside author"
    page = client.get(url).content.decode()
    sent = f"{settings.SITE_URL.rstrip('/')}{link.get_absolute_url()}"
    assert f'<input type="url" value="{sent}" readonly' in page
    client.logout()
    assert client.get(link.get_absolute_url()).status_code == 200
    # Withdraw it: delete the row and save.
    client.force_login(editor)
    data = change_form_data(client.get(url).content.decode())
    data[f"{INLINE}-0-DELETE"] = "on"
    data["_continue"] = "Save and continue editing"
    assert client.post(url, data).status_code == 302
    assert not PreviewLink.objects.exists()
    client.logout()
    assert client.get(link.get_absolute_url()).status_code == 404


def test_deleting_an_item_deletes_its_preview_links():
    draft, other = (FACTORIES[DETAIL[0]](status=Status.DRAFT) for _ in range(2))
    link_for(draft), link_for(other)
    draft.delete()
    assert [link.item for link in PreviewLink.objects.all()] == [other]


def test_a_change_form_posted_without_the_preview_section_still_saves(client, editor):
    """A page opened before the section existed (or a script) saves and changes no link."""
    item = FACTORIES[DETAIL[0]](status=Status.DRAFT)
    link = link_for(item)
    url = reverse("admin:articles_article_change", args=[item.pk])
    client.force_login(editor)
    data = change_form_data(client.get(url).content.decode())
    data = {k: v for k, v in data.items() if not k.startswith(INLINE)}
    data["title"] = "A better title"
    assert client.post(url, data).status_code == 302
    item.refresh_from_db()
    assert item.title == "A better title" and PreviewLink.objects.get() == link


def test_the_page_cache_never_keeps_a_preview(client, settings):
    """A withdrawn link stops working at once, even with the page cache on."""
    settings.PAGE_CACHE_SECONDS = 600
    draft = FACTORIES[DETAIL[0]](status=Status.DRAFT)
    link = link_for(draft)
    url = link.get_absolute_url()
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200
    link.delete()
    assert client.get(url).status_code == 404


def test_deleting_many_items_deletes_their_links_without_a_query_per_item():
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def delete(count):
        items = [FACTORIES[DETAIL[0]](status=Status.DRAFT) for _ in range(count)]
        for item in items:
            link_for(item)
        with CaptureQueriesContext(connection) as queries:
            type(items[0]).objects.filter(pk__in=[i.pk for i in items]).delete()
        return len([q for q in queries if "core_previewlink" in q["sql"]])

    # (The item's own history and signals cost a query per item; its links do not.)
    assert delete(1) == delete(6) <= 2
    assert not PreviewLink.objects.exists()


def test_staff_who_may_only_view_a_kind_get_no_preview_links(client, membership_staff):
    """Membership staff may look at books, not share their drafts."""
    book = FACTORIES[Book](status=Status.DRAFT)
    client.force_login(membership_staff)
    page = client.get(reverse("admin:resources_book_change", args=[book.pk]))
    assert page.status_code == 200 and "Preview links" not in page.content.decode()
    assert not membership_staff.has_perm("core.add_previewlink")


def test_the_preview_section_and_the_schedule_speak_russian_in_the_russian_admin(client, editor):
    from tests.articles.factories import ArticleFactory

    draft = ArticleFactory(status=Status.DRAFT)
    PreviewLink.objects.create(item=draft, shared_with="Outside author", created_by=editor)
    ArticleFactory(title="Coming soon", published_at=timezone.now() + datetime.timedelta(days=3))
    client.force_login(editor)
    page = client.get(f"/ru/admin/articles/article/{draft.pk}/change/").content.decode()
    assert "Ссылки для предпросмотра (показать эту неопубликованную страницу" in page
    assert "Ссылка для отправки" in page and 'aria-label="Ссылка для предпросмотра"' in page
    assert "preview links" not in page.lower() and "link to send" not in page
    listing = client.get("/ru/admin/articles/article/").content.decode()
    assert "Запланировано на" in listing and "Scheduled for" not in listing
