"""Images, pull quotes and embeds in rich text: what the editor makes, what the sanitisers keep,
the editor's upload and embed requests, and the reader's page."""

import html
import json
import re

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse

from articles.models import Article
from core.embeds import parse_embed
from core.sanitize import clean_html
from events.models import Event
from podcasts.models import Episode
from tests.articles.factories import ArticleFactory
from tests.helpers.html import assert_valid_html
from tests.helpers.uploads import SVG, grey_png, image, upload
from tests.members.factories import UserFactory
from tests.podcasts.factories import EpisodeFactory

IMAGE_FIGURE = (
    '<figure class="image"><img src="/media/renditions/editor/2026/a1/b2.webp" '
    'alt="A tram in Kyiv" width="1200" height="750"><figcaption>Kyiv in May. '
    '<span class="credit">Photo: Olena K.</span></figcaption></figure>'
)
PULL_QUOTE = '<blockquote class="pullquote"><p>Sanctions changed the calculus.</p></blockquote>'
YOUTUBE = (
    '<figure class="embed" data-provider="youtube" data-id="dQw4w9WgXcQ">'
    '<a href="https://www.youtube.com/watch?v=dQw4w9WgXcQ">'
    "https://www.youtube.com/watch?v=dQw4w9WgXcQ</a></figure>"
)


def podcast_embed(slug):
    return (
        f'<figure class="embed" data-provider="podcast" data-id="{slug}">'
        f'<a href="/podcasts/{slug}/">/podcasts/{slug}/</a></figure>'
    )


def sanitisers():
    """Both sanitisers a body goes through: the editor field's own, and clean_html on save."""
    return [
        pytest.param(Article._meta.get_field("body").sanitize, id="article-field"),
        pytest.param(Event._meta.get_field("description").sanitize, id="event-field"),
        pytest.param(Episode._meta.get_field("show_notes").sanitize, id="show-notes-field"),
        pytest.param(clean_html, id="clean_html"),
    ]


def without_rel(text):
    return text.replace(' rel="noopener noreferrer"', "")


@pytest.mark.parametrize("sanitise", sanitisers())
@pytest.mark.parametrize("markup", [IMAGE_FIGURE, PULL_QUOTE, YOUTUBE, podcast_embed("ep-1")])
def test_what_the_editor_makes_is_kept_as_it_is(sanitise, markup):
    assert without_rel(sanitise(markup)) == markup


HOSTILE = [
    # (input, what must not survive)
    (
        '<figure class="image"><img src="/media/a.webp" alt="x" onerror="alert(1)"></figure>',
        "onerror",
    ),
    ('<img src="javascript:alert(1)" alt="x">', "javascript:"),
    ('<img src="https://evil.example/track.gif" alt="x">', "evil.example"),
    ('<img src="//evil.example/track.gif" alt="x">', "evil.example"),
    ('<img src="http://127.0.0.1/media/a.jpg" alt="x">', "http:"),
    ('<img src="/media/../admin/" alt="x">', ".."),
    ('<img src="/media/%2E%2e/admin/" alt="x">', "admin"),
    ('<img src="/static/x.png" alt="x">', "/static/"),
    ('<img src="data:image/svg+xml;base64,PHN2Zz4=" alt="x">', "data:"),
    ('<img src="/media/a.webp" alt="x" width="100%" height="1e9">', "100%"),
    ('<iframe src="https://www.youtube.com/embed/dQw4w9WgXcQ"></iframe>', "<iframe"),
    ('<iframe src="https://evil.example/"></iframe>', "<iframe"),
    (
        '<figure class="image" style="position:fixed"><img src="/media/a.webp" alt="x"></figure>',
        "style",
    ),
    ('<blockquote class="pullquote" style="color:red">q</blockquote>', "style"),
    ('<blockquote class="hidden">q</blockquote>', "hidden"),
    (
        '<figure class="embed admin-only" data-provider="youtube" data-id="dQw4w9WgXcQ"></figure>',
        "admin-only",
    ),
    ('<figure class="embed" data-provider="evilvideo" data-id="x"></figure>', "evilvideo"),
    ('<figure class="embed" data-provider="youtube" data-id="a&quot;onload=x"></figure>', "onload"),
    (
        '<figure class="embed" data-provider="youtube" data-url="javascript:x"></figure>',
        "javascript",
    ),
    ('<span class="credit" onclick="x()">c</span>', "onclick"),
    ('<span class="secret">c</span>', "secret"),
    ('<p class="pullquote">c</p>', "class"),
    ('<figure class="embed"><a href="javascript:alert(1)">x</a></figure>', "javascript:"),
    ('<img src="/media/a.webp" alt="x" data-file="3">', "data-file"),
    ('<object data="/media/a.swf"></object>', "<object"),
]


