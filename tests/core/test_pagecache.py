"""The page cache and HTTP caching (core/pagecache.py): anonymous pages come from the cache until
something readers see changes; nothing personal is ever stored; browsers and CDNs get ETags,
304s and Cache-Control."""

import datetime
import os
from urllib.parse import urlsplit

import pytest
import time_machine
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import caches
from django.test import Client, RequestFactory
from django.utils import timezone

from comments.models import CommentStatus
from comments.service import moderate, unsubscribe_url
from core import pagecache
from core.publishing import Status
from tests.articles.factories import ArticleFactory
from tests.comments.factories import CommentFactory
from tests.comments.helpers import post_comment
from tests.helpers.net import closed_port
from tests.helpers.pagecache import commit
from tests.members.factories import PersonFactory, UserFactory

pytestmark = pytest.mark.django_db

REDIS_URL = os.environ.get("PAGECACHE_TEST_REDIS_URL", "redis://127.0.0.1:6379/5")


def served_from_cache(client, path, django_assert_num_queries, **kwargs):
    with django_assert_num_queries(0):
        return client.get(path, **kwargs)


# --- hits ----------------------------------------------------------------------------------


def test_an_anonymous_page_is_rendered_once_then_served_without_a_query(
    client, page_cache, django_assert_num_queries
):
    article = ArticleFactory(title="Sanctions and the rouble")
    first = client.get(article.get_absolute_url())
    again = served_from_cache(client, article.get_absolute_url(), django_assert_num_queries)
    assert again.status_code == 200 and again.content == first.content
    assert "Sanctions and the rouble" in again.content.decode()
    assert again["Content-Type"] == first["Content-Type"]
    assert again["Content-Security-Policy"] == first["Content-Security-Policy"]
    head = served_from_cache(
        client, article.get_absolute_url(), django_assert_num_queries, REQUEST_METHOD="HEAD"
    )
    assert head.status_code == 200


def test_the_key_holds_the_language_host_and_query(rf):
    english = pagecache.page_key(rf.get("/articles/"), "en")
    assert pagecache.page_key(rf.get("/ru/articles/"), "ru") != english
    assert pagecache.page_key(rf.get("/articles/", HTTP_HOST="localhost"), "en") != english
    assert pagecache.page_key(rf.get("/articles/?page=2"), "en") != english
    assert ":ru:" in pagecache.page_key(rf.get("/ru/articles/"), "ru")


# --- invalidation --------------------------------------------------------------------------


def test_publishing_changing_and_unpublishing_show_on_the_next_request(
    client, page_cache, django_capture_on_commit_callbacks
):
    ArticleFactory(title="Already there")
    draft = ArticleFactory(title="Fresh from the editor", status=Status.DRAFT)
    assert "Fresh from the editor" not in client.get("/articles/").content.decode()

    commit(django_capture_on_commit_callbacks, draft.publish)
    assert "Fresh from the editor" in client.get("/articles/").content.decode()

    draft.title = "Retitled by the editor"
    commit(django_capture_on_commit_callbacks, draft.save)
    html = client.get("/articles/").content.decode()
    assert "Retitled by the editor" in html and "Fresh from the editor" not in html

    commit(django_capture_on_commit_callbacks, draft.unpublish)
    assert "Retitled by the editor" not in client.get("/articles/").content.decode()
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_approving_and_removing_a_comment_refresh_the_page(
    client, page_cache, django_capture_on_commit_callbacks, editor
):
    article = ArticleFactory()
    held = CommentFactory(article=article, body="Held until a moderator looks.", status="pending")
    assert "Held until a moderator" not in client.get(article.get_absolute_url()).content.decode()

    commit(django_capture_on_commit_callbacks, lambda: moderate([held], "approved", editor))
    assert "Held until a moderator" in client.get(article.get_absolute_url()).content.decode()

    commit(django_capture_on_commit_callbacks, lambda: moderate([held], "removed", editor))
    assert "Held until a moderator" not in client.get(article.get_absolute_url()).content.decode()

    shown = CommentFactory(article=article, body="Approved in the admin form.", status="pending")
    shown.status = CommentStatus.APPROVED
    commit(django_capture_on_commit_callbacks, shown.save)
    assert "Approved in the admin form" in client.get(article.get_absolute_url()).content.decode()
    commit(django_capture_on_commit_callbacks, shown.delete)
    assert "Approved in the admin" not in client.get(article.get_absolute_url()).content.decode()


