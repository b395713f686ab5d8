"""First check-ins and values at the same moment, and a bulk push while others write:
PostgreSQL in-process, SQLite on a file with the production settings."""

from __future__ import annotations

import pytest

from leitstern.core.tests.scenarios import run_on_sqlite_file
from leitstern.strategy.tests import races

# The SQLite pass starts a process and races threads in it: handed out first (`long`).
pytestmark = [pytest.mark.concurrency, pytest.mark.long]

SCENARIOS = [
    "first_check_ins_of_a_week",
    "first_values_of_a_day",
    "bulk_push_during_writes",
    "kind_change_during_check_ins",
    "new_key_results_during_check_ins",
]


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_on_postgresql(racing_db, scenario):
    assert getattr(races, scenario)() == []


def test_on_a_sqlite_file(sqlite_file_db):
    """Writers wait for each other (BEGIN IMMEDIATE, busy timeout) instead of failing with
    "database is locked", also behind a 20,000-value push; first writes never fail."""
    names = [f"{races.__name__}:{scenario}" for scenario in SCENARIOS]
    assert run_on_sqlite_file(names, sqlite_file_db) == {name: [] for name in names}
