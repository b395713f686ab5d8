from __future__ import annotations

from datetime import date

import pytest

from leitstern.strategy.csvio import decode, parse_number, parse_values


def test_it_reads_german_excel():
    text = "Datum;Wert;Notiz\n31.12.2025;1.234,5;Jahresende\n01.01.2026;-0,25;\n"
    parsed = parse_values(text)
    assert parsed.ok and parsed.header and parsed.decimal_comma
    assert [(r.line, r.day, r.value, r.note) for r in parsed.rows] == [
        (2, date(2025, 12, 31), 1234.5, "Jahresende"),
        (3, date(2026, 1, 1), -0.25, ""),
    ]


def test_it_reads_plain_csv_without_header():
    parsed = parse_values('2026-01-05,12.5\n2026-01-12 00:00:00,"1,300.75"\n')
    assert [(r.day, r.value) for r in parsed.rows] == [
        (date(2026, 1, 5), 12.5),
        (date(2026, 1, 12), 1300.75),
    ]


def test_every_bad_row_is_reported_with_its_line_and_reason():
    text = "date,value\n2026-01-05,1\n2026-13-01,2\n2026-01-06,abc\n2026-01-05,3\n2026-01-07\n"
    parsed = parse_values(text)
    assert not parsed.ok
    assert [(e.line, e.code) for e in parsed.errors] == [
        (3, "date"),
        (4, "value"),
        (5, "duplicate"),
        (6, "columns"),
    ]


def test_it_decodes_windows_1252_and_the_bom():
    assert decode("Größe".encode("cp1252")) == "Größe"
    assert decode("\ufeffdate".encode()) == "date"


@pytest.mark.parametrize(
    "text,comma,value",
    [("1.234", True, 1234.0), ("12.5", True, 12.5), ("12,5", True, 12.5), ("12%", False, 12.0),
     ("1,234", False, 1234.0), ("1,5", False, None), ("nan", False, None), ("", False, None)],
)  # fmt: skip
def test_numbers(text, comma, value):
    assert parse_number(text, decimal_comma=comma) == value
