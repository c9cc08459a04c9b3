"""Back up and restore (issue 16): `manage.py backup` writes the database and every stored file
to one archive; `manage.py restore` puts them into an empty database and an empty store, and
the restored site serves the article, its files and finds it by search.

The restore runs as an operator runs it: `manage.py` in another process, with DATABASE_URL
naming a new database (a SQLite file, or a new PostgreSQL database) and new media folders.
"""

import json
import os
import subprocess
import sys
from pathlib import Path

import psycopg
import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

from tests.articles.factories import ArticleFactory
from tests.helpers.uploads import image, real_pdf

ROOT = Path(settings.BASE_DIR)  # the checkout, wherever this module sits

CHECK_SITE = """
import json
from django.core.files.storage import storages
from django.test import Client
from articles.models import Article
article = Article.objects.get(slug="arctic-council-after-2022")
client = Client(HTTP_HOST="localhost")
page = client.get(article.get_absolute_url())
found = client.get("/search/", {"q": "glaciology"})
print(json.dumps({
    "page": page.status_code,
    "title_shown": "Arctic Council after 2022" in page.content.decode(),
    "found": article.get_absolute_url() in found.content.decode(),
    "files": [storages["default"].exists(n) for n in (article.image.name, article.pdf.name)],
    "rendition": storages["default"].exists(article.image_card.name),
    "private": storages["private"].open("django-import-export/held").read().decode(),
}))
"""


@pytest.fixture
def fresh_database(tmp_path):
    """DATABASE_URL of a new, empty database of the same kind as the tests'."""
    if connection.vendor == "sqlite":
        yield f"sqlite:///{tmp_path / 'restored.sqlite3'}"
        return
    params = connection.settings_dict
    name = f"{params['NAME']}_restore"
    base = f"postgres://{params['USER']}@{params['HOST']}:{params['PORT']}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}"')
    yield f"{base}/{name}"
    with psycopg.connect(f"{base}/postgres", autocommit=True) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(database_url, tmp_path, *args):
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "ponars.settings_test",  # plain static files, no collectstatic
        "DJANGO_SECRET_KEY": "restore-test-" + "k" * 40,
        "DJANGO_SECURE": "0",
        "DJANGO_DEBUG": "",
        "DJANGO_MEDIA_ROOT": str(tmp_path / "restored-media"),
        "DJANGO_PRIVATE_ROOT": str(tmp_path / "restored-private"),
    }
    env.pop("S3_BUCKET", None)
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )


# serialized_rollback: the groups and content types of the migrations are there afterwards, as
# for test_task_queue.py (a plain transactional flush would recreate them out of order).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_backup_restores_a_working_site_on_a_fresh_database(tmp_path, fresh_database):
    from django.core.files.base import ContentFile
    from django.core.files.storage import storages

    ArticleFactory(
        title="Arctic Council after 2022",
        slug="arctic-council-after-2022",
        summary="What glaciology diplomacy can still do.",
        image=image("ice.jpg"),
        image_alt="Sea ice",
        pdf=real_pdf(),
    )
    storages["private"].save("django-import-export/held", ContentFile(b"members,held"))
    archive = tmp_path / "site.tar.gz"
    call_command("backup", str(archive))
    assert archive.stat().st_size > 0

    restored = manage(fresh_database, tmp_path, "restore", str(archive))
    assert restored.returncode == 0, restored.stderr
    assert "rebuilt the search index" in restored.stdout
    site = manage(fresh_database, tmp_path, "shell", "-c", CHECK_SITE)
    assert site.returncode == 0, site.stderr
    assert json.loads(site.stdout.strip().splitlines()[-1]) == {
        "page": 200,
        "title_shown": True,
        "found": True,
        "files": [True, True],
        "rendition": True,
        "private": "members,held",
    }

    # A second restore would mix two sites: refused, with what to do.
    again = manage(fresh_database, tmp_path, "restore", str(archive))
    assert again.returncode == 1 and "This database is not empty" in again.stderr


def test_an_archive_that_is_not_a_backup_is_refused_clearly(tmp_path):
    junk = tmp_path / "notes.tar.gz"
    junk.write_bytes(b"not an archive")
    with pytest.raises(CommandError, match="is not a backup made by `manage.py backup`"):
        call_command("restore", str(junk))
