"""Completed items from the files teams export.

``parse_items`` reads bytes (an upload) or a path and returns a ``ParseResult``: the items,
every row it could not use with the row number and the reason, and what it detected (format,
encoding, separator, which column was used for what). File-level problems raise
``ForecastInputError``; row problems never do, so an upload preview can show them all.

Formats: a generic CSV (name the date column or let it be found), Jira CSV exports (English
and German column names), Linear CSV, Azure DevOps CSV, and GitHub issues or pull requests as
JSON (a list, or an object with ``items``). Encodings: UTF-8 with or without BOM, otherwise
Windows-1252. Separators: ``,`` ``;`` and tab.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from .dates import detect_date_order, needs_order, parse_date
from .errors import ForecastInputError, ForecastWarning, RowProblem

__all__ = ["FORMATS", "Item", "ParseResult", "parse_items"]

FORMATS = ("auto", "generic", "jira", "linear", "azure", "github")

# Column names per role, normalised (lower case, single spaces), in order of preference.
_COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    "jira": {
        "key": ("issue key", "schlüssel", "vorgangsschlüssel", "key"),
        "title": ("summary", "zusammenfassung"),
        "done": (
            "resolved", "erledigt", "resolution date", "lösungsdatum",
            "status category changed", "statuskategorie geändert", "status changed",
        ),
        "started": (
            "start date", "startdatum", "custom field (start date)",
            "benutzerdefiniertes feld (startdatum)", "in progress",
        ),
        "created": ("created", "erstellt"),
    },
    "linear": {
        "key": ("id",),
        "title": ("title",),
        "done": ("completed",),
        "started": ("started",),
        "created": ("created",),
    },
    "azure": {
        "key": ("id",),
        "title": ("title", "titel"),
        "done": ("closed date", "resolved date", "state change date", "geschlossen am"),
        "started": ("activated date", "aktiviert am"),
        "created": ("created date", "erstellt am"),
    },
    "generic": {
        "key": ("item", "key", "id", "issue", "issue key", "number", "#", "schlüssel"),
        "title": ("title", "summary", "name", "titel", "zusammenfassung"),
        "done": (
            "done_date", "done date", "done", "completed", "completed_at", "completed date",
            "closed", "closed_at", "closed date", "resolved", "resolved_at", "finished",
            "merged_at", "end", "end date", "erledigt", "erledigt am", "abgeschlossen",
            "fertig", "date", "datum",
        ),
        "started": (
            "start_date", "start date", "started", "started_at", "start", "in progress",
            "begonnen", "startdatum",
        ),
        "created": ("created", "created_at", "created date", "opened", "erstellt", "erstellt am"),
    },
}  # fmt: skip


@dataclass(frozen=True)
class Item:
    """One completed item. ``done`` is the calendar day it was finished."""

    key: str
    done: date
    title: str | None = None
    created: date | None = None
    started: date | None = None


@dataclass(frozen=True)
class ParseResult:
    """What a file held.

    ``errors`` are rows that could not be read (bad or future dates); ``skipped`` are rows
    left out on purpose (open, cancelled, closed without merge) — both with row numbers as
    the user sees them. ``columns`` maps a role (key, title, done, started, created) to the
    column used.
    """

    items: tuple[Item, ...]
    errors: tuple[RowProblem, ...]
    skipped: tuple[RowProblem, ...]
    format: str
    encoding: str
    delimiter: str | None
    header: tuple[str, ...]
    columns: dict[str, str]
    rows: int
    duplicates: int
    warnings: tuple[ForecastWarning, ...] = field(default=())
    arrivals: tuple[date, ...] = field(default=())
    """Creation dates of every readable row, done or still open: the backlog's arrivals."""

    def raise_for_errors(self) -> None:
        """Raise ``invalid_rows`` if any row could not be read; a no-op otherwise."""
        if self.errors:
            shown = "; ".join(f"row {p.row}: {p.message}" for p in self.errors[:20])
            more = f" (and {len(self.errors) - 20} more)" if len(self.errors) > 20 else ""
            raise ForecastInputError(
                "invalid_rows",
                f"{len(self.errors)} row(s) could not be read: {shown}{more}",
                count=len(self.errors),
                rows=[p.row for p in self.errors],
            )


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
) -> ParseResult:
    """Read completed items from ``data``: raw bytes, or a path to a file.

    ``date_order`` (``"dmy"`` or ``"mdy"``) settles slash dates such as ``03/04/2026`` that
    the file itself leaves ambiguous. ``today`` (default: the local date) bounds dates: an
    item done after today is a row error.
    """
    raw, fmt, today = _parse_items_iv(data, format, date_order, today)
    text, encoding = _decode(raw)
    stripped = text.lstrip()
    if not stripped:
        raise ForecastInputError("empty_file", "The file is empty.")
    if fmt == "github" or (fmt == "auto" and stripped[:1] in "[{"):
        from .github import parse_github

        return parse_github(stripped, encoding, today)
    if "\x00" in text or stripped[:1] == "<":
        raise ForecastInputError(
            "not_a_table", "The file is not a table (CSV or TSV).", reason="binary or markup"
        )
    delimiter = _sniff_delimiter(text)
    records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    records = [r for r in records if any(cell.strip() for cell in r)]
    if len(records) < 2:
        raise ForecastInputError("empty_file", "The file has a header but no rows.")
    header = tuple(cell.strip() for cell in records[0])
    if fmt == "auto":
        fmt = _detect_format(header)
    overrides = {
        "done": done_column,
        "started": started_column,
        "created": created_column,
        "key": key_column,
    }
    columns = _choose_columns(header, fmt, overrides, records[1:])
    index = {role: header.index(name) for role, name in columns.items()}

    # One day/month order for the whole file: a tracker writes every date column alike.
    date_roles = [role for role in ("done", "started", "created") if role in index]
    order = _file_order(records[1:], [(index[r], columns[r]) for r in date_roles], date_order)
    orders = dict.fromkeys(date_roles, order)

    items: list[Item] = []
    errors: list[RowProblem] = []
    skipped: list[RowProblem] = []
    arrivals: list[date] = []
    for offset, record in enumerate(records[1:]):
        row = offset + 2  # the header is row 1

        def cell(role: str, record: list[str] = record) -> str:
            i = index.get(role)
            return record[i].strip() if i is not None and i < len(record) else ""

        if fmt == "linear" and _cell_by_name(header, record, "canceled"):
            skipped.append(RowProblem(row, "canceled", f"Row {row}: the item was cancelled."))
            continue
        parsed = _row_item(row, cell, columns, orders, today, errors, skipped, arrivals)
        if parsed is not None:
            items.append(parsed)
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
        rows=len(records) - 1,
        duplicates=duplicates,
        warnings=_parse_warnings(duplicates, skipped),
        arrivals=tuple(arrivals) + tuple(i.created for i in deduped if i.created),
    )