def test_a_comment_held_for_moderation_keeps_the_cache(
    client, page_cache, django_capture_on_commit_callbacks, settings
):
    settings.COMMENTS_MIN_SECONDS = 0
    article = ArticleFactory()
    client.get(article.get_absolute_url())
    generation = caches["default"].get(pagecache.STATE_KEY)["generation"]
    with django_capture_on_commit_callbacks(execute=True):
        assert post_comment(Client(), article, body="Buy cheap things now").status_code == 303
    assert caches["default"].get(pagecache.STATE_KEY)["generation"] == generation


def test_a_scheduled_article_appears_when_its_time_comes(client, page_cache):
    when = timezone.now() + datetime.timedelta(hours=1)
    ArticleFactory(title="Embargoed until noon", published_at=when)
    assert "Embargoed until noon" not in client.get("/articles/").content.decode()
    with time_machine.travel(when - datetime.timedelta(seconds=5)):
        assert "Embargoed until noon" not in client.get("/articles/").content.decode()
    with time_machine.travel(when + datetime.timedelta(seconds=1)):
        assert "Embargoed until noon" in client.get("/articles/").content.decode()


def test_two_app_servers_sharing_redis_see_each_others_changes(
    settings, django_capture_on_commit_callbacks, django_assert_num_queries
):
    """Two cache clients (each its own connection pool, as two app servers have) on one Redis
    database: a change made through one is seen through the other."""
    redis = {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "pagecache-test",
    }
    settings.CACHES = {
        **settings.CACHES,
        "default": redis,
        "server_a": dict(redis),
        "server_b": dict(redis),
    }
    settings.PAGE_CACHE_SECONDS = 600
    pagecache._down_until = 0.0
    caches["server_a"].delete_many([pagecache.STATE_KEY])
    ArticleFactory(title="First on both")
    draft = ArticleFactory(title="Published on server B", status=Status.DRAFT)
    try:
        settings.PAGE_CACHE_ALIAS = "server_a"
        client = Client()
        client.get("/articles/")
        cached = served_from_cache(client, "/articles/", django_assert_num_queries)
        assert "Published on server B" not in cached.content.decode()

        settings.PAGE_CACHE_ALIAS = "server_b"
        commit(django_capture_on_commit_callbacks, draft.publish)

        settings.PAGE_CACHE_ALIAS = "server_a"
        assert "Published on server B" in client.get("/articles/").content.decode()
    finally:
        caches["server_a"].clear()


def test_a_cache_that_is_down_costs_nothing_but_the_cache(client, settings):
    settings.PAGE_CACHE_SECONDS = 600
    pagecache._down_until = 0.0
    article = ArticleFactory(title="Still readable")
    with closed_port() as port:  # connections refused, as while Redis is stopped
        settings.CACHES = {
            **settings.CACHES,
            "default": {
                "BACKEND": "core.cache.RedisCache",
                "LOCATION": f"redis://127.0.0.1:{port}/13",
            },
        }
        assert "Still readable" in client.get(article.get_absolute_url()).content.decode()
        assert "Still readable" in client.get(article.get_absolute_url()).content.decode()


# --- nothing personal ----------------------------------------------------------------------


def test_staff_get_fresh_private_pages_and_readers_never_get_theirs(
    client, page_cache, editor, django_assert_num_queries
):
    draft = ArticleFactory(title="Not yet public", status=Status.DRAFT)
    client.force_login(editor)
    preview = client.get(draft.get_absolute_url())
    assert preview.status_code == 200 and "Not yet public" in preview.content.decode()
    assert "private" in preview["Cache-Control"] and "no-store" in preview["Cache-Control"]
    live = ArticleFactory(title="Public piece")
    client.get(live.get_absolute_url())  # a staff page: not stored
    again = client.get(live.get_absolute_url())
    assert again["Cache-Control"] == "private, no-store"

    reader = Client()
    assert reader.get(draft.get_absolute_url()).status_code == 404
    fresh = reader.get(live.get_absolute_url())
    assert "private" not in fresh["Cache-Control"]
    admin = client.get("/admin/")
    assert "private" in admin["Cache-Control"] and "no-store" in admin["Cache-Control"]


