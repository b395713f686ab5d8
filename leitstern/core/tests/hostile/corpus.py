"""The hostile-input corpus: files that break importers, and what every importer must do
with each.

The small files are committed beside this module (``python -m
leitstern.core.tests.hostile.corpus`` writes them again, byte for byte); the large ones are
made on the fly (``GENERATED``). Files with content use one header that names the columns
of every importer so far (``key``, ``title``, ``date``, ``value``, ``note``, ``created``,
``started``, ``done``), so each importer gets past its header mapping and meets the problem
the file is about; an importer whose columns are not among them refuses every such file
for missing columns, which is also a clear refusal.

Expectations:

* ``REFUSED``: the upload is refused (too large) or the job fails with a reason the user
  can read — a specific one where ``code`` is given.
* ``NOT_SILENT``: either that, or a preview that lists row errors or warnings; never a
  clean-looking preview.
"""

from __future__ import annotations

import gzip
import io
import random
import struct
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
HEADER = "key,title,date,value,note,created,started,done"
ROW = "A-{n},Größe prüfen {n},2026-01-{d:02},1.5,gut,2026-01-01,2026-01-02,2026-01-{d:02}"
REFUSED = "refused"
NOT_SILENT = "not silent"


@dataclass(frozen=True)
class Expect:
    outcome: str
    why: str
    code: str = ""  # the failure code every importer must give, where it is the kernel's


def _rows(count: int, start: int = 1) -> list[str]:
    return [ROW.format(n=n, d=1 + n % 28) for n in range(start, start + count)]


def _text(*lines: str, end: str = "\n") -> str:
    return end.join(lines) + end


def _png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    pixels = zlib.compress(b"\x00\xff\xff\xff")
    header = struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def _zip(entries: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in entries.items():
            info = zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0))
            archive.writestr(info, data, compress_type=zipfile.ZIP_DEFLATED)
    return buffer.getvalue()


def _gzip(data: bytes) -> bytes:
    return gzip.compress(data, mtime=0)


def _mixed() -> bytes:
    rows = _rows(4)
    lines = [HEADER.encode(), *(r.encode() for r in rows[:2]), rows[2].encode("cp1252"),
             rows[3].encode()]  # fmt: skip
    return b"\n".join(lines) + b"\n"


