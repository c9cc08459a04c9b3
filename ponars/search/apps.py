from django.apps import AppConfig
from django.db.models.signals import post_migrate


def ensure_search_schema(sender, using, **kwargs):
    """Re-assert the search triggers after every migrate.

    On SQLite, a later migration of another app that "remakes" a table (copy, drop, rename)
    drops the triggers on it; this puts them back and re-indexes when any was missing.
    """
    from django.db import connections

    from .schema import ensure

    ensure(connections[using])


class SearchConfig(AppConfig):
    name = "ponars.search"
    label = "search"
    verbose_name = "Site search"

    def ready(self):
        post_migrate.connect(ensure_search_schema, sender=self, dispatch_uid="search_ensure_schema")
