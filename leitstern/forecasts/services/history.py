"""A team's work history: merging finished and open items by key, and deleting them.

Uploads come in through the kernel's import flow (``forecasts.importers``), which checks
every row in the preview and hands the rows to ``items_import`` in one transaction."""

from __future__ import annotations

from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, NotRequired, TypedDict

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from leitstern.accounts.models import User
from leitstern.activity import kinds
from leitstern.activity.services import activity_record
from leitstern.core.limits import MAX_DATE, MIN_DATE
from leitstern.forecasts.models import TeamHistory, WorkItem
from leitstern.forecasts.selectors import today
from leitstern.forecasts.services.daily import daily_counts_add_staged, daily_counts_apply
from leitstern.teams.models import Team

ITEMS_IMPORTED = kinds.register("forecasts.items_imported", gettext_lazy("imported finished work"))
ITEMS_DELETED = kinds.register("forecasts.items_deleted", gettext_lazy("deleted finished work"))

BATCH = 5000
KEY_CHARS = 200  # WorkItem.key's length
TITLE_CHARS = 500  # WorkItem.title's length
FIELDS = ("key", "title", "created", "started", "done")


@dataclass(frozen=True)
class MergeCounts:
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def __add__(self, other: MergeCounts) -> MergeCounts:
        return MergeCounts(
            self.created + other.created,
            self.updated + other.updated,
            self.unchanged + other.unchanged,
        )


def _bump(team: Team) -> None:
    """Mark the history changed, so cached charts and forecasts are computed anew."""
    updated = TeamHistory.objects.filter(team=team).update(
        version=F("version") + 1, changed_at=timezone.now()
    )
    if not updated:
        TeamHistory.objects.create(team=team, version=1)


Row = tuple[str, str, date | None, date | None, date | None]


class ItemData(TypedDict):
    """One item for ``items_merge``: its key, and what is known of it. Without ``done`` the
    item is open."""

    key: str
    title: NotRequired[str]
    created: NotRequired[date | None]
    started: NotRequired[date | None]
    done: NotRequired[date | None]


def _row(data: ItemData, latest: date) -> Row:
    """One item as a tuple, or ``ValidationError``."""
    return row_check(
        data.get("key"), data.get("title"), data.get("created"), data.get("started"),
        data.get("done"), latest,
    )  # fmt: skip


def row_check(key: Any, title: Any, created: Any, started: Any, done: Any, latest: date) -> Row:
    """One item as a tuple, or ``ValidationError`` saying why not. An item without a done
    date is open; it needs a creation or start date, else it could not be placed on any
    chart. Dates lie within ``MIN_DATE`` … ``MAX_DATE`` (a year 1 would stretch the team's
    charts over two millennia)."""
    key = str(key or "").strip()
    if not key or len(key) > KEY_CHARS:
        raise ValidationError({"key": _("Every item needs a key of at most 200 characters.")})
    for name, value in (("done", done), ("started", started), ("created", created)):
        if value is not None and not isinstance(value, date):
            raise ValidationError({name: _("Item %(key)s has no valid date.") % {"key": key}})
        if value is not None and not MIN_DATE <= value <= MAX_DATE:
            raise ValidationError(
                {
                    name: _("Item %(key)s has a date outside %(min)s to %(max)s.")
                    % {"key": key, "min": MIN_DATE.isoformat(), "max": MAX_DATE.isoformat()}
                }
            )
    if done is None and not (started or created):
        raise ValidationError(
            {"done": _("Open item %(key)s needs a creation or start date.") % {"key": key}}
        )
    if started and done and started > done:
        raise ValidationError(
            {"started": _("Item %(key)s starts after it was done.") % {"key": key}}
        )
    if done and done > latest:
        raise ValidationError({"done": _("Item %(key)s is done in the future.") % {"key": key}})
    if done is None and any(d and d > latest for d in (started, created)):
        raise ValidationError(
            {"started": _("Open item %(key)s has a date in the future.") % {"key": key}}
        )
    return key, str(title or "")[:TITLE_CHARS], created, started, done


@transaction.atomic
def items_merge(
    *, actor: User | None, team: Team, items: Sequence[ItemData], record: bool = True
) -> MergeCounts:
    """Add or update items by key: a key seen before is updated, so merging the same items
    twice changes nothing, and an open item merged again with a done date is finished. Items
    are dicts with key and optional title, created, started, done (dates); without ``done``
    the item is open. A finished item is never made open again: a row without ``done`` for
    it is stale and leaves it unchanged (``WorkItem.would_reopen``). Keys not in ``items``
    are left alone. All or nothing: one invalid item refuses the batch."""
    latest = today()
    counts = _merge_rows(team, [_row(data, latest) for data in items])
    if (counts.created or counts.updated) and record:
        _record_import(actor, team, counts)
    return counts


