from __future__ import annotations

from datetime import date, timedelta

import pytest

from leitstern.engines.forecast import ForecastInputError, Item, cycle_time

from .helpers import TODAY

AS_OF = date(2026, 11, 20)


def items(durations):
    out = []
    for i, d in enumerate(durations):
        done = AS_OF - timedelta(days=i % 50)
        out.append(Item(key=f"K-{i}", done=done, started=done - timedelta(days=d - 1)))
    return out


def test_percentiles_say_within_how_many_days():
    f = cycle_time(items([1] * 50 + [5] * 35 + [9] * 10 + [20] * 5), today=TODAY)
    assert f.percentiles == {"50": 1, "70": 5, "85": 5, "95": 9}
    assert f.measured_from == "started" and f.items == 100


def test_a_single_item_forecast_conditions_on_its_age():
    f = cycle_time(
        items([1] * 50 + [5] * 35 + [9] * 10 + [20] * 5), started=AS_OF - timedelta(days=5),
        today=TODAY,
    )  # fmt: skip
    # Age 6 days: only the items that took 9 or 20 days are still comparable.
    assert f.item is not None
    assert f.item["50"].days == 3 and f.item["95"].days == 14


def test_lead_time_is_used_when_no_start_dates_exist():
    plain = [Item(key="A", done=AS_OF, created=AS_OF - timedelta(days=3))]
    f = cycle_time(plain, today=TODAY)
    assert f.measured_from == "created" and f.percentiles["50"] == 4
    assert [w.code for w in f.warnings] == ["few_cycle_times"]


def test_no_start_dates_is_an_error():
    with pytest.raises(ForecastInputError) as err:
        cycle_time([Item(key="A", done=AS_OF)], today=TODAY)
    assert err.value.code == "no_cycle_times"
