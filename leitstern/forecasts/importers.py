"""The team history upload as an importer of the kernel's import flow.

The engine's reader (``parse_records``, ``parse_items`` for GitHub JSON) finds the format,
the columns and every row's dates; the kernel has read the table within its bounds and
numbered the rows. Finished items and open items with a date become rows; rows the engine
could not read are row errors by number, and the good rows may be imported without them
once the user has seen them (``partial``). Applying merges the rows by key through
``services.items_import`` in one transaction."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from datetime import date
from operator import attrgetter, itemgetter
from typing import NamedTuple

from django.db import transaction
from django.utils.translation import gettext_lazy

from leitstern.accounts.models import User
from leitstern.core.imports import (
    Counts,
    Example,
    FileProblem,
    Importer,
    Notice,
    Read,
    RowError,
    RowRejected,
    Source,
    register,
)
from leitstern.core.imports.models import ImportJob
from leitstern.core.limits import MAX_DATE, MIN_DATE
from leitstern.engines.forecast import ForecastInputError, parse_items, parse_records
from leitstern.forecasts.messages import MESSAGES
from leitstern.forecasts.selectors import today
from leitstern.forecasts.services.history import KEY_CHARS, items_import, row_check
from leitstern.teams.models import Team

OPTIONS = ("format", "date_order", "done_column", "started_column", "created_column",
           "key_column")  # fmt: skip


class HistoryRow(NamedTuple):
    key: str
    title: str
    created: date | None
    started: date | None
    done: date | None


def read_history(source: Source) -> Read:
    options = dict(source.options)
    fmt = options.pop("format", "auto") or "auto"
    bounds = {"today": today(), "min_date": MIN_DATE, "max_date": MAX_DATE}
    first_rows: dict[str, int] = {}
    shifted: list[RowError] = []
    try:
        if fmt == "github" or (fmt == "auto" and source.is_json()):
            parsed = parse_items(
                source.text.encode("utf-8"), format="github", max_key_chars=KEY_CHARS,
                **bounds, **options,
            )  # fmt: skip
        else:
            table = source.table()
            if not table.records:
                raise FileProblem("empty", "The file has no rows.")
            records, numbers, shifted = _aligned(table)
            if not records and shifted:
                return Read([], shifted, [], {}, read=len(table.records) - 1)
            parsed = parse_records(
                table.records[0], records, numbers=numbers, format=fmt,
                encoding=source.encoding, delimiter=table.delimiter, max_key_chars=KEY_CHARS,
                **bounds, **options,
            )  # fmt: skip
            _refuse_duplicate_columns(table.header, parsed.columns)
            first_rows = _first_rows(table, parsed.columns.get("key"))
    except ForecastInputError as error:
        raise FileProblem(error.code, error.message, **error.params) from None
    # Rows as plain tuples in ``HistoryRow``'s field order (a title may be None): building
    # 100,000 named tuples here would cost more than reading them. The apply step gets
    # ``HistoryRow``s.
    row_of = defaultdict(int, first_rows).__getitem__
    fields = attrgetter("key", "title", "created", "started", "done")
    keys = [i.key for i in parsed.items]
    finished = list(zip(map(row_of, keys), map(fields, parsed.items), strict=True))
    # Open rows without any date could not be placed on a chart (``row_check`` refuses them).
    dated = [i for i in parsed.open_items if i.created or i.started]
    opened = list(zip(map(row_of, [i.key for i in dated]), map(fields, dated), strict=True))
    dones = [i.done for i in parsed.items]
    summary = {
        "format": parsed.format,
        "header": list(parsed.header),
        "columns": parsed.columns,
        "items": len(finished),
        "duplicates": parsed.duplicates,
        "skipped": len(parsed.skipped),
        "open": len(parsed.open_items),
        "open_dated": len(opened),
        "open_started": sum(1 for i in dated if i.started),
        "first": min(dones).isoformat() if dones else None,
        "last": max(dones).isoformat() if dones else None,
    }
    if parsed.delimiter is None:
        summary["delimiter"] = None
    errors = shifted + [
        RowError(p.row, p.code, p.message, dict(p.params), str(p.params.get("column", "")))
        for p in parsed.errors
    ]
    notices = [Notice(w.code, w.message, dict(w.params)) for w in parsed.warnings]
    read = parsed.rows + len(shifted)
    return Read([*finished, *opened], errors, notices, summary, read=read)


def _aligned(table) -> tuple[list[list[str]], list[int], list[RowError]]:
    """The rows below the header and their numbers, without the rows that hold more
    filled cells than the header has columns (an unquoted separator in a title shifts
    every cell after it): those are row errors."""
    width = len(table.records[0])
    rows, numbers = table.records[1:], table.numbers[1:]
    if max(map(len, rows), default=0) <= width:
        return rows, numbers, []
    kept, kept_numbers, shifted = [], [], []
    for record, number in zip(rows, numbers, strict=True):
        if len(record) > width and any(cell.strip() for cell in record[width:]):
            shifted.append(
                RowError(
                    number,
                    "cells",
                    f"{len(record)} cells where {width} are expected.",
                    {"found": len(record), "expected": width},
                )
            )
        else:
            kept.append(record)
            kept_numbers.append(number)
    return kept, kept_numbers, shifted


def _refuse_duplicate_columns(header: list[str], columns: dict[str, str]) -> None:
    """A column the reader uses must be the only one of its name: with two "Resolved"
    columns nobody can tell which dates were meant. Other repeated names (Jira repeats
    "Sprint" and "Comment") do not matter."""
    for name in columns.values():
        if header.count(name) > 1:
            raise FileProblem(
                "duplicate_column",
                f"The column {name!r} appears more than once in the header.",
                column=name,
            )


def _first_rows(table, key_column: str | None) -> dict[str, int]:
    """Each key's first row, so a row refused when applying can be named."""
    if key_column is None:
        return {}
    index = table.header.index(key_column)
    rows, numbers = table.records[1:], table.numbers[1:]
    if rows and min(map(len, rows)) > index:
        keys = map(str.strip, map(itemgetter(index), reversed(rows)))
        return dict(zip(keys, reversed(numbers), strict=True))  # the first row wins
    found: dict[str, int] = {}
    for record, number in zip(rows, numbers, strict=True):
        if index < len(record):
            found.setdefault(record[index].strip(), number)
    return found