@transaction.atomic
def items_import(
    *,
    actor: User | None,
    team: Team,
    rows: Sequence[Row],
    note: str = "",
    progress: Callable[[int], object] | None = None,
) -> MergeCounts:
    """Merge rows checked by ``row_check`` (an upload's, in file order: finished items
    first, then open ones, so an open row never reopens an item finished in the same file),
    batch by batch, all in one transaction: one activity entry for the whole file, and
    nothing merged if anything fails. ``progress(n)`` hears how many rows are merged."""
    counts = MergeCounts()
    for first in range(0, len(rows), BATCH):
        counts += _merge_rows(team, rows[first : first + BATCH])
        if progress is not None:
            progress(min(first + BATCH, len(rows)))
    _record_import(actor, team, counts, note=note)
    return counts


def _merge_rows(team: Team, checked: Sequence[Row]) -> MergeCounts:
    rows = {row[0]: row for row in checked}  # a key repeated in one batch: the last one wins
    if connection.vendor == "postgresql":
        created, updated, added, removed = _merge_postgresql(team, list(rows.values()))
    else:
        created, updated, added, removed = _merge(team, rows)
    daily_counts_apply(team=team, added=added, removed=removed)
    if created or updated:
        _bump(team)
    return MergeCounts(created, updated, len(rows) - created - updated)


Merged = tuple[int, int, list[tuple], list[tuple]]  # created, updated, dates added, removed


def _merge(team: Team, rows: dict[str, Row]) -> Merged:
    """Merge validated rows with the ORM and one prepared insert (SQLite)."""
    # Unordered: the model's ordering makes SQLite read every item of the team through the
    # (team, done) index instead of looking the keys up in the (team, key) one.
    found = WorkItem.objects.filter(team=team, key__in=list(rows)).order_by()
    existing = {item.key: item for item in found.only("pk", "key", *WorkItem.FIELDS)}
    before = {key: (i.created, i.started, i.done) for key, i in existing.items()}
    new, changed = [], []
    for key, title, created, started, done in rows.values():
        item = existing.get(key)
        if item is None:
            new.append((team.pk, key, title, _iso(created), _iso(started), _iso(done)))
            continue
        values = {"title": title, "created": created, "started": started, "done": done}
        if item.would_reopen(done) or all(getattr(item, f) == v for f, v in values.items()):
            continue
        for f, v in values.items():
            setattr(item, f, v)
        changed.append(item)
    _insert(new)
    WorkItem.objects.bulk_update(changed, list(WorkItem.FIELDS), batch_size=1000)
    added = [rows[row[1]][2:] for row in new] + [(i.created, i.started, i.done) for i in changed]
    return len(new), len(changed), added, [before[i.key] for i in changed]


# On PostgreSQL a batch is merged by a few statements; the rows travel as array parameters.
# The upsert's WHERE is ``WorkItem.would_reopen`` and "something changed", so a stale open
# row or an identical row is neither written nor returned.
_MERGE_LOCK = 0x4C53  # namespace of the per-team advisory lock
_BEFORE_SQL = """
SELECT key, created, started, done FROM {table} WHERE team_id = %s AND key = ANY(%s::text[])
"""
_ROWS_SQL = """
SELECT %(team)s, * FROM unnest(%(keys)s::text[], %(titles)s::text[], %(created)s::date[],
                                %(started)s::date[], %(done)s::date[])
"""
# New keys are copied into a temporary table (COPY is the fastest way in) and inserted from
# there; ``ON COMMIT DROP`` removes it, and it is emptied first in case an outer
# transaction merges twice.
_STAGE_SQL = (
    "CREATE TEMPORARY TABLE IF NOT EXISTS leitstern_new_items (key text, title text, "
    "created date, started date, done date) ON COMMIT DROP"
)
_COPY_SQL = "COPY leitstern_new_items (key, title, created, started, done) FROM STDIN"
_INSERT_SQL = (
    "INSERT INTO {table} (team_id, key, title, created, started, done) "
    "SELECT %s, key, title, created, started, done FROM leitstern_new_items"
)
_UPSERT_SQL = (
    "INSERT INTO {table} AS item (team_id, key, title, created, started, done)"
    + _ROWS_SQL
    + """ON CONFLICT (team_id, key) DO UPDATE SET
    title = excluded.title, created = excluded.created,
    started = excluded.started, done = excluded.done
WHERE NOT (item.done IS NOT NULL AND excluded.done IS NULL)
  AND (item.title, item.created, item.started, item.done)
      IS DISTINCT FROM (excluded.title, excluded.created, excluded.started, excluded.done)
RETURNING key, created, started, done
"""
)


