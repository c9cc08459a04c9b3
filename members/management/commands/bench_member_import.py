"""Time the membership import on a generated CSV (default 5,000 rows).

    manage.py bench_member_import [--rows 5000] [--keep]

Runs what the admin runs: the preview (a dry run in a transaction that is rolled back), then
the import itself, then a second preview of the same file (which must find nothing to change).
Without --keep everything is rolled back at the end, so the database is left as it was.
"""

import csv
import tempfile
import time

import tablib
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from members.models import Tier
from members.spreadsheets import PersonResource

FIRST = [
    "Anna",
    "Boris",
    "Clara",
    "Dmitri",
    "Elena",
    "Farid",
    "Galina",
    "Hovhannes",
    "Irina",
    "Jan",
]
LAST = ["Ivanova", "Petrov", "Kovalenko", "Aliyev", "Beridze", "Nazarbayeva", "Smith", "Müller"]


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Import a generated N-row membership CSV as the admin does and print how long it took."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=5000)
        parser.add_argument("--keep", action="store_true", help="Keep the imported people.")

    def handle(self, *args, rows, keep, **options):
        if rows < 1:
            raise CommandError("--rows must be at least 1.")
        with tempfile.NamedTemporaryFile("w+", suffix=".csv", encoding="utf-8", newline="") as f:
            write_csv(f, rows)
            f.seek(0)
            text = f.read()
        self.stdout.write(f"Generated {rows} rows ({len(text.encode()) / 1024:.0f} KB of CSV).")
        try:
            with transaction.atomic():
                total = self.run(text)
                if not keep:
                    raise Rollback
        except Rollback:
            self.stdout.write("Rolled back (use --keep to keep the imported people).")
        self.stdout.write(self.style.SUCCESS(f"Import of {rows} rows: {total:.1f}s in total."))

    def run(self, text):
        started = time.perf_counter()
        steps = [("preview", True), ("import", False), ("re-import preview", True)]
        for label, dry_run in steps:
            t0 = time.perf_counter()
            dataset = tablib.Dataset().load(text, format="csv")
            result = PersonResource().import_data(
                dataset, dry_run=dry_run, rollback_on_validation_errors=True
            )
            if result.has_errors() or result.has_validation_errors():
                raise CommandError(f"{label}: rows were rejected: {result.invalid_rows[:3]}")
            s = result.summary
            self.stdout.write(
                f"{label:>18}: {time.perf_counter() - t0:5.1f}s  "
                f"new {s['new']}, updated {s['update']}, unchanged {s['unchanged']}"
            )
        return time.perf_counter() - started


def write_csv(f, rows):
    writer = csv.writer(f)
    writer.writerow(
        [
            "name",
            "email",
            "affiliation",
            "city",
            "country",
            "expertise",
            "tier",
            "status",
            "role",
            "title",
            "started",
            "ended",
        ]
    )
    for i in range(rows):
        name = f"{FIRST[i % len(FIRST)]} {LAST[i % len(LAST)]}-{i}"
        writer.writerow(
            [
                name,
                f"bench-{i}@example.org",
                f"Institute {i % 97}",
                "Tbilisi",
                ["GE", "UA", "US", "RU"][i % 4],
                ["Ukraine", "Russia; Security", "Caucasus"][i % 3],
                Tier.values[i % 3],
                "active",
                "member",
                "",
                f"20{10 + i % 15}-0{1 + i % 9}-01",
                "",
            ]
        )
