"""The activity log's background work."""

from __future__ import annotations

from django.db import connection
from django.tasks import task


@task
def merge_trace_index() -> None:
    """On SQLite: merge the activity log's trigram index (``activity_trace_fts``) so no
    segment keeps the trigrams of texts an erasure rewrote — FTS5 keeps deleted tokens
    until a merge. The merge rewrites the whole index (about a second at 455,000 entries),
    so an erasure enqueues it after its commit instead of making its request wait; with
    the immediate backend (tests, the demo) it runs at once. PostgreSQL's index is the
    table's own, cleaned by its vacuum."""
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("INSERT INTO activity_trace_fts(activity_trace_fts) VALUES ('optimize')")
