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
import gc
import io
import os
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from itertools import compress, count
from pathlib import Path

from .dates import column_parts, order_from_parts, parse_date, parts_need_order
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
    with _collector_paused():
        return _parse(raw, fmt, today, date_order, overrides={
            "done": done_column, "started": started_column, "created": created_column,
            "key": key_column,
        })  # fmt: skip


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
    raw: bytes, fmt: str, today: date, date_order: str | None, *, overrides: dict[str, str | None]
) -> ParseResult:
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
    # A row is blank when all its cells together hold nothing but whitespace.
    records = [r for r in records if (r and r[0].strip()) or "".join(r).strip()]
    if len(records) < 2:
        raise ForecastInputError("empty_file", "The file has a header but no rows.")
    header = tuple(cell.strip() for cell in records[0])
    if fmt == "auto":
        fmt = _detect_format(header)
    columns = _choose_columns(header, fmt, overrides, records[1:])
    index = {role: header.index(name) for role, name in columns.items()}

    rows = records[1:]
    texts = _stripped_columns(rows, index)

    # One day/month order for the whole file: a tracker writes every date column alike.
    date_roles = [role for role in ("done", "started", "created") if role in index]
    order = _file_order([(texts[r], columns[r]) for r in date_roles], date_order)

    canceled = None
    if fmt == "linear" and (found := _find(header, ["canceled"])) is not None:
        canceled = _stripped_columns(rows, {"canceled": list(header).index(found)})["canceled"]
    items, errors, skipped, arrivals = _read_rows(texts, columns, order, today, canceled)
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
    stripped = text.lstrip()
    # The first line, without splitting the whole file: it ends at the first line break,
    # and every line break ``splitlines`` knows comes before (or is) the first "\n".
    first = stripped[: stripped.find("\n") + 1 or len(stripped)].splitlines()[0]
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


def _file_order(cols: list[tuple[list[str], str]], order: str | None) -> str | None:
    """The order the date columns (cells, name) settle (``detect_date_order`` over all of
    them), else ``order``; raises ``ambiguous_date_order`` for the first column that needs
    one and has none. Each column is searched once, and only for cells shaped ``a/b/yyyy``."""
    parts = [column_parts(cells) for cells, _ in cols]
    try:
        detected = order_from_parts(p for column in parts for p in column)
    except ValueError:
        detected = None  # contradicting rows are reported one by one
    if detected is not None:
        return detected
    if order is None:
        for (_, name), column in zip(cols, parts, strict=True):
            if parts_need_order(column):
                raise ForecastInputError(
                    "ambiguous_date_order",
                    f"The dates in column {name!r} could be day/month or month/day; "
                    "say which (for example --date-order dmy).",
                    column=name,
                )
    return order


def _stripped_columns(rows: list[list[str]], index: dict[str, int]) -> dict[str, list[str]]:
    """Per role, every row's cell stripped (``""`` where a short row lacks it)."""
    shortest = min(map(len, rows))
    return {
        role: [r[i].strip() for r in rows]
        if i < shortest
        else [r[i].strip() if i < len(r) else "" for r in rows]
        for role, i in index.items()
    }


