"""CSV and Markdown downloads, the same way in every module.

Every cell a spreadsheet would run as a formula (OWASP "CSV injection") is neutralised;
numbers stay numbers; the file is UTF-8, with a byte-order mark where Excel needs one to
read umlauts, and with semicolons and decimal commas for German Excel. Responses stream, so
a long history never sits in memory as one string, and their file names are safe whatever
the user named the thing exported. The Markdown helpers are in ``core.markdown``.

Use it like this::

    from leitstern.core import exports

    def cycle_csv(request, pk):
        ...
        return exports.csv_response(
            header=[_("objective"), _("score")],
            rows=((o.title, o.score) for o in objectives),
            filename=f"okrs-{cycle.name}",
            dialect=exports.dialect_for(request),
        )
"""

from __future__ import annotations

import csv
import math
import re
import unicodedata
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.utils import translation
from django.utils.http import content_disposition_header

# A cell starting with one of these is run by Excel, LibreOffice or Google Sheets as a
# formula (tab and carriage return too: some spreadsheets strip them and read on).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def spreadsheet_safe(value: object) -> str:
    """A cell value that a spreadsheet will show as text, never run as a formula: text
    starting with = + - @ tab or CR gets a leading single quote, which spreadsheets show as
    a text marker (and hide)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


@dataclass(frozen=True)
class Dialect:
    """How a CSV file is written: the separator, the decimal mark of numbers, and whether it
    starts with a byte-order mark (Excel reads UTF-8 without one as Windows-1252)."""

    key: str
    delimiter: str = ","
    decimal: str = "."
    bom: bool = False


PLAIN = Dialect("plain")
EXCEL = Dialect("excel", bom=True)
# German Excel splits at semicolons and reads "3.5" as a date; it wants "3,5".
EXCEL_DE = Dialect("excel-de", delimiter=";", decimal=",", bom=True)
DIALECTS = {d.key: d for d in (PLAIN, EXCEL, EXCEL_DE)}


def dialect_for(request: HttpRequest, *, default: Dialect = EXCEL) -> Dialect:
    """The dialect a download link asks for (``?dialect=excel-de``); unknown values get the
    default, so an edited link still downloads."""
    return DIALECTS.get(request.GET.get("dialect", ""), default)


def _number(value: int | float | Decimal, decimal: str) -> str:
    if isinstance(value, float) and not math.isfinite(value):
        return ""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        text = str(int(value)) if value else "0"
    else:
        text = str(value)
    return text.replace(".", decimal) if decimal != "." else text


def cell(value: object, dialect: Dialect = PLAIN) -> str:
    """One cell's text. Numbers are written as numbers (a negative number is data, not a
    formula) with the dialect's decimal mark, dates as ISO dates, ``None`` as empty; all
    other values as spreadsheet-safe text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return spreadsheet_safe(str(value))
    if isinstance(value, int | float | Decimal):
        return _number(value, dialect.decimal)
    if isinstance(value, datetime):
        return value.isoformat(sep=" ", timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return spreadsheet_safe(value)


class _Line:
    """A file-like object that hands back what ``csv.writer`` writes to it."""

    def write(self, text: str) -> str:
        return text


def csv_lines(rows: Iterable[Sequence[object]], *, dialect: Dialect = PLAIN) -> Iterator[str]:
    """The rows as CSV lines (CR LF, RFC 4180), one string per row; the first is preceded
    by the byte-order mark when the dialect has one."""
    writer = csv.writer(_Line(), delimiter=dialect.delimiter, lineterminator="\r\n")
    first = True
    for row in rows:
        line = writer.writerow([cell(value, dialect) for value in row])
        if first and dialect.bom:
            line = BOM + line
        first = False
        yield line


def write_csv(rows: Iterable[Sequence[object]], *, dialect: Dialect = PLAIN) -> str:
    """The rows as one CSV text (for small files and tests; downloads stream)."""
    return "".join(csv_lines(rows, dialect=dialect))


_UNSAFE_IN_NAMES = re.compile(r'[/\\:*?"<>|;]+')
MAX_FILENAME_CHARS = 100


def safe_filename(name: str, extension: str) -> str:
    """A download's file name from whatever a user named the thing: no path separators,
    quotes, control or bidi characters, no leading dots, at most 100 characters, and
    ``export`` when nothing is left. Letters beyond ASCII stay (the header says them in
    RFC 6266's UTF-8 form)."""
    text = unicodedata.normalize("NFC", name)
    # Line breaks and other controls part words; invisible format characters (bidi
    # overrides that make "exe.csv" look like "vsc.exe") go.
    text = "".join(
        " " if unicodedata.category(ch) == "Cc" else ch
        for ch in text
        if unicodedata.category(ch) not in ("Cf", "Co")
    )
    text = _UNSAFE_IN_NAMES.sub("-", text)
    text = re.sub(r"\s+", " ", text).strip(" .-")
    text = text[:MAX_FILENAME_CHARS].rstrip(" .-") or "export"
    return f"{text}.{extension}"


def _private(response: HttpResponse | StreamingHttpResponse, filename: str) -> None:
    response["Content-Disposition"] = content_disposition_header(True, filename)
    # Exports hold workspace data: no shared cache may keep them.
    response["Cache-Control"] = "private, no-store"


def _in_language(lines: Iterator[str], language: str | None) -> Iterator[str]:
    """Rows are produced while the response is sent, after the view returned; they are
    produced in the language of the request (choice labels, translated words)."""
    with translation.override(language):
        yield from lines


def csv_response(
    rows: Iterable[Sequence[object]],
    *,
    filename: str,
    header: Sequence[object] | None = None,
    dialect: Dialect = EXCEL,
) -> StreamingHttpResponse:
    """A streamed CSV download. ``rows`` may be a generator (a queryset's ``iterator()``):
    it is read while the response is sent. ``filename`` without extension; it is made
    safe here."""
    body: Iterable[Sequence[object]] = rows
    if header is not None:
        body = _with_header(header, rows)
    response = StreamingHttpResponse(
        _in_language(csv_lines(body, dialect=dialect), translation.get_language()),
        content_type="text/csv; charset=utf-8",
    )
    _private(response, safe_filename(filename, "csv"))
    return response


def _with_header(
    header: Sequence[object], rows: Iterable[Sequence[object]]
) -> Iterator[Sequence[object]]:
    yield header
    yield from rows


def markdown_response(text: str, *, filename: str) -> HttpResponse:
    """A Markdown document as a download (``filename`` without extension)."""
    response = HttpResponse(text, content_type="text/markdown; charset=utf-8")
    _private(response, safe_filename(filename, "md"))
    return response
