"""Aging work in progress and cumulative flow, checked against counts worked out by hand."""

from __future__ import annotations

from datetime import date

import pytest

from leitstern.engines.forecast.flow import aging_wip, cumulative_flow, percentile

D = date(2026, 11, 30)


def day(n: int) -> date:
    """November 2026, day ``n``."""
    return date(2026, 11, n)


def test_percentile_is_the_ceiling_rank_of_the_sorted_durations():
    durations = [5, 1, 3, 2, 4, 10, 7, 6, 9, 8]  # 1..10
    # 50% of 10: the 5th smallest; 85%: ceil(8.5) = 9th; 95%: ceil(9.5) = 10th; 70%: 7th.
    assert percentile(durations, 50) == 5
    assert percentile(durations, 70) == 7
    assert percentile(durations, 85) == 9
    assert percentile(durations, 95) == 10
    # Three items: 50% → ceil(1.5) = 2nd; 85% → ceil(2.55) = 3rd.
    assert percentile([4, 1, 9], 50) == 4
    assert percentile([4, 1, 9], 85) == 9
    with pytest.raises(ValueError):
        percentile([], 50)


def test_open_items_are_aged_from_their_start_with_both_days_counted():
    finished = [
        (day(1), day(1)),  # 1 day
        (day(1), day(2)),  # 2 days
        (day(1), day(3)),  # 3 days
        (day(1), day(4)),  # 4 days
    ]
    open_items = [
        ("A-1", "started today", day(30)),
        ("A-2", "started a week ago", day(24)),
        ("A-3", "oldest", day(20)),
        ("A-4", "backlog", None),
        ("A-5", "planned start", date(2026, 12, 3)),
    ]
    found = aging_wip(open_items, finished, as_of=D)
    # 50%: ceil(2) = 2nd of 1,2,3,4 → 2; 70%: ceil(2.8) = 3rd → 3; 85% and 95%: 4th → 4.
    assert found.percentiles == {"50": 2, "70": 3, "85": 4, "95": 4}
    assert found.cycle_items == 4
    assert found.reason is None
    assert [(i.key, i.age, i.passed) for i in found.items] == [
        ("A-3", 11, "95"),  # 30 − 20 + 1
        ("A-2", 7, "95"),
        ("A-1", 1, None),  # not older than the 50% mark of 2 days
    ]
    assert found.not_started == 2
    assert found.in_progress == 3


def test_an_item_is_marked_with_the_highest_percentile_it_has_passed():
    finished = [(day(1), day(n)) for n in range(1, 11)]  # 1..10 days
    # 50% → 5, 70% → 7, 85% → 9, 95% → 10
    open_items = [("B-6", "", day(25)), ("B-8", "", day(23)), ("B-9", "", day(22))]
    found = aging_wip(open_items, finished, as_of=D)
    assert {i.key: (i.age, i.passed) for i in found.items} == {
        "B-6": (6, "50"),  # 6 > 5
        "B-8": (8, "70"),  # 8 > 7
        "B-9": (9, "70"),  # 9 is not above 9
    }


def test_only_finished_items_of_the_window_with_a_start_date_count():
    finished = [
        (date(2026, 1, 1), date(2026, 1, 20)),  # done before the 180-day window
        (None, day(10)),  # no start date
        (day(5), day(7)),  # 3 days
    ]
    found = aging_wip([], finished, as_of=D)
    assert found.window_start == date(2026, 6, 4)  # 30 Nov − 179 days
    assert found.percentiles == {"50": 3, "70": 3, "85": 3, "95": 3}
    assert found.cycle_items == 1


def test_without_start_dates_the_percentiles_cannot_be_computed_and_it_says_why():
    found = aging_wip([("C-1", "", day(20))], [(None, day(10))], as_of=D)
    assert found.percentiles == {}
    assert found.reason == "no_start_dates"
    assert [(i.key, i.age, i.passed) for i in found.items] == [("C-1", 11, None)]
    assert aging_wip([], [], as_of=D).reason == "no_finished_items"


def test_cumulative_flow_counts_everything_up_to_each_day():
    arrived = {day(1): 2, day(3): 1, day(5): 4}
    started = {day(2): 1, day(3): 2, day(6): 1}
    done = {day(3): 1, day(4): 1}
    flow = cumulative_flow(arrived=arrived, started=started, done=done, start=day(2), end=day(6))
    assert [(f.day.day, f.arrived, f.started, f.done, f.in_progress) for f in flow] == [
        (2, 2, 1, 0, 1),  # the two arrivals of day 1 are below the window
        (3, 3, 3, 1, 2),
        (4, 3, 3, 2, 1),
        (5, 7, 3, 2, 1),
        (6, 7, 4, 2, 2),
    ]


def test_cumulative_flow_in_steps_keeps_the_last_day():
    done = {day(n): 1 for n in range(1, 11)}
    flow = cumulative_flow(arrived={}, started={}, done=done, start=day(1), end=day(10), step=7)
    assert [(f.day.day, f.done) for f in flow] == [(1, 1), (8, 8), (10, 10)]
    with pytest.raises(ValueError):
        cumulative_flow(arrived={}, started={}, done={}, start=day(2), end=day(1))
