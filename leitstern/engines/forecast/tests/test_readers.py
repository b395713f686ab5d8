"""Reading the files teams export: formats, encodings, separators, and honest row errors."""

from __future__ import annotations

import json
from datetime import date

import pytest

from leitstern.engines.forecast import ForecastInputError, parse_items

from .helpers import TODAY, shared_file


def parse(text: str | bytes, **options):
    data = text.encode("utf-8") if isinstance(text, str) else text
    return parse_items(data, today=TODAY, **options)


def test_it_reads_a_generic_csv_and_finds_the_date_column():
    r = parse("done_date,item,commit\n2026-01-02,#1,abc\n2026-01-03,#2,def\n")
    assert r.format == "generic"
    assert r.columns == {"key": "item", "done": "done_date"}
    assert [(i.key, i.done) for i in r.items] == [
        ("#1", date(2026, 1, 2)),
        ("#2", date(2026, 1, 3)),
    ]


def test_it_uses_the_named_date_column():
    r = parse("a,b\n2026-01-02,2026-02-01\n", done_column="b")
    assert r.items[0].done == date(2026, 2, 1)


def test_an_unknown_named_column_is_an_error():
    with pytest.raises(ForecastInputError) as err:
        parse("a,b\n2026-01-02,2026-02-01\n", done_column="nope")
    assert err.value.code == "unknown_column"


def test_it_reads_an_english_jira_export():
    text = (
        "Summary,Issue key,Issue id,Status,Created,Resolved\n"
        "Fix login,PROJ-1,1001,Done,18/Nov/26 9:00 AM,21/Nov/26 10:15 AM\n"
        "Open one,PROJ-2,1002,To Do,19/Nov/26 9:00 AM,\n"
    )
    r = parse(text)
    assert r.format == "jira"
    assert r.columns["done"] == "Resolved" and r.columns["created"] == "Created"
    assert r.items[0].key == "PROJ-1" and r.items[0].done == date(2026, 11, 21)
    assert r.items[0].created == date(2026, 11, 18)
    assert [p.row for p in r.skipped] == [3]
    assert date(2026, 11, 19) in r.arrivals  # the open item still arrived


def test_it_reads_a_german_jira_export_with_semicolons_in_windows_1252():
    text = (
        "Zusammenfassung;Schlüssel;Status;Erstellt;Erledigt\n"
        "Größe prüfen;ABC-7;Fertig;01.11.26 08:00;21.11.26 10:15\n"
    )
    r = parse(text.encode("cp1252"))
    assert r.encoding == "cp1252" and r.delimiter == ";"
    assert r.format == "jira"
    assert r.items[0].title == "Größe prüfen"
    assert r.items[0].done == date(2026, 11, 21)


def test_it_reads_utf8_with_a_bom_and_tabs():
    r = parse("\ufeffitem\tdone\nA\t2026-03-01\n".encode())
    assert r.encoding == "utf-8-sig" and r.delimiter == "\t"
    assert r.items[0].done == date(2026, 3, 1)


def test_jira_falls_back_to_a_status_change_column():
    text = "Issue key,Created,Resolved,Status Category Changed\nX-1,2026-01-01,,2026-01-05\n"
    r = parse(text)
    assert r.columns["done"] == "Status Category Changed"
    assert r.items[0].done == date(2026, 1, 5)


def test_it_reads_a_linear_export_and_leaves_out_cancelled_items():
    text = (
        "ID,Team,Title,Status,Created,Started,Completed,Canceled\n"
        "ENG-1,Eng,A,Done,Mon Nov 02 2026 10:00:00 GMT+0000 (Coordinated Universal Time),"
        "Tue Nov 03 2026 10:00:00 GMT+0000 (Coordinated Universal Time),"
        "Fri Nov 06 2026 10:15:00 GMT+0000 (Coordinated Universal Time),\n"
        "ENG-2,Eng,B,Canceled,2026-11-02,,,2026-11-04\n"
    )
    r = parse(text)
    assert r.format == "linear"
    assert r.items[0].started == date(2026, 11, 3) and r.items[0].done == date(2026, 11, 6)
    assert [(p.row, p.code) for p in r.skipped] == [(3, "canceled")]


