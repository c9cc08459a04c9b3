"""Load demo content (idempotent), or add synthetic articles for load tests with --scale N.

Each installed app may ship a `demo` module with:
    seed(command)          -- create or update its demo records (idempotent)
    scale(command, n)      -- optional: add n synthetic records with bulk inserts
The command calls them in INSTALLED_APPS order, so people exist before what refers to them.
"""

import importlib
import time

from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from ponars.search import schema as search_schema


def demo_modules():
    for app_config in apps.get_app_configs():
        try:
            yield importlib.import_module(f"{app_config.name}.demo")
        except ModuleNotFoundError as exc:
            if exc.name != f"{app_config.name}.demo":
                raise


class Command(BaseCommand):
    help = "Load the demo site (idempotent). --scale N adds N synthetic articles and related rows."

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=int, default=0, help="Add N synthetic articles (bulk insert)."
        )

    def handle(self, *args, scale=0, **options):
        started = time.monotonic()
        if scale < 0:
            self.stderr.write("--scale must be zero or more.")
            return
        if scale:
            # Indexed for search once, after the load, rather than after every batch.
            with search_schema.paused(connection):
                for module in demo_modules():
                    if hasattr(module, "scale"):
                        with transaction.atomic():
                            module.scale(self, scale)
            if connection.vendor == "postgresql":
                # Fresh statistics, or the planner keeps estimating the tables as tiny.
                with connection.cursor() as cursor:
                    cursor.execute("ANALYZE")
        else:
            for module in demo_modules():
                with transaction.atomic():
                    module.seed(self)
        self.stdout.write(
            self.style.SUCCESS(f"Demo content ready in {time.monotonic() - started:.1f}s.")
        )
