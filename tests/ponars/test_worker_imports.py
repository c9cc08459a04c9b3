"""A worker serves pages without the libraries that only uploads, the admin's spreadsheets,
calendars, S3 or tests need (docs/ARCHITECTURE.md, "Performance": worker memory).

Checked in a fresh interpreter with the production settings (debug off): the WSGI application
as gunicorn loads it, then everything a page's code is imported with (the URLconf, so every
view module; every template tag library) and the file names of image renditions.
"""

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Imported only by the code that uses them (the reason, and what it costs a worker without).
NOT_IMPORTED = {
    "boto3": "S3 storage, only with S3_BUCKET (core/s3.py)",
    "botocore": "S3 storage, only with S3_BUCKET (core/s3.py)",
    "storages.backends.s3": "S3 storage, only with S3_BUCKET (core/s3.py)",
    "pypdf": "the PDF upload check (core.validators.validate_pdf)",
    "openpyxl": "the admin's XLSX import and export (core/deferred_formats.py)",
    "yaml": "tablib's YAML format (core/deferred_formats.py)",
    "tablib.formats._xlsx": "the admin's XLSX import and export (core/deferred_formats.py)",
    "icalendar": "the calendar views (events.views.calendar_response)",
    "mutagen": "reading an uploaded episode's audio (podcasts.audio.inspect_audio)",
    "citeproc": "the first 'Cite this' box (core.citations._citeproc)",
    "lxml": "citeproc-py's style files (core.citations._citeproc)",
    "typst": "the memo PDFs, made by the task worker (core.typeset)",
    "hypothesis": "tests only",
    "PIL.TiffImagePlugin": "Pillow's every-format start (Image.init), not needed for WebP names",
}

SCRIPT = """
import json, sys
from ponars.wsgi import application
from django.template import engines
from django.urls import get_resolver
from imagekit.cachefiles.namers import source_name_as_path  # noqa: F401
from pilkit.utils import format_to_extension

get_resolver().url_patterns
engines["django"].engine.template_libraries
for fmt in ("WEBP", "JPEG"):
    format_to_extension(fmt)
print(json.dumps(sorted(sys.modules)))
"""


def test_a_worker_does_not_import_what_no_page_uses(tmp_path):
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "S3_")) and key not in {"REDIS_URL", "DATABASE_URL"}
    }
    env.update(
        DJANGO_SETTINGS_MODULE="ponars.settings",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS="example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'unused.sqlite3'}",
        DJANGO_STATIC_ROOT=str(tmp_path / "static"),
        PYTHONPATH=str(ROOT),
    )
    result = subprocess.run(
        [sys.executable, "-W", "ignore", "-c", SCRIPT],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    modules = set(json.loads(result.stdout.splitlines()[-1]))
    assert "django.contrib.admin" in modules and "articles.views" in modules  # it did load
    imported = {name: why for name, why in NOT_IMPORTED.items() if name in modules}
    assert imported == {}
