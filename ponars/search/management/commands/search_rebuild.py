"""Re-create the search triggers and re-derive every index row from the source tables.

Never needed in normal operation (triggers keep the index current); useful after loading data
with triggers disabled, e.g. a restore with `session_replication_role = replica`.
"""

import time

from django.core.management.base import BaseCommand
from django.db import connection, transaction

from ponars.search import schema


class Command(BaseCommand):
    help = "Re-create the search triggers and rebuild the search index."

    def handle(self, *args, **options):
        started = time.monotonic()
        kinds = schema.available_kinds(connection)
        with transaction.atomic():
            schema.sync(connection, kinds)
            schema.rebuild(connection, kinds)
        names = ", ".join(kind.name for kind in kinds) or "nothing"
        self.stdout.write(f"Search index rebuilt ({names}) in {time.monotonic() - started:.1f}s.")