def _merge_postgresql(team: Team, rows: list[Row]) -> Merged:
    """Merge validated rows with one read, one insert of the new keys and one upsert of the
    known ones; same rules and results as ``_merge``, without a Python object per item."""
    if not rows:
        return 0, 0, [], []
    table = connection.ops.quote_name(WorkItem._meta.db_table)
    with connection.cursor() as cursor:
        # Merges into one team wait for each other, so the keys missing from ``before`` stay
        # new until this transaction ends (``items_merge`` is the only writer that adds
        # items; anything else adding one of them fails the insert, not the counts).
        cursor.execute("SELECT pg_advisory_xact_lock(%s, %s)", [_MERGE_LOCK, team.pk])
        cursor.execute(_BEFORE_SQL.format(table=table), [team.pk, [row[0] for row in rows]])
        before = {key: dates for key, *dates in cursor.fetchall()}
        new = [row for row in rows if row[0] not in before]
        known = [row for row in rows if row[0] in before] if before else []
        if new:
            cursor.execute(_STAGE_SQL)
            cursor.execute("TRUNCATE leitstern_new_items")
            with cursor.copy(_COPY_SQL) as copy:
                for row in new:
                    copy.write_row(row)
            cursor.execute(_INSERT_SQL.format(table=table), [team.pk])
            daily_counts_add_staged(team=team, table="leitstern_new_items")
        merged = []
        if known:
            cursor.execute(_UPSERT_SQL.format(table=table), _arrays(team, known))
            merged = cursor.fetchall()
    # The new items are counted already; the changed ones are counted here by the caller.
    added = [tuple(dates) for _key, *dates in merged]
    removed = [tuple(before[key]) for key, *_dates in merged]
    return len(new), len(merged), added, removed


def _arrays(team: Team, rows: list[Row]) -> dict[str, Any]:
    keys, titles, created, started, done = (list(column) for column in zip(*rows, strict=True))
    return {
        "team": team.pk,
        "keys": keys,
        "titles": titles,
        "created": created,
        "started": started,
        "done": done,
    }


def _insert(rows: list[tuple]) -> None:
    """Insert new items with one prepared statement. ``bulk_create`` spends most of a 100k-row
    import building and preparing model instances; the rows are already validated by
    ``_row``."""
    if not rows:
        return
    quote = connection.ops.quote_name
    columns = ", ".join(quote(c) for c in ("team_id", "key", "title", "created", "started", "done"))
    with connection.cursor() as cursor:
        cursor.executemany(
            f"INSERT INTO {quote(WorkItem._meta.db_table)} ({columns}) "  # noqa: S608
            "VALUES (%s, %s, %s, %s, %s, %s)",
            rows,
        )


def _record_import(actor: User | None, team: Team, counts: MergeCounts, note: str = "") -> None:
    activity_record(
        workspace=team.workspace,
        actor=actor,
        kind=ITEMS_IMPORTED,
        target=team,
        changes={"items": ["", _("%(created)s new, %(updated)s updated") % counts.__dict__]},
        note=note,
    )


@transaction.atomic
def item_delete(*, actor: User, item: WorkItem) -> None:
    team = item.team
    activity_record(
        workspace=team.workspace,
        actor=actor,
        kind=ITEMS_DELETED,
        target=team,
        changes={"items": [item.key, ""]},
    )
    item.delete()
    daily_counts_apply(team=team, removed=[(item.created, item.started, item.done)])
    _bump(team)


@transaction.atomic
def items_delete(
    *,
    actor: User | None,
    team: Team,
    items: QuerySet[WorkItem] | Collection[str],
    description: str = "",
) -> int:
    """Delete the given items (a queryset of this team's items, or their keys). The activity
    entry says what went: how many, a few of their keys, their done dates and, given a
    ``description`` of the selection, which filter chose them."""
    queryset = WorkItem.objects.filter(team=team)
    if isinstance(items, QuerySet):
        queryset = queryset.filter(pk__in=items.values_list("pk", flat=True))
    else:
        queryset = queryset.filter(key__in=list(items))
    removed = list(queryset.values_list("created", "started", "done"))
    keys = list(queryset.order_by("key").values_list("key", flat=True)[: _KEYS_NAMED + 1])
    count, _by_model = queryset.delete()
    daily_counts_apply(team=team, removed=removed)
    if count:
        _bump(team)
        changes = {"items": [_deleted_items(count, keys, removed), ""]}
        if description:
            changes["filter"] = [description, ""]
        activity_record(
            workspace=team.workspace, actor=actor, kind=ITEMS_DELETED, target=team, changes=changes
        )
    return count


_KEYS_NAMED = 5


def _deleted_items(count: int, keys: list[str], removed: list[tuple]) -> str:
    named = ", ".join(keys[:_KEYS_NAMED]) + (" …" if len(keys) > _KEYS_NAMED else "")
    done = sorted(day for _created, _started, day in removed if day)
    text = ngettext("%(count)s item (%(keys)s)", "%(count)s items (%(keys)s)", count) % {
        "count": count,
        "keys": named,
    }
    if done:
        text += " " + _("done %(first)s to %(last)s") % {
            "first": done[0].isoformat(),
            "last": done[-1].isoformat(),
        }
    return text


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None
