"""core.cards: the date, the summary and the picture every card tag shares."""

import datetime
from types import SimpleNamespace

from django.utils import translation

from core.cards import date, picture, summary, words


def test_summary_is_the_text_cut_as_truncatewords_cuts_it_escaped():
    text = "one two <three> four"
    assert words(text, 2) == "one two …"
    assert summary(text, 3) == '\n  <p class="card-summary">one two &lt;three&gt; …</p>'
    assert summary("short", indent=4) == '\n    <p class="card-summary">short</p>'


def test_picture_is_the_webp_rendition_with_its_fallback():
    webp, jpeg = SimpleNamespace(url="/m/a.webp"), SimpleNamespace(url="/m/a.jpg?x=1&y=2")
    assert picture(webp, jpeg, 'A "quoted" <alt>', 640, 360) == (
        '<picture>\n    <source srcset="/m/a.webp" type="image/webp">\n'
        '    <img src="/m/a.jpg?x=1&amp;y=2" alt="A &quot;quoted&quot; &lt;alt&gt;" width="640"'
        ' height="360" loading="lazy">\n  </picture>'
    )
    html = picture(
        webp,
        jpeg,
        "",
        96,
        96,
        css_class="card-image",
        img_class="member-photo",
        lang="ru",
        decoding=True,
        indent=4,
    )
    assert html.startswith('<picture class="card-image">\n      <source')
    assert '<img class="member-photo" src="/m/a.jpg?x=1&amp;y=2" alt="" lang="ru"' in html
    assert 'loading="lazy" decoding="async">\n    </picture>' in html


def test_date_is_shown_in_the_sites_zone_and_the_readers_language(settings):
    settings.TIME_ZONE = "America/New_York"
    moment = datetime.datetime(2026, 1, 1, 3, 0, tzinfo=datetime.UTC)  # 31 Dec, 22:00 in NY
    assert date(moment) == '<time datetime="2025-12-31T22:00:00-05:00">December 31, 2025</time>'
    with translation.override("ru"):
        assert ">31 декабря 2025 г.</time>" in date(moment)