def apply_history(
    *,
    actor: User | None,
    target: Team,
    rows: list[tuple[int, HistoryRow]],
    job: ImportJob,
    progress: Callable[[int], object],
) -> Counts:
    latest = today()
    checked = []
    for number, row in rows:
        try:
            checked.append(row_check(*row, latest))
        except Exception as error:
            messages = getattr(error, "messages", None) or [str(error)]
            raise RowRejected(number, " ".join(messages)) from None
    counts = items_import(
        actor=actor, team=target, rows=checked, note=job.filename, progress=progress
    )

    def warm() -> None:
        # Compute the team page's numbers now, in the worker, so nobody waits for them.
        from leitstern.forecasts.selectors import team_overview

        team_overview(target)

    transaction.on_commit(warm)
    return Counts(counts.created, counts.updated, counts.unchanged)


HISTORY = register(
    Importer(
        name="forecasts.history",
        label=gettext_lazy("finished work"),
        target=Team,
        workspace_of=lambda team: team.workspace,
        row=HistoryRow,
        read=read_history,
        apply=apply_history,
        partial=True,
        accepts_json=True,
        options=OPTIONS,
        messages=MESSAGES,
        summary_template="forecasts/_import_summary.html",
        button_template="forecasts/_import_button.html",
        done_template="forecasts/_import_done.html",
        example=Example(
            text=(
                "Issue key,Summary,Created,Start date,Resolved\n"
                "NW-1,Größe prüfen,2026-01-02,2026-01-05,2026-01-09\n"
                "NW-2,Kasse über Nacht,2026-01-03,2026-01-06,2026-01-12\n"
                "NW-3,Still open,2026-01-04,,\n"
            ),
            rows=3,
            target="leitstern.forecasts.tests.factory.sample_team",
        ),
    )
)
