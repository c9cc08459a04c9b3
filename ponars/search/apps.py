from django.apps import AppConfig
from django.db.backends.signals import connection_created
from django.db.models.signals import post_migrate, pre_migrate
from django.utils.translation import gettext_lazy as _


def suspend_search_triggers(sender, using, plan=None, **kwargs):
    """SQLite only: drop our triggers on the source tables before migrations run.

    Another app's migration may "remake" a table (create a copy, drop the original, rename the
    copy); SQLite then checks every trigger in the schema, and ours on other tables that name
    the dropped table would make the rename fail. They come back after the migrations.
    """
    from django.db import connections

    from .schema import suspend

    if plan:
        suspend(connections[using])


def ensure_search_schema(sender, using, **kwargs):
    """After every migrate: put back missing triggers (and then re-index); on PostgreSQL
    refresh the trigger functions from the code."""
    from django.db import connections

    from .schema import ensure

    ensure(connections[using])


def add_sqlite_functions(sender, connection, **kwargs):
    """SQLite: the ranking's exact-title test (`backends.exact_title`) as an SQL function, so
    that both backends decide it with the same Python code."""
    if connection.vendor != "sqlite":
        return
    from .backends import exact_title

    connection.connection.create_function(
        "search_exact_title",
        2,
        lambda title, wanted: exact_title(title, wanted),
        deterministic=True,
    )


class SearchConfig(AppConfig):
    name = "ponars.search"
    label = "search"
    verbose_name = _("Site search")

    def ready(self):
        pre_migrate.connect(
            suspend_search_triggers, sender=self, dispatch_uid="search_suspend_triggers"
        )
        connection_created.connect(add_sqlite_functions, dispatch_uid="search_sqlite_functions")
        post_migrate.connect(ensure_search_schema, sender=self, dispatch_uid="search_ensure_schema")