# name → (bytes, expectation)
STATIC: dict[str, tuple[Callable[[], bytes], Expect]] = {
    "empty.csv": (lambda: b"", Expect(REFUSED, "nothing at all", "empty")),
    "whitespace-only.csv": (
        lambda: b" \n\t\r\n   \r\n\n",
        Expect(REFUSED, "blank lines only", "empty"),
    ),
    "bom-only.csv": (
        lambda: b"\xef\xbb\xbf",
        Expect(REFUSED, "a UTF-8 BOM and nothing else", "empty"),
    ),
    "utf16-bom-only.csv": (
        lambda: b"\xff\xfe",
        Expect(REFUSED, "a UTF-16 BOM and nothing else", "empty"),
    ),
    "header-only.csv": (lambda: _text(HEADER).encode(), Expect(REFUSED, "a header, no rows")),
    "header-only-crlf-blank-lines.csv": (
        lambda: _text(HEADER, "", "", end="\r\n").encode(),
        Expect(REFUSED, "a header and blank lines"),
    ),
    "only-separators.csv": (
        lambda: b",,,,,,,\n;;;;\n,,,\n",
        Expect(REFUSED, "separators without any content"),
    ),
    "png-image.csv": (_png, Expect(REFUSED, "a PNG image named .csv", "binary")),
    "jpeg-image.csv": (
        lambda: b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9",
        Expect(REFUSED, "a JPEG image", "binary"),
    ),
    "pdf-document.csv": (
        lambda: b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << >>\n%%EOF\n",
        Expect(REFUSED, "a PDF document", "binary"),
    ),
    "excel-workbook.xlsx": (
        lambda: _zip(
            {
                "[Content_Types].xml": b"<Types/>",
                "xl/workbook.xml": b"<workbook/>",
                "xl/worksheets/sheet1.xml": _text(HEADER, *_rows(3)).encode(),
            }
        ),
        Expect(REFUSED, "an Excel workbook instead of its CSV export", "binary"),
    ),
    "old-excel.xls": (
        lambda: b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
        Expect(REFUSED, "an old Excel workbook", "binary"),
    ),
    "zip-bomb.zip": (
        lambda: _zip({"export.csv": b"0" * 20_000_000}),
        Expect(REFUSED, "20 MB of zeros packed into a few kilobytes", "binary"),
    ),
    "gzip-bomb.csv.gz": (
        lambda: _gzip(_text(HEADER).encode() + b"\x00" * 20_000_000),
        Expect(REFUSED, "a gzip that unpacks to 20 MB", "binary"),
    ),
    "random-bytes.bin": (
        lambda: random.Random(20260101).randbytes(8192),
        Expect(REFUSED, "random bytes"),
    ),
    "terminal-escapes.csv": (
        lambda: ("\x1b[31m\x07\x08" * 400).encode(),
        Expect(REFUSED, "control characters, no text", "binary"),
    ),
    "utf16le-no-bom.csv": (
        lambda: _text(HEADER, *_rows(3)).encode("utf-16-le"),
        Expect(REFUSED, "UTF-16 without a byte order mark", "utf16_without_bom"),
    ),
    "utf16be-no-bom.csv": (
        lambda: _text(HEADER, *_rows(3)).encode("utf-16-be"),
        Expect(REFUSED, "UTF-16 big-endian without a byte order mark", "utf16_without_bom"),
    ),
    "utf16-bom-odd-length.csv": (
        lambda: b"\xff\xfe" + _text(HEADER, *_rows(2)).encode("utf-16-le") + b"\x00",
        Expect(REFUSED, "UTF-16 cut in the middle of a character", "bad_encoding"),
    ),
    "nul-bytes.csv": (
        lambda: _text(HEADER, *_rows(1), "A-2,Nul\x00byte,2026-01-05,1,x,,,2026-01-05").encode(),
        Expect(REFUSED, "a NUL byte in row 3", "nul"),
    ),
    "truncated-multibyte.csv": (
        lambda: (_text(HEADER, *_rows(2)) + "A-9,Preis in €").encode()[:-2],
        Expect(REFUSED, "cut off in the middle of a €", "truncated_character"),
    ),
    "mixed-encodings.csv": (
        _mixed,
        Expect(NOT_SILENT, "row 4 in Windows-1252, the others in UTF-8"),
    ),
    "html-page.csv": (
        lambda: (
            b"<!DOCTYPE html>\n<html><head><title>Jira</title></head><body>Login</body></html>\n"
        ),
        Expect(REFUSED, "a web page saved instead of the export", "markup"),
    ),
    "html-table.csv": (
        lambda: (
            b"<table><tr><th>key</th><th>done</th></tr><tr><td>A-1</td><td>2026-01-05</td></tr></table>"
        ),
        Expect(REFUSED, "an HTML table", "markup"),
    ),
    "xml-document.csv": (
        lambda: b'<?xml version="1.0"?>\n<rss><channel><item>A-1</item></channel></rss>\n',
        Expect(REFUSED, "XML", "markup"),
    ),
    "json-object.json": (
        lambda: b'{"key": "A-1", "date": "2026-01-05", "value": 1, "done": "2026-01-05"}',
        Expect(REFUSED, "JSON where a CSV is expected"),
    ),
    "json-array.json": (
        lambda: b'[{"key": "A-1", "date": "2026-01-05", "value": 1, "done": "2026-01-05"}]',
        Expect(REFUSED, "a JSON list of records that are no tracker items"),
    ),
    "unbalanced-quote.csv": (
        lambda: _text(
            HEADER, *_rows(1), 'A-2,"never closed,2026-01-05,1,x,,,2026-01-05', *_rows(3, 3)
        ).encode(),
        Expect(REFUSED, "a quote opened in row 3 and never closed", "unclosed_quote"),
    ),
    "text-after-quote.csv": (
        lambda: _text(HEADER, '"A-1"x,t,2026-01-05,1,x,,,2026-01-05').encode(),
        Expect(REFUSED, "text after a closing quote", "bad_quote"),
    ),
    "pipe-separated.csv": (
        lambda: _text(*(line.replace(",", "|") for line in (HEADER, *_rows(3)))).encode(),
        Expect(REFUSED, "a separator no importer reads"),
    ),
    "too-many-columns.csv": (
        lambda: _text(",".join(f"c{i}" for i in range(2_500)), ",".join("x" * 2_500)).encode(),
        Expect(REFUSED, "2,500 columns", "too_many_columns"),
    ),
    "duplicate-headers.csv": (
        lambda: _text(
            HEADER + ",date,value,done,key", *(r + ",2026-02-01,9,2026-02-01,B" for r in _rows(3))
        ).encode(),
        Expect(REFUSED, "the same columns twice, with different values"),
    ),
    "duplicate-keys.csv": (
        lambda: _text(HEADER, *_rows(3), *_rows(3)).encode(),
        Expect(NOT_SILENT, "every row twice"),
    ),
    "dates-far-out.csv": (
        lambda: _text(
            HEADER,
            "A-1,Year one,0001-01-01,1,x,0001-01-01,0001-01-01,0001-01-01",
            "A-2,Year 9999,9999-12-31,1,x,2026-01-01,2026-01-02,9999-12-31",
            "A-3,Before 1970,31.12.1969,1,x,1969-12-31,1969-12-31,1969-12-31",
            "A-4,After 2100,01.01.2101,1,x,2101-01-01,2101-01-01,2101-01-01",
        ).encode(),
        Expect(REFUSED, "every date outside 1970–2100"),
    ),
    "formula-cells.csv": (
        lambda: _text(
            HEADER,
            '"=HYPERLINK(""http://evil.example"",""click"")",=1+1,=TODAY(),=1+1,@SUM(A1),'
            "=NOW(),=NOW(),=NOW()",
            "+cmd|' /C calc'!A0,-2+3,=DATE(2026;1;5),=2*3,=A1,=NOW(),=NOW(),=NOW()",
        ).encode(),
        Expect(REFUSED, "spreadsheet formulas where dates and numbers belong"),
    ),
    "not-a-date-anywhere.csv": (
        lambda: _text(HEADER, *(r.replace("2026-01-", "soon-") for r in _rows(3))).encode(),
        Expect(REFUSED, "words where dates belong"),
    ),
    "misaligned-rows.csv": (
        lambda: _text(
            HEADER,
            "A-1,Fix a, b and c,2026-01-05,1,x,2026-01-01,2026-01-02,2026-01-05",
            "A-2,2026-01-05",
        ).encode(),
        Expect(NOT_SILENT, "an unquoted comma shifts a row; another row is short"),
    ),
}


