"""The migrated SQLite test schema, built once and reused while no migration changes.

Every test process (each xdist worker, each single-file run) creates its in-memory SQLite
test database by running every migration of every app, which costs more CPU than many test
files themselves. The first process to migrate copies the result (schema, content types,
permissions, search tables) into a file named by a digest of everything that decides it:
every migration file's bytes, the installed apps, Django's and SQLite's versions. Later
processes copy that file into their in-memory database instead of migrating. A changed
migration changes the digest, so the next run migrates for real again. PostgreSQL test
databases are created as before. ``LEITSTERN_TEST_SCHEMA_CACHE=0`` turns it off.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

CACHE_DIR = Path(tempfile.gettempdir()) / "leitstern-test-schemas"


def schema_digest() -> str:
    """A digest of everything the migrated schema depends on."""
    import django
    from django.apps import apps
    from django.conf import settings

    digest = hashlib.sha256()
    for part in (django.get_version(), sqlite3.sqlite_version, repr(settings.INSTALLED_APPS)):
        digest.update(part.encode() + b"\0")
    for config in apps.get_app_configs():
        folder = Path(config.path) / "migrations"
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.py")):
            digest.update(f"{config.label}/{path.name}".encode() + b"\0")
            digest.update(path.read_bytes() + b"\0")
    return digest.hexdigest()[:32]


def _restore(connection: Any, path: Path) -> None:
    connection.ensure_connection()
    source = sqlite3.connect(path)
    try:
        source.backup(connection.connection)
    finally:
        source.close()


def _keep(connection: Any, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".{os.getpid()}.partial")
    target = sqlite3.connect(partial)
    try:
        connection.connection.backup(target)
    finally:
        target.close()
    os.replace(partial, path)  # whole or not at all, when two workers finish at once


def install() -> None:
    """Have SQLite's test database creation reuse the migrated schema (module docstring)."""
    if os.environ.get("LEITSTERN_TEST_SCHEMA_CACHE") == "0":
        return
    from django.core import management
    from django.db.backends.sqlite3.creation import DatabaseCreation

    create = DatabaseCreation.create_test_db
    if getattr(create, "reuses_schema", False):
        return

    def create_test_db(self: DatabaseCreation, *args: Any, **kwargs: Any) -> str:
        if not self.is_in_memory_db(self._get_test_db_name()):
            return create(self, *args, **kwargs)
        path = CACHE_DIR / f"{schema_digest()}.sqlite3"
        migrate_for_real: Callable[..., Any] = management.call_command

        def call_command(name: str, *a: Any, **kw: Any) -> Any:
            if name != "migrate":
                return migrate_for_real(name, *a, **kw)
            if path.exists():
                _restore(self.connection, path)
                return None
            result = migrate_for_real(name, *a, **kw)
            _keep(self.connection, path)
            return result

        management.call_command = call_command
        try:
            return create(self, *args, **kwargs)
        finally:
            management.call_command = migrate_for_real

    create_test_db.reuses_schema = True  # type: ignore[attr-defined]  # marks the wrapper
    DatabaseCreation.create_test_db = create_test_db  # type: ignore[method-assign]  # see install
