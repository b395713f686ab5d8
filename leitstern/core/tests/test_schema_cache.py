"""The test database, migrated or copied from the kept schema (``schema_cache.py``),
has every migration applied: a copy that missed one would fail here."""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from leitstern.core.tests.schema_cache import schema_digest


@pytest.mark.django_db
def test_the_test_database_has_every_migration_applied():
    executor = MigrationExecutor(connection)
    plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    assert plan == []
    applied = executor.loader.applied_migrations
    assert set(executor.loader.disk_migrations) <= set(applied)


def test_the_kept_schema_is_named_by_every_migration(tmp_path, monkeypatch):
    """Changing any migration file gives another name, so the next run migrates again."""
    from django.apps import apps

    before = schema_digest()
    config = apps.get_app_config("strategy")
    monkeypatch.setattr(config, "path", str(tmp_path))
    (tmp_path / "migrations").mkdir()
    (tmp_path / "migrations" / "0001_initial.py").write_text("# another migration\n")
    assert schema_digest() != before