def test_a_reader_with_a_message_gets_a_fresh_page(page_cache, django_assert_max_num_queries):
    article = ArticleFactory()
    Client().get(article.get_absolute_url())
    reader = Client()
    request = RequestFactory().get("/")
    storage = CookieStorage(request)
    storage.add(20, "Thank you for subscribing.")
    response = pagecache.HttpResponse()
    storage.update(response)
    reader.cookies["messages"] = response.cookies["messages"].value
    page = reader.get(article.get_absolute_url())
    assert page["Cache-Control"] == "private, no-store"


def test_a_page_with_a_csrf_token_is_never_stored(
    client, page_cache, django_assert_max_num_queries
):
    """A form with Django's CSRF token (the newsletter's resubscribe button) would hand one
    reader's token to the next: such a page is rendered for each reader and marked private."""
    from newsletter.models import Subscriber

    subscriber = Subscriber.objects.create(email="leaving@example.org")
    url = f"/newsletter/unsubscribe/{subscriber.unsubscribe_token()}/"
    client.cookies["csrftoken"] = "a" * 32
    first = client.get(url)
    second = Client().get(url)
    for response in (first, second):
        assert response.status_code == 200
        assert "csrfmiddlewaretoken" in response.content.decode()
        assert "no-store" in response["Cache-Control"]
    assert caches["default"].get(pagecache.page_key(RequestFactory().get(url), "en")) is None


def test_token_links_are_never_cached(client, page_cache):
    """An unsubscribe link acts on one person each time it is followed."""
    comment = CommentFactory(notify_replies=True)
    url = urlsplit(unsubscribe_url(comment)).path
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200 and "no-store" in response["Cache-Control"]


def test_a_form_with_errors_is_private(client, page_cache, settings):
    settings.COMMENTS_MIN_SECONDS = 0
    article = ArticleFactory()
    response = post_comment(client, article, body="")
    assert response.status_code == 400
    assert response["Cache-Control"] == "private, no-store"


# --- HTTP caching --------------------------------------------------------------------------


def test_public_pages_carry_validators_and_cdn_friendly_cache_control(client, page_cache):
    article = ArticleFactory()
    first_modified = client.get(article.get_absolute_url())["Last-Modified"]
    for served in (client.get(article.get_absolute_url()), client.get(article.get_absolute_url())):
        control = served["Cache-Control"]
        assert "public" in control and "max-age=60" in control
        assert "s-maxage=60" in control and "stale-while-revalidate=60" in control
        assert served["ETag"] and served["Last-Modified"] == first_modified
        assert "Accept-Language" not in served.get("Vary", "")


@pytest.mark.parametrize("cached", [True, False])
def test_a_conditional_request_gets_304_until_the_page_changes(
    client, settings, cached, django_capture_on_commit_callbacks
):
    settings.PAGE_CACHE_SECONDS = 600 if cached else 0
    caches["default"].clear()
    article = ArticleFactory(title="Before the edit")  # a list: no comment form token in it
    first = client.get("/articles/")
    not_modified = client.get("/articles/", headers={"if-none-match": first["ETag"]})
    assert not_modified.status_code == 304 and not not_modified.content
    assert not_modified["ETag"] == first["ETag"]
    if cached:  # Last-Modified: the last change of content, known to the page cache
        since = client.get("/articles/", headers={"if-modified-since": first["Last-Modified"]})
        assert since.status_code == 304
    else:  # rendered each time: the ETag alone says whether it changed
        assert "Last-Modified" not in first

    article.title = "After the edit"
    commit(django_capture_on_commit_callbacks, article.save)
    changed = client.get("/articles/", headers={"if-none-match": first["ETag"]})
    assert changed.status_code == 200 and "After the edit" in changed.content.decode()
    caches["default"].clear()


def test_the_feeds_keep_their_own_validators(client, page_cache):
    ArticleFactory()
    feed = client.get("/feed/")
    again = client.get("/feed/", headers={"if-none-match": feed["ETag"]})
    assert again.status_code == 304
    assert "public" in feed["Cache-Control"]


