"""The per-day counts kept next to the items: always equal to counting the items themselves,
and the fast team page and daily series built from them equal the straightforward ones."""

from __future__ import annotations

from datetime import timedelta

import numpy as np
import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from leitstern.core.imports.flow import import_confirm, import_start
from leitstern.core.imports.models import ImportJob
from leitstern.engines.forecast import Item, cycle_time
from leitstern.forecasts import selectors
from leitstern.forecasts.importers import HISTORY
from leitstern.forecasts.models import DailyCount, WorkItem
from leitstern.forecasts.selectors import (
    counts_from_items,
    kept_counts,
    team_overview,
    team_series,
    today,
)
from leitstern.forecasts.services import (
    item_delete,
    items_delete,
    items_merge,
)
from leitstern.forecasts.services.daily import daily_counts_rebuild
from leitstern.forecasts.tests.factory import history_rows, make_team

pytestmark = pytest.mark.django_db


def _agree(team) -> dict:
    kept = kept_counts(team)
    assert kept == counts_from_items(team)
    return kept


def _open(n: int, key: str = "OPEN") -> list[dict]:
    return [
        {
            "key": f"{key}-{i}",
            "created": today() - timedelta(days=3 + i % 7),
            "started": today() - timedelta(days=2) if i % 2 else None,
        }
        for i in range(n)
    ]


def test_merging_keeps_the_counts_equal_to_the_items(world):
    team = make_team(world)
    rows = history_rows(days=90, per_day=3)
    items_merge(actor=None, team=team, items=rows, record=False)
    kept = _agree(team)
    assert sum(kept["done"].values()) == len(rows)

    items_merge(actor=None, team=team, items=_open(12), record=False)
    assert sum(_agree(team)["open_began"].values()) == 12

    # Open items are finished, finished ones get other dates, lose or gain creation dates.
    changed = [{**r, "done": today() - timedelta(days=1)} for r in _open(12)[:5]]
    changed += [
        {**r, **{f: r[f] - timedelta(days=2) for f in ("created", "started", "done")}}
        for r in rows[:30]
    ]
    changed += [{**r, "created": None} for r in rows[30:40]]
    changed += [{**r, "started": None} for r in rows[40:50]]
    items_merge(actor=None, team=team, items=changed, record=False)
    kept = _agree(team)
    assert sum(kept["open_began"].values()) == 7

    items_merge(actor=None, team=team, items=changed, record=False)  # changes nothing
    assert _agree(team) == kept


def test_deleting_keeps_the_counts_equal_to_the_items(world):
    team = make_team(world, days=60)
    items_merge(actor=None, team=team, items=_open(6), record=False)
    item_delete(actor=world.owner, item=WorkItem.objects.filter(team=team).first())
    _agree(team)
    items_delete(actor=world.owner, team=team, items=["T-3", "T-4", "OPEN-1"])
    _agree(team)
    items_delete(
        actor=world.owner, team=team, items=WorkItem.objects.filter(team=team, key__startswith="T-")
    )
    _agree(team)
    items_delete(actor=world.owner, team=team, items=WorkItem.objects.filter(team=team))
    assert not DailyCount.objects.filter(team=team).exists()
    assert team_series(team) is None


def test_an_import_keeps_the_counts_equal_to_the_items(world):
    team = make_team(world, days=30)
    rows = history_rows(days=120, per_day=4, seed=3)
    lines = ["Issue key,Summary,Created,Start date,Resolved"]
    lines += [
        f"{r['key']},{r['title']},{r['created']},{r['started']},{r['done']}" for r in rows[::2]
    ]
    lines += [f"NEW-{i},Open,{today() - timedelta(days=i % 9)},," for i in range(25)]
    data = ("\n".join(lines) + "\n").encode()
    job = import_start(
        actor=world.owner, importer=HISTORY, target=team, filename="x.csv", data=data
    )
    job = import_confirm(actor=world.owner, job=job)
    assert job.status == ImportJob.Status.DONE
    kept = _agree(team)
    assert WorkItem.objects.filter(team=team).open().count() == 25
    assert sum(kept["open_began"].values()) == 25


def test_a_refused_or_rolled_back_write_leaves_the_counts_alone(world):
    team = make_team(world, days=40)
    kept = _agree(team)
    with pytest.raises(ValidationError):
        items_merge(
            actor=None,
            team=team,
            items=[*_open(3), {"key": "BAD", "done": today() + timedelta(days=3)}],
        )
    assert _agree(team) == kept

    class Abort(Exception):
        pass

    with pytest.raises(Abort), transaction.atomic():
        items_merge(actor=None, team=team, items=_open(3), record=False)
        items_delete(actor=world.owner, team=team, items=["T-1", "T-2"])
        raise Abort
    assert _agree(team) == kept


def test_rebuilding_the_counts_gives_the_same_numbers(world):
    team = make_team(world, days=50)
    items_merge(actor=None, team=team, items=_open(4), record=False)
    kept = _agree(team)
    DailyCount.objects.filter(team=team).update(done=99)
    daily_counts_rebuild(team=team)
    assert _agree(team) == kept


def test_the_daily_series_equals_the_one_counted_from_the_items(world):
    team = make_team(world, days=200, per_day=2.5)
    items_merge(actor=None, team=team, items=_open(5), record=False)
    series = team_series(team)
    done = list(WorkItem.objects.filter(team=team).finished().values_list("done", "created"))
    start = min(d for d, _c in done)
    end = max(max(d for d, _c in done), max(c for _d, c in done))
    expected_done = np.zeros((end - start).days + 1, dtype=np.int64)
    expected_arrivals = np.zeros_like(expected_done)
    for d, c in done:
        expected_done[(d - start).days] += 1
        if c >= start:
            expected_arrivals[(c - start).days] += 1
    assert series.start == start
    assert np.array_equal(series.done, expected_done)
    assert np.array_equal(series.arrived, expected_arrivals)


def test_the_cycle_times_equal_the_engine_on_every_item(world):
    team = make_team(world, days=200, per_day=10)
    as_of = today() - timedelta(days=1)
    overview = team_overview(team)
    items = [
        Item(key=k, done=d, started=s, created=c)
        for k, d, s, c in WorkItem.objects.filter(team=team)
        .finished()
        .values_list("key", "done", "started", "created")
    ]
    expected = cycle_time(items, as_of=as_of, window=selectors.RECENT_DAYS, today=as_of)
    assert overview.percentiles == expected.percentiles
    assert overview.measured_from == expected.measured_from == "started"
    # The scatter shows the most recent items only, oldest first.
    assert len(overview.scatter) == selectors.SCATTER_POINTS
    assert overview.scatter[-1][0] == as_of.isoformat()
    assert [p[0] for p in overview.scatter] == sorted(p[0] for p in overview.scatter)
    assert overview.cycle_items == expected.items > selectors.SCATTER_POINTS


def test_the_team_page_reads_a_few_rows_whatever_the_history(world, django_assert_max_num_queries):
    team = make_team(world, days=400, per_day=5)
    with django_assert_max_num_queries(5):
        assert team_overview(team) is not None