def _parse_items_iv(
    data: bytes | str | os.PathLike[str], format: str, date_order: str | None, today: date | None
) -> tuple[bytes, str, date]:
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


def _decode(raw: bytes) -> tuple[str, str]:
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        # Windows-1252 leaves five bytes undefined; Latin-1 maps every byte.
        try:
            return raw.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            return raw.decode("latin-1"), "latin-1"


def _sniff_delimiter(text: str) -> str:
    first = text.lstrip().splitlines()[0]
    counts = {d: 0 for d in (",", ";", "\t")}
    quoted = False
    for char in first:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _norm(name: str) -> str:
    return " ".join(name.strip().strip('"').lower().split())


def _detect_format(header: Sequence[str]) -> str:
    names = {_norm(h) for h in header}
    if names & {"issue key", "schlüssel", "vorgangsschlüssel", "issue id", "vorgangs-id"}:
        return "jira"
    if "work item type" in names or "arbeitselementtyp" in names:
        return "azure"
    if "completed" in names and names & {"canceled", "triaged", "cycle number", "team"}:
        return "linear"
    return "generic"


def _find(header: Sequence[str], candidates: Sequence[str]) -> str | None:
    by_norm: dict[str, str] = {}
    for name in header:
        by_norm.setdefault(_norm(name), name)
    for candidate in candidates:
        if candidate in by_norm:
            return by_norm[candidate]
    return None


def _choose_columns(
    header: Sequence[str], fmt: str, overrides: dict[str, str | None], rows: list[list[str]]
) -> dict[str, str]:
    columns: dict[str, str] = {}
    for role, name in overrides.items():
        if name is None:
            continue
        found = _find(header, [_norm(name)])
        if found is None:
            raise ForecastInputError(
                "unknown_column",
                f"There is no column {name!r}; the columns are: {', '.join(header)}.",
                column=name,
                columns=list(header),
            )
        columns[role] = found
    for role, candidates in _COLUMNS[fmt].items():
        if role in columns:
            continue
        if role == "done" and fmt == "jira":
            # Prefer the resolution date; fall back to a status-change column when the
            # resolution column is missing or never filled.
            for candidate in candidates:
                found = _find(header, [candidate])
                if found and any(_cell(header, r, found) for r in rows):
                    columns[role] = found
                    break
            continue
        found = _find(header, candidates)
        if found is not None and found not in columns.values():
            columns[role] = found
    if "done" not in columns:
        raise ForecastInputError(
            "no_date_column",
            "No column with completion dates was found; name it (for example "
            f"--date-column). The columns are: {', '.join(header)}.",
            columns=list(header),
        )
    return columns


