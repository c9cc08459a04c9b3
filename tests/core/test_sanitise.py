import pytest

from core.sanitize import clean_html
from tests.articles.factories import ArticleFactory

HOSTILE = [
    ("<p>ok</p><script>alert(1)</script>", "<script"),
    ('<img src="x" onerror="alert(1)">', "onerror"),
    ('<a href="javascript:alert(1)">x</a>', "javascript:"),
    ('<a href="JaVaScRiPt:alert(1)">x</a>', "script:"),
    ('<p style="background:url(javascript:alert(1))">x</p>', "style"),
    ('<iframe src="https://evil.example"></iframe>', "<iframe"),
    ("<svg><script>alert(1)</script></svg>", "<script"),
    ('<object data="x.swf"></object>', "<object"),
    ('<p onclick="steal()">click</p>', "onclick"),
    ('<a href="data:text/html;base64,PHNjcmlwdD4=">x</a>', "data:"),
]


@pytest.mark.parametrize("html,forbidden", HOSTILE)
def test_clean_html_removes_hostile_markup(html, forbidden):
    assert forbidden.lower() not in clean_html(html).lower()


def test_clean_html_keeps_editorial_markup():
    html = '<h2>Heading</h2><p><strong>b</strong> <em>i</em> <a href="https://example.org">link</a></p><ul><li>x</li></ul>'
    cleaned = clean_html(html)
    for tag in ["<h2>", "<strong>", "<em>", 'href="https://example.org"', "<li>"]:
        assert tag in cleaned
    assert 'rel="noopener noreferrer"' in cleaned


@pytest.mark.django_db
def test_article_body_is_sanitised_on_save(client):
    article = ArticleFactory(
        body='<p>Text</p><script>alert("x")</script><img src=x onerror=alert(1)>'
    )
    article.refresh_from_db()
    assert "<script" not in article.body and "onerror" not in article.body
    assert "<script>alert" not in client.get(article.get_absolute_url()).content.decode()
