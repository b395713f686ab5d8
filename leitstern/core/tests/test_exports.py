"""The kernel's CSV writer and Markdown helper: formula-safe, dialects for Excel, streamed
downloads with safe file names."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal

import pytest
from django.test import RequestFactory
from django.utils import translation

from leitstern.core import exports
from leitstern.core import markdown as md
from leitstern.core.exports import (
    EXCEL,
    EXCEL_DE,
    PLAIN,
    csv_response,
    safe_filename,
    spreadsheet_safe,
    write_csv,
)

# --- cells ---------------------------------------------------------------------------------


@pytest.mark.parametrize("cell", ["=1+1", "+49 30", "-2+3", "@SUM(A1)", "\tx", "\rx"])
def test_cells_that_a_spreadsheet_would_run_get_a_quote(cell):
    assert spreadsheet_safe(cell) == "'" + cell


@pytest.mark.parametrize("cell", ["Umsatz", "1+1", " ", "", "a=b", "'quoted"])
def test_other_text_is_left_as_it_is(cell):
    assert spreadsheet_safe(cell) == cell


def test_numbers_stay_numbers_in_written_csv():
    assert write_csv([["=HYPERLINK()", -3, 1.5, None]]) == "'=HYPERLINK(),-3,1.5,\r\n"


def test_a_formula_hidden_in_a_quoted_multiline_cell_is_neutralised_too():
    text = write_csv([['=cmd|"/c calc"!A1\nsecond line']])
    assert list(csv.reader(io.StringIO(text))) == [['\'=cmd|"/c calc"!A1\nsecond line']]


def test_dates_decimals_and_whole_floats_are_written_plainly():
    row = [date(2026, 3, 1), datetime(2026, 3, 1, 9, 30, 5), Decimal("2.50"), 12.0, float("nan")]
    assert write_csv([row]) == "2026-03-01,2026-03-01 09:30:05,2.50,12,\r\n"


def test_german_excel_gets_semicolons_decimal_commas_and_a_bom():
    text = write_csv([["Wert", "Notiz"], [1234.5, "a;b"], [-0.25, "=x"]], dialect=EXCEL_DE)
    assert text.startswith("\ufeff")
    assert text == '\ufeffWert;Notiz\r\n1234,5;"a;b"\r\n-0,25;\'=x\r\n'
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff")), delimiter=";"))
    assert rows == [["Wert", "Notiz"], ["1234,5", "a;b"], ["-0,25", "'=x"]]


def test_excel_gets_a_bom_once_and_plain_csv_none():
    assert write_csv([["ä"], ["ö"]], dialect=EXCEL) == "\ufeffä\r\nö\r\n"
    assert write_csv([["ä"]], dialect=PLAIN) == "ä\r\n"
    assert write_csv([], dialect=EXCEL) == ""


# --- file names and responses ---------------------------------------------------------------


@pytest.mark.parametrize(
    "name,expected",
    [
        ("OKRs Q1 2026", "OKRs Q1 2026.csv"),
        ("../../etc/passwd", "etc-passwd.csv"),
        ('Umsatz "netto" / Monat', "Umsatz -netto- - Monat.csv"),
        ("evil\u202egpj.exe", "evilgpj.exe.csv"),
        ("line\r\nbreak", "line break.csv"),
        ("...", "export.csv"),
        ("", "export.csv"),
        ("x" * 300, "x" * 100 + ".csv"),
    ],
)
def test_file_names_are_safe_whatever_the_name(name, expected):
    assert safe_filename(name, "csv") == expected


def test_a_download_streams_with_a_safe_name_and_is_never_cached():
    rows = ([n, f"=row {n}"] for n in range(3))
    response = csv_response(rows, header=["n", "text"], filename="Größe/Wert")
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Cache-Control"] == "private, no-store"
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment; filename*=utf-8''")
    assert "Gr%C3%B6%C3%9Fe-Wert.csv" in disposition and "/" not in disposition
    body = response.getvalue().decode("utf-8")
    assert body == "\ufeffn,text\r\n0,'=row 0\r\n1,'=row 1\r\n2,'=row 2\r\n"


def test_an_ascii_name_is_quoted_plainly():
    response = exports.markdown_response("# x\n", filename="okrs-Q1 2026")
    assert response["Content-Disposition"] == 'attachment; filename="okrs-Q1 2026.md"'
    assert response["Content-Type"] == "text/markdown; charset=utf-8"


def test_rows_made_while_streaming_speak_the_language_of_the_request():
    from django.utils.translation import gettext

    def rows():
        yield [gettext("Cancel")]

    with translation.override("de"):
        response = csv_response(rows(), filename="x", dialect=PLAIN)
    with translation.override("en"):
        assert response.getvalue().decode() == "Abbrechen\r\n"


def test_the_dialect_comes_from_the_link():
    factory = RequestFactory()
    assert exports.dialect_for(factory.get("/x.csv?dialect=excel-de")) is EXCEL_DE
    assert exports.dialect_for(factory.get("/x.csv?dialect=plain")) is PLAIN
    assert exports.dialect_for(factory.get("/x.csv?dialect=nonsense")) is EXCEL
    assert exports.dialect_for(factory.get("/x.csv")) is EXCEL


# --- Markdown -------------------------------------------------------------------------------


def test_a_pipe_in_a_title_stays_inside_its_cell():
    table = md.table(["key result", "score"], [("Ship | release", md.number(0.5, places=1))])
    lines = table.splitlines()
    assert lines == ["| key result | score |", "|---|---|", "| Ship \\| release | 0.5 |"]


def test_line_breaks_markup_and_formulas_in_user_text_are_defused():
    assert md.text("two\nlines") == "two lines"
    assert md.text("[click](javascript:alert(1))") == "\\[click\\](javascript:alert(1))"
    assert md.text("<img src=x onerror=alert(1)>") == "\\<img src=x onerror=alert(1)\\>"
    assert md.text("a\\|b") == "a\\\\\\|b"  # a backslash cannot escape the escape
    assert md.text("=HYPERLINK(x)") == "'=HYPERLINK(x)"
    assert md.text("*bold* _it_ `code`") == "\\*bold\\* \\_it\\_ \\`code\\`"


def test_a_line_cannot_start_a_heading_or_a_list():
    assert md.text("# not a heading") == "\\# not a heading"
    assert md.text("1. not a list") == "1\\. not a list"
    assert md.text("2026 was good") == "2026 was good"


def test_headings_have_a_level_and_escaped_text():
    assert md.heading("Ziele | Q1", level=2) == "## Ziele \\| Q1"
    with pytest.raises(ValueError):
        md.heading("x", level=7)


def test_numbers_in_tables_are_data_not_formulas():
    table = md.table(
        ["a", "b", "c", "d"], [(-3, 12.0, md.number(None), md.number(1234567.5))],
        align=["left", "right", "center", "right"],
    )  # fmt: skip
    assert table.splitlines()[1:] == ["|---|---:|:---:|---:|", "| -3 | 12 |  | 1234567.5 |"]


def test_a_row_with_the_wrong_width_is_refused():
    with pytest.raises(ValueError, match="2 cells; the table has 3 columns"):
        md.table(["a", "b", "c"], [("x", "y")])


def test_a_document_ends_in_one_line_break():
    assert md.document(["# T", "", "text", "", ""]) == "# T\n\ntext\n"