@pytest.mark.parametrize("sanitise", sanitisers())
@pytest.mark.parametrize("markup,forbidden", HOSTILE)
def test_hostile_markup_is_stripped(sanitise, markup, forbidden):
    assert forbidden.lower() not in sanitise(markup).lower()


def test_an_image_that_lost_its_address_is_removed():
    assert clean_html('<p>a</p><img src="https://evil.example/x.png" alt="x">') == "<p>a</p>"


def test_images_of_the_sites_media_storage_are_kept(settings):
    settings.MEDIA_URL = "https://cdn.example.org/media/"
    kept = '<img src="https://cdn.example.org/media/editor/2026/a.webp" alt="x">'
    assert clean_html(kept) == kept
    assert clean_html('<img src="https://cdn.example.org/other/a.webp" alt="x">') == ""


# The editor's upload and embed requests.


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


def test_an_editor_uploads_an_image_and_gets_its_rendition(editor_client):
    response = editor_client.post(reverse("editor_image"), {"image": image("kyiv.jpg", 1600, 900)})
    assert response.status_code == 200
    data = response.json()
    assert (data["width"], data["height"]) == (1200, 675)
    assert data["url"].startswith("/media/renditions/editor/") and data["url"].endswith(".webp")
    assert default_storage.exists(data["url"].removeprefix("/media/"))
    (original,) = default_storage.listdir(f"editor/{data['url'].split('/')[4]}")[1]
    assert original.endswith(".jpg") and "kyiv" not in original
    # The answer's address is one the sanitiser keeps.
    figure = f'<figure class="image"><img src="{data["url"]}" alt="Kyiv"></figure>'
    assert clean_html(figure) == figure


def test_a_small_image_is_not_enlarged(editor_client):
    data = editor_client.post(reverse("editor_image"), {"image": image("a.png", 300, 200, "PNG")})
    assert (data.json()["width"], data.json()["height"]) == (300, 200)


@pytest.mark.parametrize(
    "file,message",
    [
        (upload("photo.jpg", b"this is not a picture"), "Upload a valid image"),
        (upload("drawing.svg", SVG, "image/svg+xml"), "Upload a valid image"),
        (upload("cut.png", grey_png(400, 300)[:300], "image/png"), "damaged or incomplete"),
        (upload("bomb.png", grey_png(10000, 10000, rows=10), "image/png"), "megapixels"),
    ],
    ids=["not-an-image", "svg", "truncated", "too-many-pixels"],
)
def test_a_broken_or_hostile_upload_gets_a_clear_400(editor_client, file, message):
    response = editor_client.post(reverse("editor_image"), {"image": file})
    assert response.status_code == 400
    assert message in response.json()["error"]
    assert not default_storage.exists("editor")


def test_an_upload_without_a_file_gets_a_400(editor_client):
    response = editor_client.post(reverse("editor_image"))
    assert response.status_code == 400 and response.json()["error"]


def test_an_oversized_image_is_refused(editor_client, settings):
    settings.MAX_IMAGE_UPLOAD_BYTES = 1000
    response = editor_client.post(reverse("editor_image"), {"image": image()})
    assert response.status_code == 400 and "the limit is" in response.json()["error"]


@pytest.mark.django_db
def test_only_staff_who_edit_texts_may_upload(client):
    url = reverse("editor_image")
    assert client.post(url, {"image": image()}).status_code == 403
    membership = UserFactory(username="membership", is_staff=True)
    membership.groups.add(Group.objects.get(name="Membership staff"))
    client.force_login(membership)
    assert client.post(url, {"image": image()}).status_code == 403
    assert client.get(reverse("editor_embed"), {"url": YOUTUBE_URL}).status_code == 403
    assert not default_storage.exists("editor")


