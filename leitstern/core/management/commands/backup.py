"""``leitstern backup FILE``: an online copy of the SQLite database, checked.

Uses SQLite's backup API, so it is safe while Leitstern runs (writers wait a moment, no
half-written pages are copied). For PostgreSQL use ``pg_dump`` (see docs/operations.md).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection


class Command(BaseCommand):
    help = "Copy the SQLite database to FILE while Leitstern runs, and verify the copy."

    def add_arguments(self, parser) -> None:
        parser.add_argument("file", help="Where to write the copy (must not exist yet).")

    def handle(self, *args, file: str, **options) -> None:
        if connection.vendor != "sqlite":
            raise CommandError(
                "The database is PostgreSQL: back it up with pg_dump "
                "(pg_dump -Fc -f leitstern.dump DBNAME; see docs/operations.md)."
            )
        target = Path(file)
        if target.exists():
            raise CommandError(f"{target} exists already; choose a new file name.")
        if not target.parent.is_dir():
            raise CommandError(f"The folder {target.parent} does not exist.")
        connection.ensure_connection()
        with sqlite3.connect(target) as copy:
            connection.connection.backup(copy, pages=1024)
        with sqlite3.connect(target) as copy:
            status = copy.execute("PRAGMA integrity_check").fetchone()[0]
            tables = copy.execute(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table'"
            ).fetchone()[0]
        copy.close()
        if status != "ok":
            raise CommandError(f"The copy in {target} failed its integrity check: {status}")
        size = target.stat().st_size
        self.stdout.write(
            f"Backed up to {target}: {size / 1_048_576:.1f} MB, {tables} tables, integrity ok."
        )
