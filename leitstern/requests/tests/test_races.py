"""Races on requests and commitments: PostgreSQL in-process, SQLite on a file."""

from __future__ import annotations

import pytest

from leitstern.core.tests.scenarios import run_on_sqlite_file
from leitstern.requests.tests import races

# The SQLite pass starts a process and races threads in it: handed out first (`long`).
pytestmark = [pytest.mark.concurrency, pytest.mark.long]

SCENARIOS = [
    "commitment_decided_twice",
    "merged_into_two_targets",
    "same_organisation_added_twice",
    "planned_onto_one_item_together",
    "first_account_stored_twice",
]


@pytest.mark.parametrize("scenario", SCENARIOS)
def test_on_postgresql(racing_db, scenario):
    assert getattr(races, scenario)() == []


def test_on_a_sqlite_file(sqlite_file_db):
    names = [f"{races.__name__}:{scenario}" for scenario in SCENARIOS]
    results = run_on_sqlite_file(names, sqlite_file_db, tries=3)
    assert results == {name: [] for name in names}
