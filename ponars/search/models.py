"""The search index: one row per searchable item, whatever its type.

Rows are written by database triggers on the source tables (see `schema.py`), never by
Python code, so bulk inserts and queryset updates keep the index current. On PostgreSQL the
table also has a generated, GIN-indexed `document` tsvector column; on SQLite an FTS5
table (`search_fts`) indexes the same rows. Neither is declared here: both are
vendor-specific and made by this app's migrations.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Document(models.Model):
    kind = models.CharField(max_length=20)
    object_id = models.BigIntegerField()
    slug = models.CharField(max_length=300)
    title = models.TextField()
    authors = models.TextField(blank=True, help_text=_("Names, comma-separated, in byline order."))
    topics = models.TextField(blank=True)
    summary = models.TextField(blank=True)
    body = models.TextField(
        blank=True, help_text=_("Plain text on PostgreSQL; sanitised HTML on SQLite.")
    )
    language = models.CharField(max_length=2, blank=True, help_text=_("en, ru, or empty (names)."))
    is_public = models.BooleanField(default=False)
    published_at = models.DateTimeField(null=True, blank=True)
    category_id = models.BigIntegerField(null=True, blank=True)
    time_zone = models.CharField(
        max_length=64, blank=True, help_text="An event's own zone, where its date is shown."
    )
    date_label = models.CharField(
        max_length=60,
        blank=True,
        help_text="The date as read when it is not a day: “2023”, “Fall 2022”.",
    )

    class Meta:
        db_table = "search_document"
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id"], name="search_document_unique_item"
            ),
        ]
        indexes = [models.Index(fields=["-published_at"], name="search_document_recent_idx")]

    def __str__(self):
        return f"{self.kind} {self.object_id}: {self.title}"