def test_the_upload_is_csrf_protected(editor):
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    assert client.post(reverse("editor_image"), {"image": image()}).status_code == 403
    assert client.get(reverse("editor_image")).status_code == 405


YOUTUBE_URL = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


@pytest.mark.parametrize(
    "url,provider,embed_id",
    [
        (YOUTUBE_URL, "youtube", "dQw4w9WgXcQ"),
        ("https://youtu.be/dQw4w9WgXcQ", "youtube", "dQw4w9WgXcQ"),
        ("https://vimeo.com/123456789", "vimeo", "123456789"),
        ("https://vimeo.com/123456789/abcdef1234", "vimeo", "123456789/abcdef1234"),
    ],
)
def test_video_addresses_become_embeds(editor_client, url, provider, embed_id):
    data = editor_client.get(reverse("editor_embed"), {"url": url}).json()
    assert (data["provider"], data["id"]) == (provider, embed_id)


def test_an_episode_of_this_sites_podcast_becomes_an_embed(editor_client, settings):
    assert EpisodeFactory(slug="putin-xi").get_absolute_url() == "/podcasts/putin-xi/"
    for url in [
        f"{settings.SITE_URL}/podcasts/putin-xi/",
        "/podcasts/putin-xi/",
        f"{settings.SITE_URL}/ru/podcasts/putin-xi/",
    ]:
        for check in [reverse("editor_embed"), "/ru/admin/editor/embed/"]:
            data = editor_client.get(check, {"url": url}).json()
            assert data == {"provider": "podcast", "id": "putin-xi", "url": "/podcasts/putin-xi/"}


@pytest.mark.parametrize(
    "url",
    [
        "https://evil.example/watch?v=dQw4w9WgXcQ",
        "https://evil.example/podcasts/putin-xi/",
        "javascript:alert(1)",
        "/articles/",
        "/podcasts/feed/",
        "",
        "https://[::1",
    ],
)
def test_other_addresses_are_refused_with_a_message(editor_client, url):
    response = editor_client.get(reverse("editor_embed"), {"url": url})
    assert response.status_code == 400
    assert "cannot be embedded" in response.json()["error"]


def test_parse_embed_is_the_rule_the_stored_embed_follows():
    assert parse_embed(YOUTUBE_URL).url == YOUTUBE_URL


# Alt text is required.


@pytest.mark.django_db
@pytest.mark.parametrize(
    "body",
    [
        '<figure class="image"><img src="/media/a.webp"></figure>',
        '<p>x</p><img src="/media/a.webp" alt="  ">',
        '<img src="/media/a.webp" alt="ok"><img src="/media/b.webp" alt="">',
    ],
)
def test_an_image_without_alt_text_is_refused_on_save(body):
    article = ArticleFactory.build(body=body, category=ArticleFactory().category)
    with pytest.raises(ValidationError) as refused:
        article.full_clean()
    assert "alt text" in refused.value.message_dict["body"][0]


@pytest.mark.django_db
def test_a_body_with_described_images_is_valid():
    article = ArticleFactory.build(body=IMAGE_FIGURE, category=ArticleFactory().category)
    article.full_clean()


# The reader's page.


@pytest.mark.django_db
def test_the_page_shows_the_figure_pull_quote_and_click_to_load_players(client):
    episode = EpisodeFactory(title="The Putin–Xi summit", slug="putin-xi")
    article = ArticleFactory(body=IMAGE_FIGURE + PULL_QUOTE + YOUTUBE + podcast_embed("putin-xi"))
    response = client.get(article.get_absolute_url())
    page = response.content.decode()
    assert_valid_html(response)
    assert IMAGE_FIGURE in page and PULL_QUOTE in page
    # The video: a link to its own page until the reader asks; no frame without JavaScript.
    assert (
        'data-video-embed="https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ?autoplay=1"' in page
    )
    assert f'href="{YOUTUBE_URL}"' in page and "<iframe" not in page
    assert "/static/js/video.js" in page
    # The episode: its audio player and its page.
    assert f'<source src="{episode.audio.url}"' in page
    assert f'href="{episode.get_absolute_url()}"' in page
    assert 'data-provider="podcast"' not in page


