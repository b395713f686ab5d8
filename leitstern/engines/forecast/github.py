"""GitHub issues and pull requests as JSON (the REST API's list, or a search result's
``items``). A pull request counts when merged (``merged_at``), an issue when closed
(``closed_at``) unless closed as not planned; an open issue or pull request is an open item.
Row numbers are 1-based list positions."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from .dates import MAX_DATE, MIN_DATE, DateOutOfRange, parse_date
from .errors import ForecastInputError, RowProblem
from .parsed import (
    Item,
    OpenItem,
    ParseResult,
    _collapse_duplicates,
    _collapse_open,
    _parse_warnings,
)

__all__ = ["parse_github"]


def parse_github(
    text: str, encoding: str, today: date, *, min_date: date = MIN_DATE, max_date: date = MAX_DATE
) -> ParseResult:
    try:
        payload: Any = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ForecastInputError(
            "not_a_table", f"The file is not valid JSON ({exc.msg}).", reason=exc.msg
        ) from None
    if isinstance(payload, dict) and isinstance(payload.get("items"), list):
        payload = payload["items"]
    if not isinstance(payload, list):
        raise ForecastInputError(
            "not_a_table",
            "The JSON is not a list of GitHub issues or pull requests.",
            reason="not a list",
        )
    if not payload:
        raise ForecastInputError("empty_file", "The JSON list is empty.")
    items: list[Item] = []
    errors: list[RowProblem] = []
    skipped: list[RowProblem] = []
    arrivals: list[date] = []
    open_items: list[OpenItem] = []
    pulls = 0
    bounds = (min_date, max_date)
    for position, entry in enumerate(payload, start=1):
        if not isinstance(entry, dict):
            errors.append(
                RowProblem(
                    position,
                    "bad_json_item",
                    f"Item {position}: not an object.",
                    {"reason": "not an object"},
                )
            )
            continue
        item, is_pull = _github_item(position, entry, today, errors, skipped, bounds)
        pulls += is_pull
        is_open = not entry.get("closed_at") and not entry.get("merged_at")
        if item is None and is_open and entry.get("created_at"):
            # An open item's unreadable creation date only loses one arrival.
            arrived = _read(position, "created_at", entry["created_at"], bounds)
            if isinstance(arrived, date):
                arrivals.append(arrived)
        if item is None and is_open:
            found = _github_open_item(position, entry, today, errors, bounds)
            if found is not None:
                open_items.append(found)
        if item is not None:
            items.append(item)
    deduped, duplicates = _collapse_duplicates(items)
    done_field = "merged_at" if pulls * 2 >= len(payload) else "closed_at"
    return ParseResult(
        items=tuple(deduped),
        errors=tuple(errors),
        skipped=tuple(skipped),
        format="github",
        encoding=encoding,
        delimiter=None,
        header=(),
        columns={"key": "number", "title": "title", "done": done_field, "created": "created_at"},
        rows=len(payload),
        duplicates=duplicates,
        warnings=_parse_warnings(duplicates, skipped),
        arrivals=tuple(arrivals) + tuple(i.created for i in deduped if i.created),
        open_items=_collapse_open(open_items, tuple(deduped)),
    )


def _read(position: int, name: str, raw: object, bounds: tuple[date, date]) -> date | RowProblem:
    """The day in ``raw``, or the row problem that says why it is none."""
    try:
        value = parse_date(str(raw))
    except ValueError as exc:
        return RowProblem(
            position,
            "bad_date",
            f"Item {position}: {raw!r} in {name!r} is not a date ({exc}).",
            {"column": name, "value": str(raw)},
        )
    if not bounds[0] <= value <= bounds[1]:
        out_of_range = DateOutOfRange(value, *bounds)
        return RowProblem(
            position,
            "date_out_of_range",
            f"Item {position}: {raw!r} in {name!r} {out_of_range}.",
            {"column": name, "value": str(raw), "min": bounds[0].isoformat(),
             "max": bounds[1].isoformat()},
        )  # fmt: skip
    return value


def _github_item(position, entry, today, errors, skipped, bounds) -> tuple[Item | None, bool]:
    pull = entry.get("pull_request")
    is_pull = "merged_at" in entry or isinstance(pull, dict)
    merged = entry.get("merged_at") or (pull.get("merged_at") if isinstance(pull, dict) else None)
    closed = entry.get("closed_at")
    if is_pull and not merged:
        code, why = ("closed_unmerged", "closed without merge") if closed else ("not_done", "open")
        skipped.append(RowProblem(position, code, f"Item {position}: {why}."))
        return None, is_pull
    if not is_pull and not closed:
        skipped.append(RowProblem(position, "not_done", f"Item {position}: open."))
        return None, is_pull
    if not is_pull and entry.get("state_reason") == "not_planned":
        skipped.append(
            RowProblem(position, "not_planned", f"Item {position}: closed as not planned.")
        )
        return None, is_pull
    field_name = "merged_at" if is_pull else "closed_at"
    values: dict[str, date | None] = {}
    for name, raw in (
        (field_name, merged if is_pull else closed),
        ("created_at", entry.get("created_at")),
    ):
        if raw is None:
            values[name] = None
            continue
        found = _read(position, name, raw, bounds)
        if isinstance(found, RowProblem):
            errors.append(found)
            return None, is_pull
        values[name] = found
    done = values[field_name]
    assert done is not None
    if done > today:
        errors.append(
            RowProblem(
                position,
                "future_date",
                f"Item {position}: {done.isoformat()} lies in the future.",
                {"column": field_name, "date": done.isoformat()},
            )
        )
        return None, is_pull
    title = entry.get("title")
    return (
        Item(
            key=_key(position, entry),
            done=done,
            title=str(title) if title else None,
            created=values["created_at"],
        ),
        is_pull,
    )


def _github_open_item(position, entry, today, errors, bounds) -> OpenItem | None:
    """The open issue or pull request at ``position``, or ``None`` with its unreadable,
    out-of-range or future creation date appended to ``errors``. GitHub records no start
    date."""
    raw = entry.get("created_at")
    created = None
    if raw is not None:
        found = _read(position, "created_at", raw, bounds)
        if isinstance(found, RowProblem):
            errors.append(found)
            return None
        created = found
        if created > today:
            errors.append(
                RowProblem(
                    position,
                    "future_date",
                    f"Item {position}: {created.isoformat()} lies in the future.",
                    {"column": "created_at", "date": created.isoformat()},
                )
            )
            return None
    title = entry.get("title")
    return OpenItem(key=_key(position, entry), title=str(title) if title else None, created=created)


def _key(position: int, entry: dict) -> str:
    number = entry.get("number")
    return f"#{number}" if number is not None else str(entry.get("id", f"item {position}"))