def _cell(header: Sequence[str], record: list[str], name: str) -> str:
    i = list(header).index(name)
    return record[i].strip() if i < len(record) else ""


def _cell_by_name(header: Sequence[str], record: list[str], name: str) -> str:
    found = _find(header, [name])
    return _cell(header, record, found) if found else ""


def _file_order(
    rows: list[list[str]], cols: list[tuple[int, str]], order: str | None
) -> str | None:
    values = [r[i] for i, _ in cols for r in rows if i < len(r) and r[i].strip()]
    try:
        detected = detect_date_order(values)
    except ValueError:
        detected = None  # contradicting rows are reported one by one
    if detected is not None:
        return detected
    if order is None:
        for i, name in cols:
            if any(i < len(r) and needs_order(r[i]) for r in rows):
                raise ForecastInputError(
                    "ambiguous_date_order",
                    f"The dates in column {name!r} could be day/month or month/day; "
                    "say which (for example --date-order dmy).",
                    column=name,
                )
    return order


def _row_item(row, cell, columns, orders, today, errors, skipped, arrivals) -> Item | None:
    done_text = cell("done")
    if not done_text:
        skipped.append(RowProblem(row, "not_done", f"Row {row}: no completion date (not done)."))
        if "created" in columns and cell("created"):
            # An open item's unreadable creation date only loses one arrival.
            with contextlib.suppress(ValueError):
                arrivals.append(parse_date(cell("created"), order=orders.get("created")))
        return None
    dates: dict[str, date | None] = {}
    for role in ("done", "started", "created"):
        text = cell(role) if role in columns else ""
        if not text:
            dates[role] = None
            continue
        try:
            dates[role] = parse_date(text, order=orders.get(role))
        except ValueError as exc:
            errors.append(
                RowProblem(
                    row,
                    "bad_date",
                    f"Row {row}: {text!r} in column {columns[role]!r} is not a date ({exc}).",
                    {"column": columns[role], "value": text},
                )
            )
            return None
        if dates[role] > today:
            errors.append(
                RowProblem(
                    row,
                    "future_date",
                    f"Row {row}: {dates[role].isoformat()} in column {columns[role]!r} "
                    "lies in the future.",
                    {"column": columns[role], "date": dates[role].isoformat()},
                )
            )
            return None
    done = dates["done"]
    assert done is not None
    for role in ("started", "created"):
        value = dates[role]
        if value is not None and value > done:
            errors.append(
                RowProblem(
                    row,
                    "done_before_start",
                    f"Row {row}: done on {done.isoformat()} before {role} on {value.isoformat()}.",
                    {"start": value.isoformat(), "done": done.isoformat()},
                )
            )
            return None
    key = cell("key") if "key" in columns else ""
    return Item(
        key=key or f"row {row}",
        done=done,
        title=(cell("title") or None) if "title" in columns else None,
        created=dates["created"],
        started=dates["started"],
    )


def _collapse_duplicates(items: list[Item]) -> tuple[list[Item], int]:
    by_key: dict[str, Item] = {}
    for item in items:
        seen = by_key.get(item.key)
        if seen is None:
            by_key[item.key] = item
            continue
        by_key[item.key] = Item(
            key=item.key,
            done=min(seen.done, item.done),
            title=seen.title or item.title,
            created=_earliest(seen.created, item.created),
            started=_earliest(seen.started, item.started),
        )
    return list(by_key.values()), len(items) - len(by_key)


def _earliest(a: date | None, b: date | None) -> date | None:
    if a is None or b is None:
        return a or b
    return min(a, b)


def _parse_warnings(duplicates: int, skipped: list[RowProblem]) -> tuple[ForecastWarning, ...]:
    warnings = []
    if duplicates:
        warnings.append(
            ForecastWarning(
                "duplicates_collapsed",
                f"{duplicates} row(s) repeated an item key and were merged into one item.",
                {"count": duplicates},
            )
        )
    if skipped:
        warnings.append(
            ForecastWarning(
                "rows_skipped",
                f"{len(skipped)} row(s) are not completed items (open, cancelled or closed "
                "without merge) and were left out.",
                {"count": len(skipped)},
            )
        )
    return tuple(warnings)