def test_it_reads_an_azure_devops_export():
    text = (
        "ID,Work Item Type,Title,State,Created Date,Activated Date,Closed Date\n"
        "42,User Story,Pay,Closed,11/2/2026 9:00:00 AM,11/3/2026 9:00:00 AM,11/20/2026 4:00:00 PM\n"
    )
    r = parse(text)
    assert r.format == "azure"
    assert r.items[0].done == date(2026, 11, 20) and r.items[0].started == date(2026, 11, 3)


def test_ambiguous_slash_dates_need_an_order():
    text = "item,done\nA,03/04/2026\nB,05/06/2026\n"
    with pytest.raises(ForecastInputError) as err:
        parse(text)
    assert err.value.code == "ambiguous_date_order"
    assert parse(text, date_order="dmy").items[0].done == date(2026, 4, 3)
    assert parse(text, date_order="mdy").items[0].done == date(2026, 3, 4)


def test_it_reads_github_pull_requests_and_issues():
    pulls = [
        {"number": 5, "title": "A", "created_at": "2026-11-01T10:00:00Z",
         "closed_at": "2026-11-02T10:00:00Z", "merged_at": "2026-11-02T10:00:00Z"},
        {"number": 6, "title": "B", "created_at": "2026-11-01T10:00:00Z",
         "closed_at": "2026-11-03T10:00:00Z", "merged_at": None},
    ]  # fmt: skip
    r = parse(json.dumps(pulls))
    assert r.format == "github" and r.columns["done"] == "merged_at"
    assert [i.key for i in r.items] == ["#5"]
    assert [(p.row, p.code) for p in r.skipped] == [(2, "closed_unmerged")]
    issues = {"items": [
        {"number": 1, "created_at": "2026-10-01T00:00:00Z", "closed_at": "2026-10-05T00:00:00Z"},
        {"number": 2, "created_at": "2026-10-01T00:00:00Z", "closed_at": "2026-10-06T00:00:00Z",
         "state_reason": "not_planned"},
        {"number": 3, "created_at": "2026-10-02T00:00:00Z", "closed_at": None},
    ]}  # fmt: skip
    r = parse(json.dumps(issues))
    assert [i.key for i in r.items] == ["#1"]
    assert sorted(p.code for p in r.skipped) == ["not_done", "not_planned"]


def test_duplicate_keys_collapse_to_one_item():
    r = parse("item,done\nA,2026-01-05\nA,2026-01-03\nB,2026-01-04\n")
    assert r.duplicates == 1
    assert {i.key: i.done for i in r.items} == {"A": date(2026, 1, 3), "B": date(2026, 1, 4)}
    assert [w.code for w in r.warnings] == ["duplicates_collapsed"]


def test_unreadable_rows_are_reported_with_row_number_and_reason():
    r = parse("item,done\nA,2026-01-05\nB,yesterday\nC,2030-01-01\nD,2026-13-45\n")
    assert [i.key for i in r.items] == ["A"]
    assert [(p.row, p.code) for p in r.errors] == [
        (3, "bad_date"), (4, "future_date"), (5, "bad_date"),
    ]  # fmt: skip
    assert "yesterday" in r.errors[0].message
    with pytest.raises(ForecastInputError) as err:
        r.raise_for_errors()
    assert err.value.code == "invalid_rows" and err.value.params["rows"] == [3, 4, 5]


def test_done_before_start_is_a_row_error():
    r = parse("item,started,done\nA,2026-01-05,2026-01-02\n")
    assert [(p.row, p.code) for p in r.errors] == [(2, "done_before_start")]


@pytest.mark.parametrize(
    ("data", "code"),
    [
        (b"", "empty_file"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "not_a_table"),
        (b"<html><body>hi</body></html>", "not_a_table"),
        (b'{"not": "a list"}', "not_a_table"),
        (b"[1, 2", "not_a_table"),
        (b"name,colour\nx,red\n", "no_date_column"),
        (b"item,done\n", "empty_file"),
    ],
)
def test_files_that_are_not_tables_get_a_clear_error(data, code):
    with pytest.raises(ForecastInputError) as err:
        parse(data)
    assert err.value.code == code
    assert err.value.message


