"""Keeping ``DailyCount`` in step with a team's items.

Every service that inserts, changes or deletes ``WorkItem`` rows calls ``daily_counts_apply``
inside its own transaction with the items' dates before and after, so the counts can never
disagree with the items: both commit or neither does. ``daily_counts_rebuild`` counts a
team's items from scratch (for data written before the counts existed, and for tests)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from django.db import connection, transaction

from leitstern.forecasts.models import DailyCount, WorkItem
from leitstern.teams.models import Team

Dates = tuple[date | None, date | None, date | None]  # created, started, done

COLUMNS = DailyCount.COLUMNS


def contributions(created: date | None, started: date | None, done: date | None):
    """The (day, column) cells one item counts in; see ``DailyCount``."""
    begin = started or created
    if done:
        yield done, "done"
        if created:
            yield created, "created"
    if created:
        yield created, "arrived"
    if begin:
        yield begin, "began"
        yield (done, "ended") if done else (begin, "open_began")


def deltas(*, added: Iterable[Dates] = (), removed: Iterable[Dates] = ()) -> dict[date, list[int]]:
    """Per day, the change of each column (in ``COLUMNS`` order); days left unchanged are
    left out."""
    index = {c: i for i, c in enumerate(COLUMNS)}
    found: dict[date, list[int]] = {}
    for sign, rows in ((1, added), (-1, removed)):
        for created, started, done in rows:
            for day, column in contributions(created, started, done):
                found.setdefault(day, [0] * len(COLUMNS))[index[column]] += sign
    return {day: v for day, v in found.items() if any(v)}


def daily_counts_apply(
    *, team: Team, added: Iterable[Dates] = (), removed: Iterable[Dates] = ()
) -> None:
    """Count ``added`` items in and ``removed`` ones out, in the caller's transaction. Each
    day is one upsert that adds to the stored numbers, so concurrent writers to the same team
    cannot lose each other's changes."""
    changes = deltas(added=added, removed=removed)
    if not changes:
        return
    quote = connection.ops.quote_name
    table = quote(DailyCount._meta.db_table)
    columns = ", ".join(quote(c) for c in ("team_id", "day", *COLUMNS))
    sums = ", ".join(f"{quote(c)} = {table}.{quote(c)} + excluded.{quote(c)}" for c in COLUMNS)
    conflict = f"ON CONFLICT ({quote('team_id')}, {quote('day')}) DO UPDATE SET {sums}"
    days = sorted(changes)
    with transaction.atomic(), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # One statement for all days: the days and each column travel as arrays.
            arrays = ", ".join(["%s::date[]"] + ["%s::integer[]"] * len(COLUMNS))
            cursor.execute(
                f"INSERT INTO {table} ({columns}) "  # noqa: S608
                f"SELECT %s, * FROM unnest({arrays}) {conflict}",
                [team.pk, days, *([changes[d][i] for d in days] for i in range(len(COLUMNS)))],
            )
        else:
            placeholders = ", ".join(["%s"] * (len(COLUMNS) + 2))
            cursor.executemany(
                f"INSERT INTO {table} ({columns}) VALUES ({placeholders}) {conflict}",  # noqa: S608
                [(team.pk, day.isoformat(), *changes[day]) for day in days],
            )
        if any(v < 0 for values in changes.values() for v in values):
            DailyCount.objects.filter(team=team, **{c: 0 for c in COLUMNS}).delete()


# ``contributions`` in SQL, for items staged in a table with created, started and done
# columns: one (day, column) cell per VALUES row, NULL days left out. The tests compare the
# counts kept either way with counting the items.
_CELLS = {
    "done": "i.done",
    "created": "CASE WHEN i.done IS NOT NULL THEN i.created END",
    "arrived": "i.created",
    "began": "COALESCE(i.started, i.created)",
    "ended": "CASE WHEN COALESCE(i.started, i.created) IS NOT NULL THEN i.done END",
    "open_began": "CASE WHEN i.done IS NULL THEN COALESCE(i.started, i.created) END",
}


def daily_counts_add_staged(*, team: Team, table: str) -> None:
    """Count in the items staged in ``table`` (a temporary table of new items, named by the
    caller, never by a user) with one statement (PostgreSQL)."""
    quote = connection.ops.quote_name
    target = quote(DailyCount._meta.db_table)
    columns = ", ".join(quote(c) for c in ("team_id", "day", *COLUMNS))
    cells = ", ".join(f"({_CELLS[c]}, {n})" for n, c in enumerate(COLUMNS))
    counts = ", ".join(f"count(*) FILTER (WHERE cell.n = {n})" for n in range(len(COLUMNS)))
    sums = ", ".join(f"{quote(c)} = {target}.{quote(c)} + excluded.{quote(c)}" for c in COLUMNS)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {target} ({columns}) "  # noqa: S608
            f"SELECT %s, cell.day, {counts} FROM {quote(table)} AS i "
            f"CROSS JOIN LATERAL (VALUES {cells}) AS cell (day, n) "
            "WHERE cell.day IS NOT NULL GROUP BY cell.day ORDER BY cell.day "
            f"ON CONFLICT ({quote('team_id')}, {quote('day')}) DO UPDATE SET {sums}",
            [team.pk],
        )


@transaction.atomic
def daily_counts_rebuild(*, team: Team) -> None:
    """Count the team's items anew, replacing what was kept."""
    DailyCount.objects.filter(team=team).delete()
    rows = WorkItem.objects.filter(team=team).values_list("created", "started", "done")
    daily_counts_apply(team=team, added=rows.iterator(chunk_size=5000))
