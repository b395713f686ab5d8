"""Rows without a completion date come back as open items, with their keys and dates."""

from __future__ import annotations

import json
from datetime import date

from leitstern.engines.forecast import OpenItem, parse_items

from .helpers import TODAY


def parse(text: str, **kwargs):
    return parse_items(text.encode(), today=TODAY, **kwargs)


def _open(r) -> list[tuple]:
    return [(i.key, i.title, i.created, i.started, i.done) for i in r.open_items]


def test_a_jira_export_yields_its_unresolved_issues_as_open_items():
    text = (
        "Summary,Issue key,Status,Created,Start date,Resolved\n"
        "Fix login,PROJ-1,Done,18/Nov/26 9:00 AM,19/Nov/26,21/Nov/26 10:15 AM\n"
        "Open one,PROJ-2,To Do,19/Nov/26 9:00 AM,,\n"
        "Doing,PROJ-3,In Progress,10/Nov/26 9:00 AM,12/Nov/26,\n"
    )
    r = parse(text)
    assert [i.key for i in r.items] == ["PROJ-1"]
    assert _open(r) == [
        ("PROJ-2", "Open one", date(2026, 11, 19), None, None),
        ("PROJ-3", "Doing", date(2026, 11, 10), date(2026, 11, 12), None),
    ]
    # Everything that was there before stays as it was.
    assert [(p.row, p.code) for p in r.skipped] == [(3, "not_done"), (4, "not_done")]
    assert r.errors == () and r.duplicates == 0
    assert r.arrivals == (date(2026, 11, 19), date(2026, 11, 10), date(2026, 11, 18))


def test_a_linear_export_yields_started_items_and_leaves_cancelled_ones_out():
    text = (
        "ID,Team,Title,Status,Created,Started,Completed,Canceled\n"
        "ENG-1,Eng,A,Done,2026-11-02,2026-11-03,2026-11-06,\n"
        "ENG-2,Eng,B,Canceled,2026-11-02,,,2026-11-04\n"
        "ENG-3,Eng,C,In Progress,2026-11-05,2026-11-09,,\n"
        "ENG-4,Eng,D,Backlog,2026-11-07,,,\n"
    )
    r = parse(text)
    assert r.format == "linear"
    assert _open(r) == [
        ("ENG-3", "C", date(2026, 11, 5), date(2026, 11, 9), None),
        ("ENG-4", "D", date(2026, 11, 7), None, None),
    ]
    assert [(p.row, p.code) for p in r.skipped] == [
        (3, "canceled"), (4, "not_done"), (5, "not_done"),
    ]  # fmt: skip


def test_an_azure_devops_export_yields_active_work_items():
    text = (
        "ID,Work Item Type,Title,State,Created Date,Activated Date,Closed Date\n"
        "42,User Story,Pay,Closed,11/2/2026 9:00:00 AM,11/3/2026 9:00:00 AM,11/20/2026 4:00:00 PM\n"
        "43,User Story,Refund,Active,11/4/2026 9:00:00 AM,11/13/2026 9:00:00 AM,\n"
        "44,Bug,Crash,New,11/14/2026 9:00:00 AM,,\n"
    )
    r = parse(text)
    assert r.format == "azure"
    assert _open(r) == [
        ("43", "Refund", date(2026, 11, 4), date(2026, 11, 13), None),
        ("44", "Crash", date(2026, 11, 14), None, None),
    ]


