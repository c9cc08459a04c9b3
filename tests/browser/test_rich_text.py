"""An editor puts an image and a video into an article's text; a reader sees them."""

import re

import pytest
from playwright.sync_api import expect

from tests.articles.factories import ArticleFactory
from tests.helpers.uploads import image

from .conftest import sign_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

VIDEO = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"


def test_an_editor_inserts_an_image_and_a_video_and_a_reader_sees_them(
    browser_page, live_server, browser_editor, tmp_path, chromium
):
    article = ArticleFactory(title="Prevailing Soviet Legacies", body="<p>First paragraph.</p>")
    photo, broken = tmp_path / "kyiv.jpg", tmp_path / "broken.jpg"
    photo.write_bytes(image("kyiv.jpg", 1600, 1000).read())
    broken.write_bytes(b"not a picture")
    page = browser_page
    sign_in(page, live_server, browser_editor)
    page.goto(f"{live_server.url}/admin/articles/article/{article.pk}/change/")
    text = page.locator(".prose-editor .ProseMirror[contenteditable=true]")
    text.click()
    page.keyboard.press("Control+End")

    page.get_by_role("button", name="Insert an image").click()
    dialog = page.locator("dialog.prose-editor-dialog")
    with page.expect_file_chooser() as chooser:
        dialog.get_by_role("button", name="Upload…").click()
    chooser.value.set_files(str(broken))
    expect(dialog.get_by_role("alert")).to_contain_text("Upload a valid image")
    with page.expect_file_chooser() as chooser:
        dialog.get_by_role("button", name="Upload…").click()
    chooser.value.set_files(str(photo))
    expect(dialog.locator("input[name=src]")).to_have_value(re.compile(r"^/media/renditions/"))
    dialog.get_by_role("button", name="Insert").click()
    expect(dialog).to_be_visible()  # the alt text is required
    dialog.locator("input[name=alt]").fill("A tram on a wide street in Kyiv")
    dialog.locator("input[name=caption]").fill("Kyiv in May.")
    dialog.locator("input[name=credit]").fill("Photo: Olena K.")
    dialog.get_by_role("button", name="Insert").click()
    expect(text.locator("figure.image img")).to_have_attribute("alt", re.compile("tram"))

    page.get_by_role("button", name="Embed a video or podcast episode").click()
    dialog.locator("input[name=address]").fill("https://evil.example/watch?v=dQw4w9WgXcQ")
    dialog.get_by_role("button", name="Embed").click()
    expect(page.locator("dialog.prose-editor-dialog").get_by_role("alert")).to_contain_text(
        "cannot be embedded"
    )
    page.locator("dialog.prose-editor-dialog input[name=address]").fill(VIDEO)
    page.locator("dialog.prose-editor-dialog").get_by_role("button", name="Embed").click()
    expect(text.locator("figure.embed[data-provider=youtube]")).to_have_count(1)
    page.click("input[name=_continue]")
    assert "was changed successfully" in page.locator(".messagelist").inner_text()
    assert not [e for e in page.csp_errors if "Content Security Policy" in e], page.csp_errors
    article.refresh_from_db()
    assert '<span class="credit">Photo: Olena K.</span>' in article.body
    assert 'data-provider="youtube" data-id="dQw4w9WgXcQ"' in article.body

    # A reader on a phone: the figure, and the video only once asked for.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}{article.get_absolute_url()}")
    expect(page.locator(".prose figcaption")).to_contain_text("Kyiv in May. Photo: Olena K.")
    assert page.locator(".prose iframe").count() == 0
    page.locator(".prose .video-start").click()
    expect(page.locator(".prose .video iframe")).to_have_attribute(
        "src", re.compile(r"^https://www\.youtube-nocookie\.com/embed/dQw4w9WgXcQ")
    )
    # Without JavaScript the video is a link to its own page.
    context = chromium.new_context(java_script_enabled=False)
    reader = context.new_page()
    reader.goto(f"{live_server.url}{article.get_absolute_url()}")
    assert reader.locator(".prose a.video-start").get_attribute("href") == VIDEO
    context.close()
