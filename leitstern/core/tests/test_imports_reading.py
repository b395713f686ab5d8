"""The kernel's reading of uploads: encodings, separators, line ends, quotes and bounds,
each with the reason a person is told."""

from __future__ import annotations

import zipfile
from io import BytesIO

import pytest

from leitstern.core.imports import FileProblem
from leitstern.core.imports.decoding import decode
from leitstern.core.imports.messages import describe
from leitstern.core.imports.table import read_table, sniff_delimiter

TEXT = "Schlüssel;Größe\nA-1;1,5\nB-2;2,5\n"


def _problem(data: bytes) -> FileProblem:
    with pytest.raises(FileProblem) as caught:
        decode(data)
    return caught.value


@pytest.mark.parametrize(
    ("data", "encoding"),
    [
        (TEXT.encode("utf-8"), "UTF-8"),
        (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "UTF-8 (BOM)"),
        (TEXT.encode("utf-16"), "UTF-16"),  # with the machine's BOM
        (b"\xff\xfe" + TEXT.encode("utf-16-le"), "UTF-16"),
        (b"\xfe\xff" + TEXT.encode("utf-16-be"), "UTF-16"),
        (TEXT.encode("utf-32"), "UTF-32"),
        (TEXT.encode("cp1252"), "Windows-1252"),
    ],
)
def test_each_encoding_people_upload_reads_as_the_same_text(data, encoding):
    decoded = decode(data)
    assert decoded.text == TEXT and decoded.encoding == encoding
    assert decoded.foreign_lines == ()


def test_a_file_mixing_utf8_and_windows_1252_names_the_windows_lines():
    data = (
        b"key;title\n"
        + "A-1;Größe\n".encode()
        + "B-2;Maß\n".encode("cp1252")
        + "C-3;Tür\n".encode()
        + "D-4;Übel\n".encode("cp1252")
    )
    decoded = decode(data)
    assert decoded.text == "key;title\nA-1;Größe\nB-2;Maß\nC-3;Tür\nD-4;Übel\n"
    assert decoded.foreign_lines == (3, 5)
    assert decoded.encoding == "UTF-8 + Windows-1252"


def test_windows_1252_bytes_it_leaves_undefined_read_as_latin_1():
    assert decode(b"a;b\n\x81x;1\n").encoding == "Latin-1"


@pytest.mark.parametrize(
    ("data", "code", "params"),
    [
        (b"", "empty", {}),
        (b" \r\n\t\n", "empty", {}),
        (b"\xef\xbb\xbf", "empty", {}),
        (b"\xff\xfe", "empty", {}),
        (TEXT.encode("utf-16-le"), "utf16_without_bom", {}),
        (TEXT.encode("utf-16-be"), "utf16_without_bom", {}),
        (b"a,b\n1,2\nx\x00y,3\n", "nul", {"line": 3}),
        (b"a,b\r1,2\rx\x00y,3\r", "nul", {"line": 3}),
        ("a,b\n1,€".encode()[:-1], "truncated_character", {"line": 2}),
        (b"\xff\xfe" + "a,b".encode("utf-16-le") + b"\x00", "bad_encoding", {"encoding": "UTF-16"}),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary", {"kind": "png"}),
        (b"%PDF-1.7\n%\xe2\xe3", "binary", {"kind": "pdf"}),
        (b"\x1f\x8b\x08\x00", "binary", {"kind": "gzip"}),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00", "binary", {"kind": "xls"}),
        (bytes(range(1, 32)) * 50, "binary", {"kind": "data"}),
    ],
)
def test_what_is_no_text_is_refused_with_its_reason(data, code, params):
    problem = _problem(data)
    assert problem.code == code and problem.params == params
    assert describe(None, problem.code, problem.params) != problem.code


def test_an_excel_workbook_is_named_as_such():
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    problem = _problem(buffer.getvalue())
    assert problem.params == {"kind": "xlsx"}
    assert "an Excel workbook (.xlsx)" in describe(None, problem.code, problem.params)


@pytest.mark.parametrize(
    ("text", "delimiter"),
    [
        ("a,b;c\n", ","),
        ("a;b;c,d\n", ";"),
        ("a\tb\tc;d\n", "\t"),
        ('"x;y;z",b,c\n', ","),  # separators inside quotes do not count
        ("\n\n a;b\n", ";"),  # the first non-blank line decides
        ("one column\n", ","),
    ],
)
def test_the_separator_is_the_one_the_first_line_uses_most(text, delimiter):
    assert sniff_delimiter(text) == delimiter


def _table(text: str, *, lines: bool = False, **bounds):
    limits = {"max_rows": 100, "max_columns": 20, "max_field": 50} | bounds
    return read_table(text, lines=lines, **limits)


@pytest.mark.parametrize("end", ["\n", "\r\n", "\r"])
def test_rows_keep_the_numbers_a_spreadsheet_shows(end):
    text = end.join(["a,b", "1,2", "", "3,4", '"multi', 'line",5', "6,7", ""])
    quick = _table(text)
    table = _table(text, lines=True)
    assert (quick.records, quick.numbers) == (table.records, table.numbers)
    assert table.records == [
        ["a", "b"],
        ["1", "2"],
        ["3", "4"],
        [f"multi{end}line", "5"],
        ["6", "7"],
    ]
    assert table.numbers == [1, 2, 4, 5, 6]
    assert table.lines == [1, 2, 4, 5, 7]
    assert table.rows_of_lines((4, 6, 3)) == [4, 5]


@pytest.mark.parametrize(
    ("text", "bounds", "code", "params"),
    [
        ('a,b\n1,"never closed\n2,3\n', {}, "unclosed_quote", {"row": 2}),
        ('a,b\n1,2\n"x"y,3\n', {}, "bad_quote", {"row": 3}),
        ("a,b\n1," + "x" * 51 + "\n", {}, "field_too_long",
         {"row": 2, "column": "b", "length": 51, "max": 50}),
        ("a,b\n1," + "x" * 200_000 + "\n", {"max_field": 32_768}, "huge_field",
         {"row": 2, "max": 32_768}),
        ("a\n" + ",".join("x" * 21) + "\n", {}, "too_many_columns",
         {"row": 2, "cells": 21, "max": 20}),
        ("a\n" + "x\n" * 101, {}, "too_many_rows", {"max": 100}),
    ],
)  # fmt: skip
def test_broken_tables_are_refused_naming_the_row(text, bounds, code, params):
    for lines in (False, True):
        with pytest.raises(FileProblem) as caught:
            _table(text, lines=lines, **bounds)
        assert caught.value.code == code and caught.value.params == params
    assert "?" not in describe(None, code, caught.value.params)


def test_reading_stops_at_the_first_row_beyond_the_bound():
    # A million rows are refused after reading the first hundred and one.
    text = "a\n" + "x\n" * 1_000_000
    with pytest.raises(FileProblem) as caught:
        _table(text)
    assert caught.value.code == "too_many_rows"


def test_rows_pasted_into_an_excel_utf8_file_with_bom_get_the_mixed_warning_too():
    data = b"\xef\xbb\xbf" + "key;title\nA-1;Größe\n".encode() + "B-2;Maß\n".encode("cp1252")
    decoded = decode(data)
    assert decoded.text == "key;title\nA-1;Größe\nB-2;Maß\n"
    assert decoded.foreign_lines == (3,) and decoded.encoding == "UTF-8 (BOM) + Windows-1252"
