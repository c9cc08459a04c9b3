"""`/healthz` for the load balancer (issue 16): 200 when the database and the cache answer,
503 naming what failed otherwise; unauthenticated, never cached, and answered whatever Host
or scheme the balancer uses to call an app server by its address.
"""

import pytest
from django.db import OperationalError, connection

from tests.core.test_cache_down import cache_down  # noqa: F401 (fixture: Redis stopped or not answering)
from tests.helpers.wsgi import wsgi_request

pytestmark = pytest.mark.django_db

BALANCER = {"HTTP_HOST": "10.0.0.5:8000"}  # how a load balancer calls one app server


def assert_never_cached(response):
    assert "no-store" in response["Cache-Control"] and "max-age=0" in response["Cache-Control"]


def test_healthy_app_server_answers_ok_to_the_balancer(
    client, settings, django_assert_max_num_queries
):
    settings.SECURE_SSL_REDIRECT = True  # production: plain HTTP is redirected, but not this
    with django_assert_max_num_queries(1):
        response = client.get("/healthz", **BALANCER)
    assert response.status_code == 200 and response.content == b"ok\n"
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert_never_cached(response)
    assert "Set-Cookie" not in response
    assert client.head("/healthz", **BALANCER).status_code == 200
    # Only the health check skips the host check: a page for that Host is still refused.
    assert client.get("/", **BALANCER).status_code == 400


def test_healthz_through_the_wsgi_application_as_gunicorn_calls_it(wsgi):
    response = wsgi_request(wsgi, "/healthz", headers={"HTTP_HOST": "10.0.0.5:8000"})
    assert (response.status, response.body) == (200, b"ok\n")


def test_database_that_fails_makes_it_503(client, caplog):
    def refuse(execute, sql, params, many, context):
        raise OperationalError("connection to server at 127.0.0.1 failed: Connection refused")

    with connection.execute_wrapper(refuse):
        response = client.get("/healthz", **BALANCER)
    assert response.status_code == 503 and response.content == b"database: unavailable\n"
    assert_never_cached(response)
    assert "the database does not answer" in caplog.text


def test_cache_that_is_down_makes_it_503(client, cache_down, caplog):  # noqa: F811
    response = client.get("/healthz", **BALANCER)
    assert response.status_code == 503 and response.content == b"cache: unavailable\n"
    assert_never_cached(response)
    assert "the cache does not answer" in caplog.text


def test_other_methods_are_not_the_health_check(client):
    assert client.post("/healthz", **BALANCER).status_code == 400  # the Host check applies again


def test_database_settings_pool_postgresql_connections_and_check_them():
    from ponars.settings import database

    pooled = database({"DATABASE_URL": "postgres://app@db.internal:5432/ponars"})
    assert pooled["CONN_MAX_AGE"] == 0
    assert pooled["CONN_HEALTH_CHECKS"]  # Django then checks each connection the pool hands out
    assert pooled["OPTIONS"]["pool"]["max_size"] == 4
    assert pooled["OPTIONS"]["connect_timeout"] == 5

    bouncer = database(
        {
            "DATABASE_URL": "postgres://app@pgbouncer:6432/ponars",
            "DJANGO_DB_POOL": "0",
            "DJANGO_DB_DISABLE_SERVER_SIDE_CURSORS": "1",
        }
    )
    assert "pool" not in bouncer["OPTIONS"] and bouncer["CONN_MAX_AGE"] == 600
    assert bouncer["CONN_HEALTH_CHECKS"] and bouncer["DISABLE_SERVER_SIDE_CURSORS"]

    sqlite = database({})
    assert sqlite["ENGINE"] == "django.db.backends.sqlite3" and "pool" not in sqlite["OPTIONS"]
