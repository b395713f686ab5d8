"""Bulk metric values are written set-based: every row checked in Python first, then one
insert-or-replace statement per 2,000 rows (speed: benchmarks/strategy_writes.py)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from leitstern.activity.models import ActivityEntry
from leitstern.strategy import services
from leitstern.strategy.models import MetricValue
from leitstern.strategy.tests.factory import make_metric

pytestmark = pytest.mark.django_db

FIRST = date(2000, 1, 1)


def _rows(count: int, offset: float = 0.0) -> list[tuple[date, float, str]]:
    return [(FIRST + timedelta(days=i), i + offset, f"n{i}") for i in range(count)]


def test_5000_values_are_three_statements_and_one_activity_entry(world):
    metric = make_metric(world.product, world.owner)
    with CaptureQueriesContext(connection) as queries:
        stored = services.metric_values_record(actor=world.owner, metric=metric, values=_rows(5000))
    writes = [q["sql"] for q in queries if q["sql"].lstrip().upper().startswith("INSERT")]
    assert stored == 5000
    assert len(writes) == 3 + 1  # three batches of values, one activity entry
    assert len(queries) <= 8
    assert metric.values.count() == 5000
    entry = ActivityEntry.objects.get(kind="strategy.metric.values")
    assert entry.changes["values"] == ["", "5000"]


def test_a_push_replaces_the_days_it_has_and_adds_the_others(world):
    metric = make_metric(world.product, world.owner)
    services.metric_values_record(actor=world.owner, metric=metric, values=_rows(3))
    services.metric_values_record(
        actor=world.editor, metric=metric, values=_rows(5, offset=0.5), source="api"
    )
    stored = list(metric.values.order_by("day").values_list("value", "note", "source"))
    assert stored == [(i + 0.5, f"n{i}", "api") for i in range(5)]
    assert set(metric.values.values_list("recorded_by", flat=True)) == {world.editor.pk}


def test_dates_outside_the_accepted_range_are_named_by_row(world):
    metric = make_metric(world.product, world.owner)
    rows = [(date(2026, 1, 1), 1.0, ""), (date(1, 1, 1), 2.0, ""), (date(2101, 1, 1), 3.0, "")]
    with pytest.raises(ValidationError) as refused:
        services.metric_values_record(actor=world.owner, metric=metric, values=rows)
    messages = refused.value.message_dict["values"]
    assert messages == [
        "Row 2: the date must lie between 1970-01-01 and 2100-12-31.",
        "Row 3: the date must lie between 1970-01-01 and 2100-12-31.",
    ]
    assert not MetricValue.objects.exists()


@pytest.mark.parametrize(
    ("value", "note", "reason"),
    [
        (float("inf"), "", "the value is not a finite number"),
        (10**400, "", "the value is not a finite number"),
        ("12", "", "the value is not a finite number"),
        (True, "", "the value is not a finite number"),
        (1.0, "a\x00b", "the note contains a NUL character"),
    ],
)
def test_bad_rows_refuse_the_whole_push(world, value, note, reason):
    metric = make_metric(world.product, world.owner)
    rows = [*_rows(3), (FIRST + timedelta(days=10), value, note)]
    with pytest.raises(ValidationError, match=f"Row 4: {reason}"):
        services.metric_values_record(actor=world.owner, metric=metric, values=rows)
    assert not MetricValue.objects.exists()


def test_a_push_full_of_errors_lists_fifty_and_counts_the_rest(world):
    metric = make_metric(world.product, world.owner)
    rows = [(FIRST, float("nan"), "")] * 120
    with pytest.raises(ValidationError) as refused:
        services.metric_values_record(actor=world.owner, metric=metric, values=rows)
    messages = refused.value.message_dict["values"]
    assert len(messages) == 51
    assert messages[-1] == "… and 189 more problems."  # 120 NaNs + 119 repeated dates


def test_a_push_through_the_api_answers_row_errors_as_json(world):
    from django.test import Client

    from leitstern.accounts.services import api_token_create

    metric = make_metric(world.product, world.owner)
    _token, raw = api_token_create(actor=world.editor, workspace=world.workspace, name="t")
    response = Client().post(
        f"/api/v1/workspaces/{world.workspace.slug}/metrics/{metric.pk}/values",
        {"values": [{"date": "2026-01-01", "value": 1}, {"date": "2026-01-01", "value": 2}]},
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "values", "reason": "Row 2: the date appears twice."}
    ]