def _million_rows() -> bytes:
    row = b"K%d,2026-01-05,1,2026-01-05\n"
    return b"key,date,value,done\n" + b"".join(row % n for n in range(1_000_000))


GENERATED: dict[str, tuple[Callable[[], bytes], Expect]] = {
    "million-rows.csv": (_million_rows, Expect(REFUSED, "a million rows")),
    "field-200kb.csv": (
        lambda: _text(
            HEADER, *_rows(1), ROW.format(n=2, d=5).replace("gut", "x" * 200_000)
        ).encode(),
        Expect(REFUSED, "a 200 KB field in row 3", "huge_field"),
    ),
    "field-40kb.csv": (
        lambda: _text(
            HEADER, *_rows(1), ROW.format(n=2, d=5).replace("gut", "x" * 40_000)
        ).encode(),
        Expect(REFUSED, "a 40 KB field in row 3", "field_too_long"),
    ),
    "long-line-5mb.csv": (
        lambda: b"x" * 5_000_000 + b"\n",
        Expect(REFUSED, "one line of 5 MB", "huge_field"),
    ),
    "half-a-million-cells.csv": (
        lambda: _text(HEADER).encode() + b"x," * 500_000 + b"\n",
        Expect(REFUSED, "a row of half a million cells", "too_many_columns"),
    ),
}


def write_static() -> None:
    for name, (build, _expect) in STATIC.items():
        (HERE / name).write_bytes(build())


if __name__ == "__main__":
    write_static()
