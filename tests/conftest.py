import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.utils import translation

from tests.members.factories import UserFactory


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    """Uploads made by a test go to a throw-away folder (private files to another)."""
    settings.MEDIA_ROOT = tmp_path / "media"
    private = {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": tmp_path / "private"},
    }
    settings.STORAGES = {**settings.STORAGES, "private": private, "import_export": private}


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in English: a request under /ru/ leaves Russian active in the thread."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)


@pytest.fixture(autouse=True)
def _menu_built(request):
    """The main menu is built once and kept in the cache (core.menus), as on a running site:
    each test starts with its database's menu kept, so a page's queries do not depend on
    whether an earlier test in the same process happened to build it."""
    from django.core.cache import caches

    from core import menus, pagecache

    caches["local"].clear()  # the footer, rendered once per process, follows the test's settings
    pagecache._down_until = 0.0  # a test that stopped the cache does not pause the next ones
    menus.forget_cached()
    if "cache_down" in request.fixturenames:
        return
    if request.node.get_closest_marker("django_db") is None:
        database = {"transactional_db", "db"} & set(request.fixturenames)
        if not database:
            return
        request.getfixturevalue(sorted(database)[-1])  # transactional_db before db
    for language in menus.LANGUAGES:
        with translation.override(language):
            menus.main_menu()


@pytest.fixture(scope="session")
def s3_endpoint():
    """An S3-compatible server (moto's) on a free loopback port, for the whole test run."""
    from scripts.s3_local import moto_server

    with moto_server() as endpoint:
        yield endpoint


@pytest.fixture
def s3(settings, s3_endpoint):
    """Uploads go to a new bucket on the S3 server, set up from the same variables as production."""
    from tests.helpers.s3 import use_bucket

    return use_bucket(settings, s3_endpoint)


@pytest.fixture
def page_cache(settings):
    """The page cache on, over the tests' local-memory cache, emptied before and after."""
    from django.core.cache import caches

    from core import pagecache

    settings.PAGE_CACHE_SECONDS = 600
    pagecache._down_until = 0.0
    caches["default"].clear()
    yield
    caches["default"].clear()


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """committed(change): run `change` as an editor's request does, in a transaction of its own
    whose on-commit work (the page cache's renewal) runs once it commits (helpers.pagecache)."""
    from tests.helpers.pagecache import commit

    return lambda change: commit(django_capture_on_commit_callbacks, change)


@pytest.fixture
def editor(db):
    user = UserFactory(username="editor", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def membership_staff(db):
    user = UserFactory(username="membership", is_staff=True)
    user.groups.add(Group.objects.get(name="Membership staff"))
    return user


@pytest.fixture
def newsletter_staff(db):
    user = UserFactory(username="newsletter", is_staff=True)
    user.groups.add(Group.objects.get(name="Newsletter"))
    return user


@pytest.fixture
def wsgi(db):
    """ponars.wsgi.application, the object gunicorn calls (send with tests/helpers/wsgi.py)."""
    from ponars.wsgi import application

    return application


def pytest_sessionfinish(session):
    """A pytest-xdist worker hands its fuzz figures to the controller (pytest_testnodedown)."""
    from tests.helpers.fuzz import Counter

    if hasattr(session.config, "workeroutput"):
        session.config.workeroutput["fuzz"] = Counter.figures()


@pytest.hookimpl(optionalhook=True)
def pytest_testnodedown(node, error):
    from tests.helpers.fuzz import Counter

    Counter.add(node.workeroutput.get("fuzz") if hasattr(node, "workeroutput") else None)


def pytest_terminal_summary(terminalreporter):
    """The fuzz suite's figures (tests/ponars/test_fuzz.py), when it ran (in any xdist worker)."""
    from tests.helpers.fuzz import Counter

    if Counter.requests:
        terminalreporter.write_line(
            f"fuzz: {Counter.requests} requests, {Counter.server_errors} answered with a 5xx, "
            f"{Counter.seconds:.1f} s"
        )