@pytest.mark.django_db
def test_an_embedded_episode_that_is_not_live_shows_nothing(client):
    EpisodeFactory(slug="draft-episode", status="draft")
    article = ArticleFactory(body="<p>Before</p>" + podcast_embed("draft-episode"))
    page = client.get(article.get_absolute_url()).content.decode()
    assert "<p>Before</p>" in page and "draft-episode" not in page and "<audio" not in page
    assert "/static/js/video.js" not in page


@pytest.mark.django_db
def test_embeds_keep_the_page_in_constant_queries(client, django_assert_num_queries):
    for n in range(3):
        EpisodeFactory(slug=f"ep-{n}")
    one = ArticleFactory(body=YOUTUBE + podcast_embed("ep-0"))
    many = ArticleFactory(body=YOUTUBE * 3 + "".join(podcast_embed(f"ep-{n}") for n in range(3)))
    plain = ArticleFactory()
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    counts = []
    for article in (plain, one, many):
        client.get(article.get_absolute_url())  # warm the caches every page has
        with CaptureQueriesContext(connection) as queries:
            page = client.get(article.get_absolute_url()).content.decode()
        counts.append(len(queries))
    assert page.count("<audio") == 3 and page.count("data-video-embed") == 3
    assert counts[1] == counts[2] <= counts[0] + 1


@pytest.mark.django_db
def test_the_event_page_and_show_notes_draw_embeds_too(client):
    from tests.events.factories import EventFactory

    event = EventFactory(description="<p>Watch:</p>" + YOUTUBE)
    page = client.get(event.get_absolute_url()).content.decode()
    assert "data-video-embed" in page and "/static/js/video.js" in page
    episode = EpisodeFactory(show_notes=YOUTUBE)
    assert "data-video-embed" in client.get(episode.get_absolute_url()).content.decode()


# The editor in the admin.

EDITOR_PAGES = [
    ("admin:articles_article_add", "body"),
    ("admin:events_event_add", "description"),
    ("admin:podcasts_episode_add", "show_notes"),
    ("admin:flatpages_flatpage_add", "content"),
]


@pytest.mark.parametrize("url_name,field", EDITOR_PAGES)
def test_every_rich_text_editor_offers_images_embeds_and_pull_quotes(
    editor_client, url_name, field
):
    page = editor_client.get(reverse(url_name)).content.decode()
    match = re.search(
        rf'<textarea name="{field}"[^>]*data-django-prose-editor-configurable="([^"]+)"', page
    )
    config = json.loads(html.unescape(match.group(1)))
    assert {"ImageFigure", "Embed", "PullQuote"} <= set(config["extensions"])
    assert config["extensions"]["ImageFigure"]["uploadUrl"] == reverse("editor_image")
    assert config["extensions"]["Embed"]["embedUrl"] == reverse("editor_embed")
    assert any(module.endswith("/js/editor-media.js") for module in config["js_modules"])


def test_the_editors_texts_are_in_the_admins_language(editor_client):
    page = editor_client.get("/ru/admin/articles/article/add/").content.decode()
    config = html.unescape(re.search(r'data-django-prose-editor-configurable="([^"]+)"', page)[1])
    extensions = json.loads(config)["extensions"]
    assert extensions["ImageFigure"]["uploadUrl"] == "/ru/admin/editor/image/"
    assert re.search("[а-я]", extensions["ImageFigure"]["text"]["alt"])


# The editable pages have the same editor.


def test_an_editable_page_takes_images_and_embeds_with_alt_text(editor_client):
    add = "/admin/flatpages/flatpage/add/"
    form = {"title": "Watch", "url": "/watch/", "template_name": ""}
    refused = editor_client.post(add, {**form, "content": '<img src="/media/a.webp">'})
    assert refused.status_code == 200 and "no alt text" in refused.content.decode()
    saved = editor_client.post(add, {**form, "content": IMAGE_FIGURE + PULL_QUOTE + YOUTUBE})
    assert saved.status_code == 302
    page = editor_client.get("/watch/").content.decode()
    assert IMAGE_FIGURE in page and PULL_QUOTE in page and "data-video-embed" in page
    assert "/static/js/video.js" in page


def test_page_editors_may_upload(client, db):
    from django.contrib.auth.models import Permission

    user = UserFactory(username="pages", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="change_flatpage"))
    client.force_login(user)
    assert client.post(reverse("editor_image"), {"image": image()}).status_code == 200
