"""Discovery's rules under races: PostgreSQL in-process, SQLite on a file with the
production settings (``races.py`` holds the scenarios)."""

from __future__ import annotations

import pytest

from leitstern.core.tests.scenarios import run_on_sqlite_file
from leitstern.discovery.tests import races

# The SQLite pass starts a process and races threads in it: handed out first (`long`).
pytestmark = [pytest.mark.concurrency, pytest.mark.long]

SCENARIOS = [
    "edits_of_one_hypothesis",
    "edits_of_one_opportunity",
    "experiment_closed_twice",
    "scoring_at_once",
]


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_on_postgresql(racing_db, scenario):
    assert getattr(races, scenario)() == []


def test_on_a_sqlite_file(sqlite_file_db):
    """Writers wait for each other instead of failing; no change is lost silently."""
    names = [f"{races.__name__}:{scenario}" for scenario in SCENARIOS]
    assert run_on_sqlite_file(names, sqlite_file_db) == {name: [] for name in names}
