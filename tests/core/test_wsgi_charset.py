"""A Content-Type charset that is no text encoding (issue 13, defect 4).

Django decodes the query string in that charset while it builds the request, before any
middleware: `charset=rot13` with a query string raised out of the handler (gunicorn: a bare
500). Tested through ponars.wsgi.application, the object gunicorn calls.
"""

import pytest

from core.wsgi import NOT_TEXT, request_problem
from tests.articles.factories import ArticleFactory
from tests.helpers.wsgi import wsgi_request

CODECS = ["rot13", "rot_13", "zlib", "hex", "base64", "bz2", "uu", "quopri", "punycode"]
NOT_ASCII = ["idna", "undefined"]  # text codecs that raise on percent-decoded bytes


@pytest.mark.parametrize("charset", CODECS + NOT_ASCII)
@pytest.mark.parametrize(
    "path,query", [("/", "a=1"), ("/articles/", "page=2"), ("/search/", "q=x")]
)
def test_a_charset_that_is_not_text_is_a_400(wsgi, charset, path, query):
    response = wsgi_request(
        wsgi, path, query, headers={"CONTENT_TYPE": f"text/plain; charset={charset}"}
    )
    assert response.status == 400
    assert b"not a text encoding" in response.body


@pytest.mark.parametrize("charset", ["rot13", "zlib", "hex"])
def test_a_post_body_in_such_a_charset_is_a_400(wsgi, charset):
    article = ArticleFactory()
    response = wsgi_request(
        wsgi,
        f"{article.get_absolute_url()}comment/",
        method="POST",
        headers={"CONTENT_TYPE": f"application/x-www-form-urlencoded; charset={charset}"},
        body=b"name=A&email=a%40example.org&body=Hello",
    )
    assert response.status == 400


@pytest.mark.parametrize(
    "content_type",
    [
        "text/plain; charset=utf-8",
        'text/plain; charset="UTF-8"',
        "text/plain; charset=latin-1",
        "text/plain; charset=windows-1251",
        "text/plain; charset=koi8-r",
        "text/plain; charset=utf-16",  # not ASCII-compatible, but Django falls back to Latin-1
        "text/plain; charset=utf-7",
        "text/plain; charset=no-such-codec",  # unknown: Django ignores it and reads UTF-8
        "text/plain; charset=",
        "text/plain",
        "",
    ],
)
def test_text_charsets_still_work(wsgi, content_type):
    ArticleFactory(title="Readable")
    response = wsgi_request(wsgi, "/articles/", "utm=1", headers={"CONTENT_TYPE": content_type})
    assert response.status == 200
    assert b"Readable" in response.body


def test_too_many_query_parameters_with_a_charset_is_a_400(wsgi, settings):
    """With a charset Django parses the query string while building the request; more than
    DATA_UPLOAD_MAX_NUMBER_FIELDS parameters raised TooManyFieldsSent there (a bare 500)."""
    query = "a&" * (settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1)
    response = wsgi_request(
        wsgi, "/articles/", query, headers={"CONTENT_TYPE": "text/plain; charset=utf-8"}
    )
    assert response.status == 400
    assert b"too many parameters" in response.body


def test_request_problem():
    assert request_problem({"CONTENT_TYPE": "text/plain; charset=rot13"}) == NOT_TEXT
    assert request_problem({"CONTENT_TYPE": "text/html; charset=utf-8"}) == ""
    assert request_problem({"CONTENT_TYPE": "text/html; charset=nonsense"}) == ""
    assert request_problem({}) == ""
