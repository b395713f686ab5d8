"""Completed and open items from the files teams export.

``parse_items`` reads bytes (an upload) or a path and returns a ``ParseResult``: the items,
the open items (rows without a completion date), every row it could not use with the row
number and the reason, and what it detected (format, encoding, separator, which column was
used for what). File-level problems raise ``ForecastInputError``; row problems never do, so
an upload preview can show them all.

Formats: a generic CSV (name the date column or let it be found), Jira CSV exports (English
and German column names), Linear CSV, Azure DevOps CSV, and GitHub issues or pull requests as
JSON (a list, or an object with ``items``). Encodings: UTF-8 with or without BOM, otherwise
Windows-1252. Separators: ``,`` ``;`` and tab. ``parse_records`` does the same for a table
already split into cells (the web app reads uploads itself). Dates are bounded
(``dates.MIN_DATE``/``MAX_DATE`` unless given), so a year 1 is a row error, not a history
of two thousand years.

The work is split by topic: ``columns`` reads the table and chooses the columns, ``rows``
reads the rows, ``parsed`` holds the records returned, ``github`` reads GitHub JSON.
"""

from __future__ import annotations

import contextlib
import csv
import gc
import io
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

# The helpers below moved to topic modules; they stay importable from here.
from .columns import (  # noqa: F401
    _COLUMNS,
    _cell,
    _choose_columns,
    _decode,
    _detect_format,
    _file_order,
    _find,
    _norm,
    _sniff_delimiter,
    _stripped_columns,
)
from .dates import MAX_DATE, MIN_DATE
from .errors import ForecastInputError
from .parsed import (  # noqa: F401
    Item,
    OpenItem,
    ParseResult,
    _collapse_duplicates,
    _collapse_open,
    _earliest,
    _parse_warnings,
)
from .rows import _DateReader, _item, _read_rows, _row_item  # noqa: F401

__all__ = ["FORMATS", "Item", "OpenItem", "ParseResult", "parse_items", "parse_records"]

FORMATS = ("auto", "generic", "jira", "linear", "azure", "github")


def parse_items(
    data: bytes | str | os.PathLike[str],
    *,
    format: str = "auto",
    done_column: str | None = None,
    started_column: str | None = None,
    created_column: str | None = None,
    key_column: str | None = None,
    date_order: str | None = None,
    today: date | None = None,
    min_date: date = MIN_DATE,
    max_date: date = MAX_DATE,
    max_key_chars: int | None = None,
) -> ParseResult:
    """Read completed and open items from ``data``: raw bytes, or a path to a file.

    ``date_order`` (``"dmy"`` or ``"mdy"``) settles slash dates such as ``03/04/2026`` that
    the file itself leaves ambiguous. ``today`` (default: the local date) bounds dates: an
    item done after today is a row error. A date before ``min_date`` or after ``max_date``
    (1970-01-01 and 2100-12-31 unless given) is a row error (``date_out_of_range``), and
    so is a key longer than ``max_key_chars`` (``key_too_long``) when that is given.
    """
    raw, fmt, today = _parse_items_iv(data, format, date_order, today, min_date, max_date)
    limits = _Limits(min_date, max_date, max_key_chars)
    with _collector_paused():
        return _parse(raw, fmt, today, date_order, limits, overrides={
            "done": done_column, "started": started_column, "created": created_column,
            "key": key_column,
        })  # fmt: skip


def parse_records(
    header: Sequence[str],
    rows: list[list[str]],
    *,
    numbers: Sequence[int] | None = None,
    format: str = "auto",
    done_column: str | None = None,
    started_column: str | None = None,
    created_column: str | None = None,
    key_column: str | None = None,
    date_order: str | None = None,
    today: date | None = None,
    min_date: date = MIN_DATE,
    max_date: date = MAX_DATE,
    max_key_chars: int | None = None,
    encoding: str = "utf-8",
    delimiter: str | None = ",",
) -> ParseResult:
    """``parse_items`` for a table someone else has read already: the header's cells and
    the rows' cells (blank rows left out). ``numbers`` are the rows' numbers as the user
    sees them (default: 2, 3, … after the header); row problems carry them. ``encoding``
    and ``delimiter`` are only reported back. ``format`` cannot be ``"github"``: JSON is
    no table."""
    _raw, fmt, today = _parse_items_iv(b"", format, date_order, today, min_date, max_date)
    if fmt == "github":
        raise ForecastInputError(
            "invalid_option", "GitHub JSON is not a table.", option="format", value=format
        )
    if not rows:
        raise ForecastInputError("empty_file", "The file has a header but no rows.")
    if numbers is not None and len(numbers) != len(rows):
        raise ValueError("numbers must give one number per row")
    limits = _Limits(min_date, max_date, max_key_chars)
    with _collector_paused():
        return _parse_records(
            tuple(cell.strip() for cell in header), rows, numbers, fmt, today, date_order,
            limits, encoding=encoding, delimiter=delimiter, overrides={
                "done": done_column, "started": started_column, "created": created_column,
                "key": key_column,
            },
        )  # fmt: skip