def test_github_open_issues_and_pull_requests_are_open_items():
    entries = [
        {"number": 5, "title": "Merged", "created_at": "2026-11-01T10:00:00Z",
         "closed_at": "2026-11-02T10:00:00Z", "merged_at": "2026-11-02T10:00:00Z"},
        {"number": 6, "title": "Abandoned", "created_at": "2026-11-01T10:00:00Z",
         "closed_at": "2026-11-03T10:00:00Z", "merged_at": None},
        {"number": 7, "title": "Draft", "created_at": "2026-11-04T10:00:00Z",
         "closed_at": None, "merged_at": None},
    ]  # fmt: skip
    r = parse(json.dumps(entries))
    assert _open(r) == [("#7", "Draft", date(2026, 11, 4), None, None)]
    assert [(p.row, p.code) for p in r.skipped] == [(2, "closed_unmerged"), (3, "not_done")]
    issues = {"items": [
        {"number": 1, "created_at": "2026-10-01T00:00:00Z", "closed_at": "2026-10-05T00:00:00Z"},
        {"number": 2, "created_at": "2026-10-01T00:00:00Z", "closed_at": "2026-10-06T00:00:00Z",
         "state_reason": "not_planned"},
        {"number": 3, "title": "Still open", "created_at": "2026-10-02T00:00:00Z",
         "closed_at": None},
    ]}  # fmt: skip
    r = parse(json.dumps(issues))
    assert _open(r) == [("#3", "Still open", date(2026, 10, 2), None, None)]


def test_github_open_items_with_bad_or_future_dates_are_row_errors():
    entries = [
        {"number": 1, "created_at": "soon", "closed_at": None},
        {"number": 2, "created_at": "2027-01-01T00:00:00Z", "closed_at": None},
        {"number": 3, "created_at": "2026-11-01T00:00:00Z", "closed_at": None},
    ]
    r = parse(json.dumps(entries))
    assert [(p.row, p.code) for p in r.errors] == [(1, "bad_date"), (2, "future_date")]
    assert [i.key for i in r.open_items] == ["#3"]


def test_open_rows_collapse_by_key_and_a_finished_row_wins():
    text = (
        "Issue key,Summary,Created,Start date,Resolved\n"
        "A-1,,2026-01-05,,\n"
        "A-1,first title,2026-01-03,2026-01-08,\n"
        "A-1,,2026-01-04,2026-01-06,\n"
        "B-1,finished,2026-01-01,,2026-01-09\n"
        "B-1,stale open row,2026-01-01,,\n"
        ",no key,2026-01-02,,\n"
    )
    r = parse(text)
    assert _open(r) == [
        ("A-1", "first title", date(2026, 1, 3), date(2026, 1, 6), None),
        ("row 7", "no key", date(2026, 1, 2), None, None),
    ]
    assert [i.key for i in r.items] == ["B-1"] and r.duplicates == 0
    assert all(isinstance(i, OpenItem) for i in r.open_items)


def test_open_rows_with_bad_dates_are_errors_and_a_planned_start_is_not_started():
    text = (
        "Issue key,Summary,Created,Start date,Resolved\n"
        "A-1,one,2026-01-01,2026-01-02,2026-01-05\n"
        "A-2,bad created,yesterday,,\n"
        "A-3,bad start,2026-01-01,soon,\n"
        "A-4,future start,2026-01-01,2027-03-01,\n"
        "A-5,future created,2027-01-01,,\n"
        "A-6,fine,2026-01-01,,\n"
    )
    r = parse(text)
    assert [(p.row, p.code, p.params.get("column")) for p in r.errors] == [
        (3, "bad_date", "Created"),
        (4, "bad_date", "Start date"),
        (6, "future_date", "Created"),
    ]
    # A start date in the future is a plan: the item is open and not started.
    assert _open(r) == [
        ("A-4", "future start", date(2026, 1, 1), None, None),
        ("A-6", "fine", date(2026, 1, 1), None, None),
    ]
    # Open rows are still skipped as not done, as before, so the counts shown stay the same.
    assert [p.row for p in r.skipped if p.code == "not_done"] == [3, 4, 5, 6, 7]


def test_a_file_with_finished_items_only_has_no_open_items():
    r = parse("item,done\nA,2026-01-02\nB,2026-01-03\n")
    assert r.open_items == ()
    assert parse("item,done,created\nA,,2026-01-02\n").open_items == (
        OpenItem(key="A", created=date(2026, 1, 2)),
    )
