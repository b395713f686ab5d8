"""What a file held: the items, open items and row problems ``parse_items`` returns."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from .errors import ForecastInputError, ForecastWarning, RowProblem

__all__ = ["Item", "OpenItem", "ParseResult"]


@dataclass(frozen=True)
class Item:
    """One completed item. ``done`` is the calendar day it was finished."""

    key: str
    done: date
    title: str | None = None
    created: date | None = None
    started: date | None = None


@dataclass(frozen=True)
class OpenItem:
    """One item not finished yet: the fields of ``Item``, with ``done`` always ``None``."""

    key: str
    title: str | None = None
    created: date | None = None
    started: date | None = None
    done: None = None


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
    open_items: tuple[OpenItem, ...] = field(default=())
    """One record per row without a completion date (also counted in ``skipped`` as
    ``not_done``), collapsed by key like ``items``; a key that is also finished in the file
    is left out. An open row with an unreadable or future date is in ``errors`` instead."""

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


def _collapse_open(items: list[OpenItem], finished: tuple[Item, ...]) -> tuple[OpenItem, ...]:
    """Open items one per key, like ``_collapse_duplicates``; a finished item wins over an
    open row with the same key."""
    done = {item.key for item in finished}
    by_key: dict[str, OpenItem] = {}
    for item in items:
        if item.key in done:
            continue
        seen = by_key.get(item.key)
        by_key[item.key] = (
            item
            if seen is None
            else OpenItem(
                key=item.key,
                title=seen.title or item.title,
                created=_earliest(seen.created, item.created),
                started=_earliest(seen.started, item.started),
            )
        )
    return tuple(by_key.values())


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
