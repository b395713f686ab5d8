"""``leitstern forecast aging`` and ``flow``: the flow charts' numbers from a file, counted
by hand here."""

from __future__ import annotations

import json

from leitstern.engines.forecast.cli import main

ROWS = """key,title,created,started,done
A-1,Search,2026-11-01,2026-11-02,2026-11-05
A-2,Filters,2026-11-01,2026-11-03,2026-11-12
A-3,Basket,2026-11-04,2026-11-06,2026-11-08
A-4,Reorder,2026-11-10,2026-11-11,
A-5,Wishlist,2026-11-12,2026-11-25,
A-6,Gift cards,2026-11-20,,
"""


def _file(tmp_path):
    path = tmp_path / "items.csv"
    path.write_text(ROWS)
    return path


def run(capsys, *argv):
    code = main(list(argv))
    return code, capsys.readouterr().out


def test_aging_ages_open_items_against_the_finished_items_cycle_times(tmp_path, capsys):
    code, out = run(capsys, "aging", str(_file(tmp_path)), "--on", "2026-11-30", "--json")
    assert code == 0
    data = json.loads(out)
    # cycle times, both ends counted: A-1 4 days, A-2 10 days, A-3 3 days
    assert data["percentiles"] == {"50": 4, "70": 10, "85": 10, "95": 10}
    assert data["cycle_items"] == 3 and data["reason"] is None
    # A-4 started 11 Nov: 20 days old on 30 Nov, past every level; A-5: 6 days, past 50%
    assert [(i["key"], i["age"], i["passed"]) for i in data["items"]] == [
        ("A-4", 20, "95"),
        ("A-5", 6, "50"),
    ]
    assert data["in_progress"] == 2 and data["not_started"] == 1


def test_aging_as_text_says_when_cycle_time_cannot_be_computed(tmp_path, capsys):
    path = tmp_path / "no-starts.csv"
    path.write_text("key,created,done\nB-1,2026-11-01,2026-11-05\nB-2,2026-11-02,\n")
    code, out = run(capsys, "aging", str(path), "--on", "2026-11-30")
    assert code == 0
    assert "Cycle time cannot be computed" in out
    assert "0 items started, 1 not started" in out


def test_flow_counts_arrived_started_and_done_up_to_each_day(tmp_path, capsys):
    code, out = run(
        capsys, "flow", str(_file(tmp_path)), "--on", "2026-11-30", "--days", "30", "--step", "10",
        "--json",
    )  # fmt: skip
    assert code == 0
    days = {d["day"]: d for d in json.loads(out)["days"]}
    assert list(days) == ["2026-11-01", "2026-11-11", "2026-11-21", "2026-11-30"]
    assert days["2026-11-01"] == {
        "day": "2026-11-01", "arrived": 2, "started": 0, "done": 0, "in_progress": 0
    }  # fmt: skip
    assert days["2026-11-11"] == {
        "day": "2026-11-11", "arrived": 4, "started": 4, "done": 2, "in_progress": 2
    }  # fmt: skip
    assert days["2026-11-30"] == {
        "day": "2026-11-30", "arrived": 6, "started": 5, "done": 3, "in_progress": 2
    }  # fmt: skip


def test_flow_refuses_a_step_of_zero(tmp_path, capsys):
    code, out = run(capsys, "flow", str(_file(tmp_path)), "--step", "0", "--json")
    assert code == 2
    assert json.loads(out)["error"]["code"] == "invalid_option"