@dataclass(frozen=True)
class _Limits:
    min_date: date
    max_date: date
    max_key_chars: int | None


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a file is read: a large file makes hundreds of
    thousands of rows and items that all live on and form no cycles, and the collector
    would walk them again and again (a third of the time for 100,000 rows) to free nothing.
    Reference counting frees everything as usual; the collector resumes afterwards unless
    someone else had paused it."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def _parse(
    raw: bytes,
    fmt: str,
    today: date,
    date_order: str | None,
    limits: _Limits,
    *,
    overrides: dict[str, str | None],
) -> ParseResult:
    text, encoding = _decode(raw)
    stripped = text.lstrip()
    if not stripped:
        raise ForecastInputError("empty_file", "The file is empty.")
    if fmt == "github" or (fmt == "auto" and stripped[:1] in "[{"):
        from .github import parse_github

        return parse_github(
            stripped, encoding, today, min_date=limits.min_date, max_date=limits.max_date
        )
    if "\x00" in text or stripped[:1] == "<":
        raise ForecastInputError(
            "not_a_table", "The file is not a table (CSV or TSV).", reason="binary or markup"
        )
    delimiter = _sniff_delimiter(text)
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:  # a field beyond the csv module's limit, for one
        raise ForecastInputError(
            "not_a_table", f"The file is not a readable table ({exc}).", reason=str(exc)
        ) from None
    # A row is blank when all its cells together hold nothing but whitespace.
    records = [r for r in records if (r and r[0].strip()) or "".join(r).strip()]
    if len(records) < 2:
        raise ForecastInputError("empty_file", "The file has a header but no rows.")
    header = tuple(cell.strip() for cell in records[0])
    return _parse_records(
        header, records[1:], None, fmt, today, date_order, limits,
        encoding=encoding, delimiter=delimiter, overrides=overrides,
    )  # fmt: skip


def _parse_records(
    header: tuple[str, ...],
    rows: list[list[str]],
    numbers: Sequence[int] | None,
    fmt: str,
    today: date,
    date_order: str | None,
    limits: _Limits,
    *,
    encoding: str,
    delimiter: str | None,
    overrides: dict[str, str | None],
) -> ParseResult:
    if fmt == "auto":
        fmt = _detect_format(header)
    columns = _choose_columns(header, fmt, overrides, rows)
    index = {role: header.index(name) for role, name in columns.items()}

    texts = _stripped_columns(rows, index)

    # One day/month order for the whole file: a tracker writes every date column alike.
    date_roles = [role for role in ("done", "started", "created") if role in index]
    order = _file_order([(texts[r], columns[r]) for r in date_roles], date_order)

    canceled = None
    if fmt == "linear" and (found := _find(header, ["canceled"])) is not None:
        canceled = _stripped_columns(rows, {"canceled": list(header).index(found)})["canceled"]
    items, errors, skipped, arrivals, open_items = _read_rows(
        texts, columns, order, today, canceled, numbers=numbers,
        bounds=(limits.min_date, limits.max_date), max_key_chars=limits.max_key_chars,
    )  # fmt: skip
    deduped, duplicates = _collapse_duplicates(items)
    return ParseResult(
        items=tuple(deduped),
        errors=tuple(errors),
        skipped=tuple(skipped),
        format=fmt,
        encoding=encoding,
        delimiter=delimiter,
        header=header,
        columns=columns,
        rows=len(rows),
        duplicates=duplicates,
        warnings=_parse_warnings(duplicates, skipped),
        arrivals=tuple(arrivals) + tuple(i.created for i in deduped if i.created),
        open_items=_collapse_open(open_items, tuple(deduped)),
    )


def _parse_items_iv(
    data: bytes | str | os.PathLike[str],
    format: str,
    date_order: str | None,
    today: date | None,
    min_date: date,
    max_date: date,
) -> tuple[bytes, str, date]:
    if not min_date <= max_date:
        raise ForecastInputError(
            "invalid_option",
            "The first date accepted must not lie after the last.",
            option="min_date",
            value=min_date.isoformat(),
        )
    if format not in FORMATS:
        raise ForecastInputError(
            "invalid_option",
            f"Unknown format {format!r}; choose one of {', '.join(FORMATS)}.",
            option="format",
            value=format,
        )
    if date_order not in (None, "dmy", "mdy"):
        raise ForecastInputError(
            "invalid_option",
            "The date order must be 'dmy' (day first) or 'mdy' (month first).",
            option="date_order",
            value=date_order,
        )
    if isinstance(data, (bytes, bytearray, memoryview)):
        raw = bytes(data)
    else:
        raw = Path(data).read_bytes()
    return raw, format, today or date.today()