@pytest.mark.shared_data
def test_it_reads_the_shared_histories():
    r = parse_items(shared_file("kafka_jira.csv"), today=TODAY)
    assert len(r.items) == 6956 and not r.errors
    assert r.items[0].key == "KAFKA-93"


def test_dates_outside_the_readers_bounds_are_row_errors():
    r = parse(
        "item,created,done\nA,2026-01-01,2026-01-05\nB,0001-01-01,2026-01-05\n"
        "C,2026-01-01,31.12.1969\nD,,9999-12-31\n"
    )
    assert [i.key for i in r.items] == ["A"]
    assert [(p.row, p.code) for p in r.errors] == [
        (3, "date_out_of_range"), (4, "date_out_of_range"), (5, "date_out_of_range"),
    ]  # fmt: skip
    assert r.errors[0].params == {
        "column": "created", "value": "0001-01-01", "min": "1970-01-01", "max": "2100-12-31",
    }  # fmt: skip
    assert r.arrivals == (date(2026, 1, 1),)


def test_an_open_item_with_a_start_far_in_the_future_is_a_row_error_not_a_plan():
    r = parse("item,started,done\nA,2027-02-01,\nB,9999-01-01,\n")
    assert [i.key for i in r.open_items] == ["A"] and r.open_items[0].started is None
    assert [(p.row, p.code) for p in r.errors] == [(3, "date_out_of_range")]


def test_the_bounds_are_a_parameter_of_the_reader():
    r = parse("item,done\nA,2020-01-05\nB,2026-01-05\n", min_date=date(2025, 1, 1))
    assert [i.key for i in r.items] == ["B"]
    assert [(p.row, p.code) for p in r.errors] == [(2, "date_out_of_range")]
    with pytest.raises(ForecastInputError) as err:
        parse("item,done\nA,2026-01-05\n", min_date=date(2027, 1, 1), max_date=date(2026, 1, 1))
    assert err.value.code == "invalid_option"


def test_github_dates_outside_the_bounds_are_row_errors():
    issues = [
        {"number": 1, "title": "Old", "created_at": "0001-01-01T00:00:00Z",
         "closed_at": "2026-01-05T00:00:00Z"},
        {"number": 2, "title": "Open", "created_at": "0001-01-01T00:00:00Z", "closed_at": None},
        {"number": 3, "title": "Fine", "created_at": "2026-01-01T00:00:00Z",
         "closed_at": "2026-01-05T00:00:00Z"},
    ]  # fmt: skip
    r = parse(json.dumps(issues))
    assert [i.key for i in r.items] == ["#3"] and not r.open_items
    assert [(p.row, p.code) for p in r.errors] == [
        (1, "date_out_of_range"),
        (2, "date_out_of_range"),
    ]
    assert date(1, 1, 1) not in r.arrivals


def test_keys_longer_than_the_limit_are_row_errors():
    long = "K" * 201
    r = parse(f"item,done\nA,2026-01-05\n{long},2026-01-05\n{long},\n", max_key_chars=200)
    assert [i.key for i in r.items] == ["A"] and not r.open_items
    assert [(p.row, p.code, p.params["length"]) for p in r.errors] == [
        (3, "key_too_long", 201), (4, "key_too_long", 201),
    ]  # fmt: skip
    assert len(parse(f"item,done\n{long},2026-01-05\n").items) == 1  # no limit unless given


def test_records_read_elsewhere_keep_their_row_numbers():
    from leitstern.engines.forecast import parse_records

    r = parse_records(
        ["item", "done"],
        [["A", "2026-01-05"], ["B", "soon"], ["C", "2026-01-06"]],
        numbers=[2, 5, 9],
        today=TODAY,
    )
    assert [i.key for i in r.items] == ["A", "C"] and r.rows == 3
    assert [(p.row, p.code) for p in r.errors] == [(5, "bad_date")]


def test_a_field_beyond_the_csv_modules_limit_is_a_clear_error():
    with pytest.raises(ForecastInputError) as err:
        parse(b"item,done\n" + b"A" * 200_000 + b",2026-01-05\n")
    assert err.value.code == "not_a_table" and "field larger than field limit" in err.value.message
