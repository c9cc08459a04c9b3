"""Settings from the environment: the secret key, DATABASE_URL and REDIS_URL."""

import pytest

pytestmark = pytest.mark.django_db


def test_missing_secret_key_fails_loudly_without_debug(monkeypatch):
    import importlib

    from django.core.exceptions import ImproperlyConfigured

    import ponars.settings as settings_module

    monkeypatch.delenv("DJANGO_SECRET_KEY", raising=False)
    monkeypatch.setenv("DJANGO_DEBUG", "0")
    with pytest.raises(ImproperlyConfigured):
        importlib.reload(settings_module)
    monkeypatch.setenv("DJANGO_COMMAND", "runserver")
    with pytest.raises(ImproperlyConfigured):
        importlib.reload(settings_module)
    monkeypatch.setenv("DJANGO_COMMAND", "makemigrations")  # inspects code, signs nothing
    assert len(importlib.reload(settings_module).SECRET_KEY) >= 50
    monkeypatch.setenv("DJANGO_DEBUG", "1")
    reloaded = importlib.reload(settings_module)
    assert reloaded.DEBUG is True and reloaded.SECRET_KEY


def test_database_url_and_redis_url_are_read_from_the_environment(monkeypatch):
    import importlib

    import ponars.settings as settings_module

    monkeypatch.setenv("DJANGO_SECRET_KEY", "k" * 50)
    monkeypatch.setenv("DATABASE_URL", "postgres://u@db.internal:5432/ponars")
    monkeypatch.setenv("REDIS_URL", "redis://cache.internal:6379/1")
    reloaded = importlib.reload(settings_module)
    database = reloaded.DATABASES["default"]
    assert (
        database["HOST"] == "db.internal"
        and database["OPTIONS"]["pool"]  # pooled: connections go back to the pool (issue 16)
        and database["CONN_MAX_AGE"] == 0
        and database["CONN_HEALTH_CHECKS"]
    )
    assert reloaded.CACHES["default"]["LOCATION"] == "redis://cache.internal:6379/1"
    monkeypatch.delenv("DATABASE_URL")
    monkeypatch.delenv("REDIS_URL")
    importlib.reload(settings_module)
