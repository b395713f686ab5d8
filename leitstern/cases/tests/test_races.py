"""Races on one business case: PostgreSQL in-process, SQLite on a file."""

from __future__ import annotations

import pytest

from leitstern.cases.tests import races
from leitstern.core.tests.scenarios import run_on_sqlite_file

# The SQLite pass starts a process and races threads in it: handed out first (`long`).
pytestmark = [pytest.mark.concurrency, pytest.mark.long]

SCENARIOS = ["same_month_actuals", "lines_from_the_same_revision"]


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_on_postgresql(racing_db, scenario):
    assert getattr(races, scenario)() == []


def test_on_a_sqlite_file(sqlite_file_db):
    names = [f"{races.__name__}:{scenario}" for scenario in SCENARIOS]
    results = run_on_sqlite_file(names, sqlite_file_db, tries=5)
    assert results == {name: [] for name in names}
