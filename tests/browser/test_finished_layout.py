"""Pages that look finished, measured in a real browser at 1280 and 390 px: the featured row
fills its width, every newsletter button looks the same, a book's "Bookstore" label sits with
its title rather than above the cover, list thumbnails stay beside their text."""

import pytest

from tests.articles.factories import ArticleFactory
from tests.helpers.uploads import image
from tests.resources.factories import BookFactory

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def box(page, selector):
    found = page.locator(selector).first.bounding_box()
    assert found is not None, selector
    return found


def right(b):
    return b["x"] + b["width"]


def bottom(b):
    return b["y"] + b["height"]


@pytest.mark.parametrize("cards", [1, 2, 3])
def test_the_featured_row_leaves_no_empty_column(browser_page, live_server, cards):
    for _ in range(cards):
        ArticleFactory(featured=True, image=image(), image_alt="A picture")
    page = browser_page
    page.goto(f"{live_server.url}/")
    grid = box(page, ".featured .card-grid")
    last = page.locator(".featured .card-grid > .card").nth(cards - 1).bounding_box()
    assert abs(right(last) - right(grid)) < 2  # the last card ends where the row ends
    page.set_viewport_size({"width": 390, "height": 900})
    grid, first = box(page, ".featured .card-grid"), box(page, ".featured .card-grid > .card")
    assert abs(first["width"] - grid["width"]) < 2  # one card a row on a phone


def test_every_newsletter_button_looks_the_same(browser_page, live_server):
    page = browser_page
    looks = []
    style = "el => { const s = getComputedStyle(el); return [s.backgroundColor, s.color, s.borderRadius, s.fontSize]; }"
    for path, selector in [
        ("/", ".newsletter-box .newsletter-button"),
        ("/", ".site-footer .newsletter-button"),
        ("/newsletter/", "main .newsletter-button"),
        ("/ru/newsletter/", ".site-footer .newsletter-button"),
    ]:
        page.goto(f"{live_server.url}{path}")
        looks.append(page.locator(selector).first.evaluate(style))
    assert len({tuple(look) for look in looks}) == 1, looks
    assert looks[0][0] == "rgb(122, 31, 43)"  # --brand


@pytest.mark.parametrize("width", [1280, 390])
def test_the_bookstore_label_sits_with_the_title(browser_page, live_server, width):
    book = BookFactory(
        title="Uprooted: How Post-WWII Population Transfers Built Effective States", cover=True
    )
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}{book.get_absolute_url()}")
    label, title = box(page, ".book-detail .eyebrow"), box(page, ".book-detail h1")
    cover = box(page, ".book-detail-cover")
    assert abs(label["x"] - title["x"]) < 1  # the label lines up with the title
    assert 0 <= title["y"] - bottom(label) < 24  # directly above it
    if width == 1280:
        assert label["x"] >= right(cover)  # in the text column, beside the cover
        assert abs(label["y"] - cover["y"]) < 8  # level with the top of the cover
    else:
        assert label["y"] >= bottom(cover)  # one column: the cover, then label and title


@pytest.mark.parametrize("width", [1280, 390])
def test_list_thumbnails_sit_beside_the_text(browser_page, live_server, width):
    ArticleFactory(title="With a picture", image=image(), image_alt="A picture")
    ArticleFactory(title="Without a picture")
    page = browser_page
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/articles/")
    pictured = page.locator(".card-list .card.has-image")
    thumb, text = (
        pictured.locator(".card-image img").bounding_box(),
        pictured.locator(".card-title").bounding_box(),
    )
    assert thumb["x"] >= right(text)  # right of the text, not above it
    assert thumb["width"] < (240 if width == 1280 else 120)
    plain = page.locator(".card-list .card:not(.has-image) .card-title").bounding_box()
    assert abs(plain["x"] - text["x"]) < 1  # every card's text starts at the same edge