def _read_rows(texts, columns, order, today, canceled):
    """Items, errors, skipped rows and open items' arrivals, in row order.

    Work that does not depend on the row is done once per column: cells were stripped
    column by column and each distinct date text is read once. A row whose dates are all
    readable, not in the future and in order becomes an item directly; any other row goes
    through ``_row_item``, which finds the first problem exactly as a row-by-row reading does.
    """
    n = len(texts["done"])
    read = _DateReader(order)
    dates, bounds = {}, {}
    for role in ("done", "started", "created"):
        # ``bounds`` stands in for a date in the comparisons that admit a row directly: an
        # unreadable date (or a missing done date) can never pass them, a missing start or
        # creation date always does.
        missing = date.max if role == "done" else date.min
        known: dict[str, date | None] = {"": None}
        bound: dict[str, date] = {"": missing}
        for text in dict.fromkeys(texts.get(role, ())):
            if text:
                try:
                    known[text] = bound[text] = read(text)
                except ValueError:
                    known[text], bound[text] = None, date.max
        column = texts.get(role, [""] * n)
        dates[role] = [known[t] for t in column]
        bounds[role] = [bound[t] for t in column]
    done, started, created = bounds["done"], bounds["started"], bounds["created"]
    direct = [
        d <= today and s <= d and c <= d for d, s, c in zip(done, started, created, strict=True)
    ]
    if canceled is not None:  # a cancelled row is skipped before its dates are looked at
        direct = [ok and not cancel for ok, cancel in zip(direct, canceled, strict=True)]
    # Every row that is not admitted directly ends as an error or a skip in ``_row_item``:
    # the items are exactly the admitted rows, in order.
    rows = list(compress(count(2), direct))
    keys = list(compress(texts["key"], direct)) if "key" in texts else [""] * len(rows)
    titles = list(compress(texts["title"], direct)) if "title" in texts else [""] * len(rows)
    items = list(
        map(
            _item,
            [key or f"row {row}" for key, row in zip(keys, rows, strict=True)],
            compress(done, direct),
            [title or None for title in titles],
            compress(dates["created"], direct),
            compress(dates["started"], direct),
        )
    )
    errors: list[RowProblem] = []
    skipped: list[RowProblem] = []
    arrivals: list[date] = []
    for offset in compress(count(), (not ok for ok in direct)):
        row = offset + 2  # the header is row 1
        if canceled is not None and canceled[offset]:
            skipped.append(RowProblem(row, "canceled", f"Row {row}: the item was cancelled."))
            continue
        cells = {role: column[offset] for role, column in texts.items()}
        found = _row_item(row, cells, columns, read, today, errors, skipped, arrivals)
        assert found is None  # see above
    return items, errors, skipped, arrivals


def _item(key: str, done: date, title: str | None, created, started) -> Item:
    """``Item(key, done, title, created, started)`` at less than half the cost: a frozen
    dataclass sets each field through ``object.__setattr__``; this sets all five at once.
    Equal in every way to the dataclass's own construction (the tests compare them)."""
    item = object.__new__(Item)
    object.__setattr__(
        item,
        "__dict__",
        {"key": key, "done": done, "title": title, "created": created, "started": started},
    )
    return item


class _DateReader:
    """``parse_date`` with one order for the whole file, remembering every text it read:
    a tracker writes the same day many times, and a text always reads as the same day."""

    def __init__(self, order: str | None) -> None:
        self.order = order
        self.seen: dict[str, date] = {}

    def __call__(self, text: str) -> date:
        found = self.seen.get(text)
        if found is None:
            found = self.seen[text] = parse_date(text, order=self.order)
        return found


def _row_item(row, cells, columns, read, today, errors, skipped, arrivals) -> Item | None:
    """The item in one row (``cells``: the stripped cell of each role), or ``None`` with the
    reason appended to ``errors`` or ``skipped``."""
    done_text = cells["done"]
    if not done_text:
        skipped.append(RowProblem(row, "not_done", f"Row {row}: no completion date (not done)."))
        if cells.get("created"):
            # An open item's unreadable creation date only loses one arrival.
            with contextlib.suppress(ValueError):
                arrivals.append(read(cells["created"]))
        return None
    dates: dict[str, date | None] = {}
    for role in ("done", "started", "created"):
        text = cells.get(role, "")
        if not text:
            dates[role] = None
            continue
        try:
            value = dates[role] = read(text)
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
        if value > today:
            errors.append(
                RowProblem(
                    row,
                    "future_date",
                    f"Row {row}: {value.isoformat()} in column {columns[role]!r} "
                    "lies in the future.",
                    {"column": columns[role], "date": value.isoformat()},
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
    return Item(
        key=cells.get("key") or f"row {row}",
        done=done,
        title=(cells["title"] or None) if "title" in cells else None,
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
