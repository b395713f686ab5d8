"""Reading the rows of a table into items, open items and row problems, quickly: most of the
work is done once per column, and only rows with a problem are read one by one."""

from __future__ import annotations

import contextlib
from datetime import date
from itertools import compress, count

from .dates import MAX_DATE, MIN_DATE, DateOutOfRange, parse_date
from .errors import RowProblem
from .parsed import Item, OpenItem


def _read_rows(
    texts, columns, order, today, canceled, *, numbers=None, bounds=None, max_key_chars=None
):
    """Items, errors, skipped rows, open items' arrivals and open items, in row order.

    Work that does not depend on the row is done once per column: cells were stripped
    column by column and each distinct date text is read once. A row whose dates are all
    readable, within ``bounds`` (first and last day accepted), not in the future and in
    order, and whose key has at most ``max_key_chars`` characters, becomes an item directly;
    any other row goes through ``_row_item``, which finds the first problem exactly as a
    row-by-row reading does. ``numbers`` are the rows' numbers as the user sees them
    (default: 2, 3, … after a header in row 1).
    """
    n = len(texts["done"])
    numbers = range(2, n + 2) if numbers is None else numbers
    read = _DateReader(order, *(bounds or (MIN_DATE, MAX_DATE)))
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
    if max_key_chars is not None and "key" in texts:
        keys = texts["key"]
        direct = [ok and len(k) <= max_key_chars for ok, k in zip(direct, keys, strict=True)]
    # Every row that is not admitted directly ends as an error or a skip in ``_row_item``:
    # the items are exactly the admitted rows, in order.
    rows = list(compress(numbers, direct))
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
    open_items: list[OpenItem] = []
    for offset in compress(count(), (not ok for ok in direct)):
        row = numbers[offset]
        if canceled is not None and canceled[offset]:
            skipped.append(RowProblem(row, "canceled", f"Row {row}: the item was cancelled."))
            continue
        cells = {role: column[offset] for role, column in texts.items()}
        if max_key_chars is not None and len(cells.get("key", "")) > max_key_chars:
            errors.append(_key_too_long(row, cells["key"], columns["key"], max_key_chars))
            continue
        found = _row_item(row, cells, columns, read, today, errors, skipped, arrivals, open_items)
        assert found is None  # see above
    return items, errors, skipped, arrivals, open_items


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


def _key_too_long(row: int, key: str, column: str, limit: int) -> RowProblem:
    return RowProblem(
        row,
        "key_too_long",
        f"Row {row}: the key in column {column!r} has {len(key)} characters; "
        f"at most {limit} are allowed.",
        {"column": column, "length": len(key), "max": limit},
    )


class _DateReader:
    """``parse_date`` with one order for the whole file, remembering every text it read:
    a tracker writes the same day many times, and a text always reads as the same day. A
    date before ``low`` or after ``high`` raises ``DateOutOfRange``."""

    def __init__(self, order: str | None, low: date = MIN_DATE, high: date = MAX_DATE) -> None:
        self.order = order
        self.low = low
        self.high = high
        self.seen: dict[str, date] = {}

    def __call__(self, text: str) -> date:
        found = self.seen.get(text)
        if found is None:
            found = parse_date(text, order=self.order)
            if not self.low <= found <= self.high:
                raise DateOutOfRange(found, self.low, self.high)
            self.seen[text] = found
        return found


def _row_item(row, cells, columns, read, today, errors, skipped, arrivals, open_items):
    """The item in one row (``cells``: the stripped cell of each role), or ``None`` with the
    reason appended to ``errors`` or ``skipped``. A row without a completion date is skipped
    as ``not_done`` and, when its dates are readable and not in the future, appended to
    ``open_items`` (a planned start in the future counts as not started); otherwise its date
    problem is appended to ``errors`` as well."""
    done_text = cells["done"]
    if not done_text:
        skipped.append(RowProblem(row, "not_done", f"Row {row}: no completion date (not done)."))
        if cells.get("created"):
            # An open item's unreadable creation date only loses one arrival.
            with contextlib.suppress(ValueError):
                arrivals.append(read(cells["created"]))
        open_cells = cells
        if cells.get("started"):
            with contextlib.suppress(ValueError):
                if read(cells["started"]) > today:
                    # A start date in the future is a plan (Jira's "Start date" often is):
                    # the item has simply not started yet.
                    open_cells = {**cells, "started": ""}
        dates = _row_dates(row, open_cells, columns, read, today, errors, ("started", "created"))
        if dates is not None:
            open_items.append(
                OpenItem(
                    key=cells.get("key") or f"row {row}",
                    title=(cells["title"] or None) if "title" in cells else None,
                    created=dates["created"],
                    started=dates["started"],
                )
            )
        return None
    dates = _row_dates(row, cells, columns, read, today, errors, ("done", "started", "created"))
    if dates is None:
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


def _row_dates(row, cells, columns, read, today, errors, roles) -> dict[str, date | None] | None:
    """The row's dates of ``roles`` (``None`` where a cell is empty), or ``None`` with the
    first unreadable or future date appended to ``errors``."""
    dates: dict[str, date | None] = {}
    for role in roles:
        text = cells.get(role, "")
        if not text:
            dates[role] = None
            continue
        try:
            value = dates[role] = read(text)
        except DateOutOfRange as exc:
            errors.append(
                RowProblem(
                    row,
                    "date_out_of_range",
                    f"Row {row}: {text!r} in column {columns[role]!r} {exc}.",
                    {
                        "column": columns[role],
                        "value": text,
                        "min": exc.low.isoformat(),
                        "max": exc.high.isoformat(),
                    },
                )
            )
            return None
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
    return dates