def test_a_signed_in_reader_is_never_served_the_anonymous_copy(
    client, page_cache, django_assert_max_num_queries
):
    article = ArticleFactory()
    Client().get(article.get_absolute_url())
    user = UserFactory(username="reader")
    client.force_login(user)
    response = client.get(article.get_absolute_url())
    assert response["Cache-Control"] == "private, no-store"


# --- work done once per change (pagecache.remember) ---------------------------------------


def test_the_sitemap_index_dates_are_computed_once_per_change(
    client, page_cache, editor, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    article = ArticleFactory()
    client.force_login(editor)  # staff pages are never stored: this is the work itself
    first = client.get("/sitemap.xml").content.decode()
    with django_assert_max_num_queries(3):  # the session and the user only
        assert client.get("/sitemap.xml").content.decode() == first

    article.title = "Edited"
    commit(django_capture_on_commit_callbacks, article.save)
    assert client.get("/sitemap.xml").content.decode() != first  # the articles' <lastmod>


def test_the_feed_validators_follow_every_change(
    client, page_cache, editor, django_capture_on_commit_callbacks
):
    article = ArticleFactory()
    client.force_login(editor)
    etag = client.get("/feed/")["ETag"]
    assert client.get("/feed/")["ETag"] == etag
    commit(django_capture_on_commit_callbacks, article.unpublish)
    assert client.get("/feed/")["ETag"] != etag


def test_vary_keeps_cookie_and_drops_accept_language(rf, page_cache):
    """The language is in the path (/ru/…), so a page never varies with Accept-Language; a page
    that read the session still says so (Vary: Cookie) to a CDN."""
    response = pagecache.HttpResponse("page")
    response["Vary"] = "Accept-Language, Cookie"
    public = pagecache.PageCacheMiddleware(lambda request: response).public(rf.get("/"), response)
    assert public["Vary"] == "Cookie"
    only_language = pagecache.HttpResponse("page")
    only_language["Vary"] = "Accept-Language"
    public = pagecache.PageCacheMiddleware(None).public(rf.get("/"), only_language)
    assert "Vary" not in public


# --- the content of pages, kept for everyone ({% kept %}, pagecache.fragment) ----------------

KEPT_PAGES = ["/", "/articles/", "/search/?q=sanctions", "/feed/"]


@pytest.mark.parametrize("path", KEPT_PAGES)
def test_staff_pages_reuse_the_kept_content_and_show_a_change_at_once(
    path,
    client,
    page_cache,
    editor,
    django_capture_on_commit_callbacks,
    django_assert_max_num_queries,
):
    """A signed-in editor gets a fresh page each time (never the anonymous copy), but its
    lists are made once per change of content, not per request."""
    ArticleFactory(title="Sanctions and the rouble")
    draft = ArticleFactory(title="Sanctions and the budget", status=Status.DRAFT)
    client.force_login(editor)
    first = client.get(path)
    assert "rouble" in first.content.decode()
    assert "private" in first.get("Cache-Control", "")
    with django_assert_max_num_queries(4):  # session, user, menu-free layout; no list
        again = client.get(path)
    assert again.content == first.content
    assert "budget" not in again.content.decode()

    commit(django_capture_on_commit_callbacks, draft.publish)
    assert "budget" in client.get(path).content.decode()


def test_a_drafts_page_is_never_kept(client, page_cache, editor):
    draft = ArticleFactory(title="Work in progress", status=Status.DRAFT)
    client.force_login(editor)
    assert "Work in progress" in client.get(draft.get_absolute_url()).content.decode()
    # A change that sends no signal: only a page rendered afresh can show it.
    type(draft).objects.filter(pk=draft.pk).update(title="Still in progress")
    assert "Still in progress" in client.get(draft.get_absolute_url()).content.decode()


def test_a_persons_page_keeps_its_lists_and_feeds(
    client, page_cache, editor, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    person = PersonFactory(name="Olga Kirillova")
    ArticleFactory(title="Regional elections", authors=[person])
    client.force_login(editor)
    first = client.get(person.get_absolute_url()).content.decode()
    assert "Regional elections" in first and 'type="application/rss+xml"' in first
    with django_assert_max_num_queries(5):  # the person, their term and expertise, the session
        assert client.get(person.get_absolute_url()).content.decode() == first
    commit(
        django_capture_on_commit_callbacks,
        lambda: ArticleFactory(title="Turnout in the regions", authors=[person]),
    )
    assert "Turnout in the regions" in client.get(person.get_absolute_url()).content.decode()


def test_an_answer_to_a_post_is_never_taken_from_the_kept_content(client, page_cache):
    article = ArticleFactory()
    client.get(article.get_absolute_url())  # the content is kept
    response = post_comment(client, article, body="")
    assert response.status_code == 400
    assert "Write your comment before posting it." in response.content.decode()


def test_kept_content_that_used_a_csrf_token_is_not_shared(page_cache):
    from django.middleware.csrf import get_token
    from django.template import Context, Template
    from django.utils.functional import SimpleLazyObject

    template = Template('{% load kept %}{% kept "form" %}{% csrf_token %}{% endkept %}')
    forms = []
    for _ in range(2):
        request = RequestFactory().get("/newsletter/")
        # As the csrf context processor gives it: made when the template asks for it.
        token = SimpleLazyObject(lambda request=request: get_token(request))
        forms.append(template.render(Context({"request": request, "csrf_token": token})))
    assert forms[0] != forms[1]


def test_an_answer_whose_request_used_the_csrf_token_is_not_stored(rf):
    from django.http import HttpResponse
    from django.middleware.csrf import get_token

    request = rf.get("/newsletter/")
    assert pagecache.is_storable(request, HttpResponse("a page"))
    get_token(request)  # a form on the page asked for it
    assert not pagecache.is_storable(request, HttpResponse("a page with a form"))


def test_the_redis_cache_reuses_one_client_per_pool_and_still_works(settings):
    """Django's backend made a client per call (a tenth of a millisecond each, on every page)."""
    from core.cache import RedisCache

    cache = RedisCache(REDIS_URL, {"KEY_PREFIX": "client-reuse-test"})
    try:
        assert cache._cache.get_client() is cache._cache.get_client(write=True)
        cache.set("word", "слово")
        assert cache.get_many(["word", "missing"]) == {"word": "слово"}
    finally:
        cache.delete("word")


@pytest.mark.parametrize("change", ["person", "category", "topic", "flatpage", "membership"])
def test_a_change_to_what_pages_show_besides_items_refreshes_them(
    change, client, page_cache, django_capture_on_commit_callbacks
):
    """Renaming a person, a category or a topic, editing a page or ending a membership is
    seen on the next request, as a publication is."""
    from django.contrib.flatpages.models import FlatPage
    from django.contrib.sites.models import Site

    from articles.models import Category
    from members.models import Membership
    from tests.articles.factories import TopicFactory

    person = PersonFactory(name="Olga Kirillova")
    topic = TopicFactory(name="Regional politics")
    article = ArticleFactory(authors=[person], topics=[topic])
    page = FlatPage.objects.create(url="/about/", title="About us", content="<p>Old text</p>")
    page.sites.add(Site.objects.get_current())
    membership = Membership.objects.create(
        person=person, tier="core", started=datetime.date(2020, 1, 1)
    )
    paths = {
        "person": article.get_absolute_url(),
        "category": article.get_absolute_url(),
        "topic": article.get_absolute_url(),
        "flatpage": "/about/",
        "membership": "/members/",
    }
    before = client.get(paths[change]).content.decode()

    def edit():
        if change == "person":
            person.name = "Olga Kirillova-Smith"
            person.save()
        elif change == "category":
            category = Category.objects.get(pk=article.category_id)
            category.name = "Long reads"
            category.save()
        elif change == "topic":
            topic.name = "Politics of the regions"
            topic.save()
        elif change == "flatpage":
            page.content = "<p>New text</p>"
            page.save()
        else:
            membership.delete()

    commit(django_capture_on_commit_callbacks, edit)
    after = client.get(paths[change]).content.decode()
    expected = {
        "person": "Olga Kirillova-Smith",
        "category": "Long reads",
        "topic": "Politics of the regions",
        "flatpage": "New text",
    }
    if change == "membership":
        assert "Olga Kirillova" in before and "Olga Kirillova" not in after
    else:
        assert expected[change] not in before and expected[change] in after


def test_many_changes_in_one_transaction_start_one_generation(
    page_cache, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        for number in range(5):
            PersonFactory(name=f"Person {number}")
            ArticleFactory()
    renewals = [callback for callback in callbacks if isinstance(callback, pagecache.Renewal)]
    assert len(renewals) == 1
    assert renewals[0].records and pagecache.KIND_KEY + "articles.article" in renewals[0].tokens


def test_a_sign_in_changes_no_page(client, page_cache, django_capture_on_commit_callbacks):
    from members.models import User

    UserFactory(username="editor2", password="a long enough password", is_staff=True)
    with django_capture_on_commit_callbacks() as callbacks:
        response = client.post(
            "/admin/login/", {"username": "editor2", "password": "a long enough password"}
        )
    assert response.status_code == 302 and User.objects.get(username="editor2").last_login
    assert not any(isinstance(callback, pagecache.Renewal) for callback in callbacks)


def test_an_items_page_keeps_the_item_and_shows_its_change_at_once(
    client, page_cache, editor, django_capture_on_commit_callbacks, django_assert_max_num_queries
):
    """Staff get an article's page without looking the article, its people and topics up again
    (core.publishing.get_visible_or_404 kept_as); an edit shows on the next request."""
    article = ArticleFactory(title="Turnout in the regions", authors=[PersonFactory()])
    client.force_login(editor)
    first = client.get(article.get_absolute_url())
    with django_assert_max_num_queries(3):  # the session and the user
        assert client.get(article.get_absolute_url()).content == first.content
    article.title = "Turnout in the republics"
    commit(django_capture_on_commit_callbacks, article.save)
    assert "Turnout in the republics" in client.get(article.get_absolute_url()).content.decode()


def test_a_kept_item_is_never_read_back_by_code_with_other_columns():
    from articles.models import Article, Category

    key = pagecache.item_key(Article, "page", {"slug": "a"})
    assert key == pagecache.item_key(Article, "page", {"slug": "a"})
    assert key != pagecache.item_key(Article, "page", {"slug": "b"})
    assert key.split(":")[3] != pagecache.item_key(Category, "page", {"slug": "a"}).split(":")[3]


@pytest.mark.parametrize("kind", ["category", "topic", "series", "expertise"])
def test_a_lists_subject_is_looked_up_once_per_change_and_a_rename_shows_at_once(
    kind, client, page_cache, editor, django_capture_on_commit_callbacks
):
    """A category's, topic's, series' or area of expertise's page (core.pagecache.get_kept_or_404):
    staff get it again without looking the subject up (nor anything else); renamed, the next
    request shows the new name. An unknown slug is still a 404."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from tests.articles.factories import CategoryFactory, TopicFactory
    from tests.events.factories import EventFactory, SeriesFactory
    from tests.members.factories import ExpertiseFactory, MembershipFactory

    if kind == "category":
        subject = CategoryFactory(name="Long reads", slug="long-reads")
        ArticleFactory(category=subject)
    elif kind == "topic":
        subject = TopicFactory(name="Regional politics", slug="regional-politics")
        ArticleFactory(topics=[subject])
    elif kind == "series":
        subject = SeriesFactory(name="Book talks", slug="book-talks")
        EventFactory(series=subject)
    else:
        subject = ExpertiseFactory(name="Energy", slug="energy")
        person = PersonFactory()
        person.expertise.add(subject)
        MembershipFactory(person=person)
    path = subject.get_absolute_url()
    client.force_login(editor)
    first = client.get(path)
    assert first.status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).content == first.content
    lookup = f'"{subject._meta.db_table}"."slug" = '
    assert not [q["sql"] for q in queries if lookup in q["sql"]]
    subject.name = "Renamed subject"
    commit(django_capture_on_commit_callbacks, subject.save)
    assert "Renamed subject" in client.get(path).content.decode()
    assert client.get(path.rstrip("/") + "-nope/").status_code == 404


@pytest.mark.parametrize("path", ["/articles/", "category", "topic", "/members/"])
def test_a_kept_list_is_not_even_built_again(path, client, page_cache, editor, monkeypatch):
    """A list in kept content is a function making its QuerySet (core.pagination.Deferred):
    staff asking again get the kept part without the list's QuerySet being made, not only
    without it being run."""
    from articles.models import ArticleQuerySet
    from members.models import PersonQuerySet
    from tests.articles.factories import CategoryFactory, TopicFactory
    from tests.members.factories import MembershipFactory

    category, topic = CategoryFactory(slug="long-reads"), TopicFactory(slug="regions")
    ArticleFactory(category=category, topics=[topic], authors=[PersonFactory()])
    MembershipFactory(person=PersonFactory())
    url = {"category": category.get_absolute_url(), "topic": topic.get_absolute_url()}.get(
        path, path
    )
    client.force_login(editor)
    first = client.get(url)
    assert first.status_code == 200
    built = []
    for queryset, method in [
        (ArticleQuerySet, "with_bylines"),
        (PersonQuerySet, "with_current_term"),
    ]:
        original = getattr(queryset, method)
        monkeypatch.setattr(
            queryset,
            method,
            lambda self, *a, _original=original, **k: built.append(1) or _original(self, *a, **k),
        )
    assert client.get(url).content == first.content
    assert built == []


# --- analytics' query parameters ------------------------------------------------------------


def test_analytics_parameters_are_dropped_and_the_others_kept_as_they_came(rf, settings):
    request = rf.get("/")
    request.META["QUERY_STRING"] = "q=%D1%80%D1%83&utm_source=mail&UTM_Campaign=x&fbclid=1&page=2"
    assert request.GET["utm_source"] == "mail"  # read before: made again from the new string
    pagecache.drop_ignored_parameters(request)
    assert request.META["QUERY_STRING"] == "q=%D1%80%D1%83&page=2"
    assert dict(request.GET.items()) == {"q": "ру", "page": "2"}
    assert request.get_full_path() == "/?q=%D1%80%D1%83&page=2"

    settings.IGNORED_QUERY_PARAMETERS = ["ref"]
    request = rf.get("/", {"ref": "x", "referee": "y", "utm_source": "z"})
    pagecache.drop_ignored_parameters(request)
    assert dict(request.GET.items()) == {"referee": "y", "utm_source": "z"}


def test_a_link_with_analytics_parameters_is_served_the_cached_page(
    client, page_cache, django_assert_num_queries
):
    article = ArticleFactory(title="Sanctions and the rouble")
    url = article.get_absolute_url()
    first = client.get(url)
    for query in ("?utm_source=newsletter&utm_medium=email", "?fbclid=IwAR3x", "?ysclid=lq1x2"):
        again = served_from_cache(client, url + query, django_assert_num_queries)
        assert again.status_code == 200 and again.content == first.content
    head = served_from_cache(
        client, url + "?fbclid=IwAR9y", django_assert_num_queries, REQUEST_METHOD="HEAD"
    )
    assert head.status_code == 200 and head["ETag"] == first["ETag"]


def test_a_lists_own_parameters_stay_beside_analytics_ones(client, settings):
    settings.ARTICLES_PER_PAGE = 1
    older = ArticleFactory(
        title="The older one", published_at=timezone.now() - datetime.timedelta(days=2)
    )
    ArticleFactory(title="The newer one", published_at=timezone.now() - datetime.timedelta(days=1))
    response = client.get("/articles/?page=2&utm_medium=email&gclid=abc")
    page = response.content.decode()
    assert response.status_code == 200 and older.title in page and "The newer one" not in page
    assert "utm_medium" not in page and "gclid" not in page  # the page's links do not carry them
    assert '<a rel="prev" href="?page=1">' in page
    assert '<a href="/ru/articles/?page=2" hreflang="ru"' in page  # the language switch


def test_a_value_made_of_items_that_must_not_be_kept_is_not(page_cache):
    """remember(of=…) honours NotKept as remember does: the value is returned, and made again
    next time (it held something that must not be shared)."""
    from articles.models import Article

    made = []

    def compute():
        made.append(1)
        raise pagecache.NotKept("for this request only")

    for _ in range(2):
        assert pagecache.remember("personal", compute, of=(Article,)) == "for this request only"
    assert len(made) == 2
    assert pagecache.remember("shared", lambda: "kept", of=(Article,)) == "kept"
    assert pagecache.remember("shared", lambda: "made again", of=(Article,)) == "kept"
