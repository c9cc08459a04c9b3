"""Back up and restore the whole site: the database and every stored file (README, "Back up").

One archive (tar) holds `database.dump` (PostgreSQL: pg_dump's custom format) or
`database.sqlite3` (SQLite: a consistent copy), `media/…` (the default storage: local disk or
the bucket's public prefix) and `private/…` (the private storage). Files are read and written
through Django's storages, so a backup from local disk restores to S3 and the other way round.
A restore goes into an empty database and then rebuilds the search index.
"""

import io
import json
import os
import posixpath
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.core.files.base import File
from django.core.files.storage import storages
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

STORES = {"media": "default", "private": "private"}


class BackupError(Exception):
    """Something an operator must fix; the message says what."""


def stored_files(storage, folder=""):
    """Every file name in `storage`, walking its folders."""
    folders, files = storage.listdir(folder)
    for name in files:
        yield posixpath.join(folder, name)
    for sub in folders:
        yield from stored_files(storage, posixpath.join(folder, sub))


def _pg_command(program, settings_dict):
    args = [program, "--no-owner", "--no-privileges"]
    for flag, key in (("-h", "HOST"), ("-p", "PORT"), ("-U", "USER")):
        if settings_dict.get(key):
            args += [flag, str(settings_dict[key])]
    env = {**os.environ}
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = settings_dict["PASSWORD"]
    return args, env


def _run(args, env):
    if not shutil.which(args[0]):
        raise BackupError(
            f"{args[0]} is not installed (Debian: apt-get install postgresql-client)."
        )
    result = subprocess.run(args, env=env, capture_output=True, text=True)
    if result.returncode:
        raise BackupError(f"{args[0]} failed: {result.stderr.strip()}")


def dump_database(folder):
    settings_dict = connection.settings_dict
    if connection.vendor == "postgresql":
        target = folder / "database.dump"
        args, env = _pg_command("pg_dump", settings_dict)
        _run(args + ["--format=custom", "-f", str(target), settings_dict["NAME"]], env)
        return target
    if connection.vendor == "sqlite":
        target = folder / "database.sqlite3"
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy)
        copy.close()
        return target
    raise BackupError(f"Backups of {connection.vendor} databases are not supported.")


def backup(archive, say=print):
    archive = Path(archive)
    counts = {}
    with tempfile.TemporaryDirectory() as work, tarfile.open(archive, "w:gz") as tar:
        dump = dump_database(Path(work))
        tar.add(dump, arcname=dump.name)
        for prefix, alias in STORES.items():
            storage = storages[alias]
            counts[prefix] = 0
            for name in stored_files(storage):
                info = tarfile.TarInfo(f"{prefix}/{name}")
                info.size = storage.size(name)
                info.mtime = int(timezone.now().timestamp())
                with storage.open(name, "rb") as stored:
                    tar.addfile(info, stored)
                counts[prefix] += 1
        manifest = json.dumps(
            {"made": timezone.now().isoformat(), "database": connection.vendor, "files": counts}
        ).encode()
        info = tarfile.TarInfo("manifest.json")
        info.size = len(manifest)
        tar.addfile(info, io.BytesIO(manifest))
    say(
        f"Backed up the database and {counts['media']} public and {counts['private']} private "
        f"files to {archive} ({archive.stat().st_size / 1e6:.1f} MB)."
    )
    return counts


def restore_database(tar, member, work):
    if connection.introspection.table_names():
        raise BackupError(
            "This database is not empty: restore into a new, empty database (createdb …) and "
            "point DATABASE_URL at it."
        )
    tar.extract(member, work, filter="data")
    source = Path(work) / member.name
    settings_dict = connection.settings_dict
    if member.name == "database.dump":
        if connection.vendor != "postgresql":
            raise BackupError("This backup is of a PostgreSQL database: set DATABASE_URL to one.")
        args, env = _pg_command("pg_restore", settings_dict)
        _run(args + ["--exit-on-error", "-d", settings_dict["NAME"], str(source)], env)
    else:
        if connection.vendor != "sqlite":
            raise BackupError("This backup is of a SQLite database: leave DATABASE_URL unset.")
        connection.ensure_connection()
        with sqlite3.connect(source) as copy:
            copy.backup(connection.connection)
        copy.close()
    connection.close()


def restore(archive, say=print):
    counts = {"media": 0, "private": 0, "kept": 0}
    try:
        tar = tarfile.open(archive, "r:*")
    except (OSError, tarfile.TarError) as exc:
        raise BackupError(f"{archive} is not a backup made by `manage.py backup` ({exc}).") from exc
    with tar, tempfile.TemporaryDirectory() as work:
        members = {member.name: member for member in tar.getmembers()}
        database = members.get("database.dump") or members.get("database.sqlite3")
        if database is None or "manifest.json" not in members:
            raise BackupError(f"{archive} is not a backup made by `manage.py backup`.")
        restore_database(tar, database, work)
        for member in members.values():
            prefix, _, name = member.name.partition("/")
            if prefix not in STORES or not member.isfile() or not name:
                continue
            storage = storages[STORES[prefix]]
            if storage.exists(name):  # already there (a second run): never stored twice
                counts["kept"] += 1
                continue
            saved = storage.save(name, File(tar.extractfile(member), name=name))
            if saved != name:
                raise BackupError(f"{name} was stored as {saved}: the store must start empty.")
            counts[prefix] += 1
    call_command("search_rebuild", stdout=open(os.devnull, "w"))  # noqa: SIM115
    say(
        f"Restored the database, {counts['media']} public and {counts['private']} private files "
        f"({counts['kept']} already there), and rebuilt the search index."
    )
    return counts


class ArchiveCommand(BaseCommand):
    """`manage.py backup ARCHIVE` and `manage.py restore ARCHIVE`: `action` is the function."""

    action = None

    def add_arguments(self, parser):
        parser.add_argument("archive", help="The archive (e.g. ponars-2026-12-01.tar.gz)")

    def handle(self, *args, archive, **options):
        try:
            type(self).action(archive, say=self.stdout.write)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
