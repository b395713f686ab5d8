"""Reading metric values: the kernel's reader with the metric importer's columns. (Writing
spreadsheet-safe CSV is the kernel's, tested in ``core/tests/test_exports.py``.)"""

from __future__ import annotations

from datetime import date

import pytest

from leitstern.core.imports import CellError
from leitstern.core.imports.cells import parse_number
from leitstern.core.imports.decoding import decode
from leitstern.core.imports.reading import read_file
from leitstern.strategy.importers import METRIC_VALUES


def parse_values(text: str):
    return read_file(METRIC_VALUES, text.encode("utf-8"), {})


def test_it_reads_german_excel():
    text = "Datum;Wert;Notiz\n31.12.2025;1.234,5;Jahresende\n01.01.2026;-0,25;\n"
    parsed = parse_values(text)
    assert not parsed.errors and parsed.summary["delimiter"] == ";"
    assert [(n, r.day, r.value, r.note) for n, r in parsed.rows] == [
        (2, date(2025, 12, 31), 1234.5, "Jahresende"),
        (3, date(2026, 1, 1), -0.25, ""),
    ]


def test_it_reads_plain_csv_without_header():
    parsed = parse_values('2026-01-05,12.5\n2026-01-12 00:00:00,"1,300.75"\n')
    assert [(r.day, r.value) for _n, r in parsed.rows] == [
        (date(2026, 1, 5), 12.5),
        (date(2026, 1, 12), 1300.75),
    ]


def test_every_bad_row_is_reported_with_its_line_and_reason():
    text = "date,value\n2026-01-05,1\n2026-13-01,2\n2026-01-06,abc\n2026-01-05,3\n2026-01-07\n"
    parsed = parse_values(text)
    assert [n for n, _r in parsed.rows] == [2]
    assert [(e.row, e.code) for e in parsed.errors] == [
        (3, "date"),
        (4, "number"),
        (5, "duplicate"),
        (6, "cells"),
    ]
    assert parsed.errors[2].params["first"] == 2


def test_a_header_with_other_names_is_read_by_position():
    parsed = parse_values("Woche;Anmeldungen\n05.01.2026;12\n")
    assert [(r.day, r.value) for _n, r in parsed.rows] == [(date(2026, 1, 5), 12.0)]
    assert [n.code for n in parsed.notices] == ["by_position"]


def test_dates_outside_the_accepted_range_are_row_errors():
    parsed = parse_values("date,value\n0001-01-01,1\n31.12.1969,2\n01.01.2101,3\n01.01.1970,4\n")
    assert [(e.row, e.code) for e in parsed.errors] == [
        (2, "date_out_of_range"), (3, "date_out_of_range"), (4, "date_out_of_range"),
    ]  # fmt: skip
    assert [r.day for _n, r in parsed.rows] == [date(1970, 1, 1)]


def test_it_decodes_windows_1252_and_the_bom():
    assert decode("Größe".encode("cp1252")).text == "Größe"
    assert decode("\ufeffdate".encode()).text == "date"


def _number(text: str, comma: bool) -> float | None:
    try:
        return parse_number(text, decimal_comma=comma)
    except CellError:
        return None


@pytest.mark.parametrize(
    "text,comma,value",
    [("1.234", True, 1234.0), ("12.5", True, 12.5), ("12,5", True, 12.5), ("12%", False, 12.0),
     ("1,234", False, 1234.0), ("1,5", False, None), ("nan", False, None), ("", False, None),
     ("inf", False, None), ("1e999", False, None), ("1_000", False, None)],
)  # fmt: skip
def test_numbers(text, comma, value):
    assert _number(text, comma) == value
