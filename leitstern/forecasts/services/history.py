"""A team's work history: merging finished and open items by key, deleting, importing
files."""

from __future__ import annotations

import json
import logging
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import F
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from leitstern.accounts.models import User
from leitstern.activity import kinds
from leitstern.activity.services import activity_record
from leitstern.engines.forecast import ForecastInputError, parse_items
from leitstern.forecasts.models import ImportJob, TeamHistory, WorkItem
from leitstern.forecasts.selectors import team_overview, today
from leitstern.forecasts.services.daily import daily_counts_add_staged, daily_counts_apply
from leitstern.teams.models import Team

log = logging.getLogger(__name__)

ITEMS_IMPORTED = kinds.register("forecasts.items_imported", gettext_lazy("imported finished work"))
ITEMS_DELETED = kinds.register("forecasts.items_deleted", gettext_lazy("deleted finished work"))

BATCH = 5000
PREVIEW_ROWS = 20
PREVIEW_ERRORS = 500
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


def _row(data: dict[str, Any], latest: date) -> Row:
    """One item as a tuple, or ``ValidationError``. An item without a done date is open; it
    needs a creation or start date, else it could not be placed on any chart."""
    key = str(data.get("key") or "").strip()
    if not key or len(key) > 200:
        raise ValidationError({"key": _("Every item needs a key of at most 200 characters.")})
    done, started, created = data.get("done"), data.get("started"), data.get("created")
    if done is None and not (started or created):
        raise ValidationError(
            {"done": _("Open item %(key)s needs a creation or start date.") % {"key": key}}
        )
    if done is not None and not isinstance(done, date):
        raise ValidationError({"done": _("Item %(key)s has no done date.") % {"key": key}})
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
    return key, str(data.get("title") or "")[:500], created, started, done


@transaction.atomic
def items_merge(
    *, actor: User | None, team: Team, items: Sequence[dict[str, Any]], record: bool = True
) -> MergeCounts:
    """Add or update items by key: a key seen before is updated, so merging the same items
    twice changes nothing, and an open item merged again with a done date is finished. Items
    are dicts with key and optional title, created, started, done (dates); without ``done``
    the item is open. A finished item is never made open again: a row without ``done`` for
    it is stale and leaves it unchanged (``WorkItem.would_reopen``). Keys not in ``items``
    are left alone. All or nothing: one invalid item refuses the batch."""
    rows = {}
    latest = today()
    for data in items:
        row = _row(data, latest)
        rows[row[0]] = row  # a key repeated in one batch: the last one wins
    if connection.vendor == "postgresql":
        created, updated, added, removed = _merge_postgresql(team, list(rows.values()))
    else:
        created, updated, added, removed = _merge(team, rows)
    daily_counts_apply(team=team, added=added, removed=removed)
    counts = MergeCounts(created, updated, len(rows) - created - updated)
    if created or updated:
        _bump(team)
        if record:
            _record_import(actor, team, counts)
    return counts


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
    *, actor: User, team: Team, items: Iterable[WorkItem] | Any, description: str = ""
) -> int:
    """Delete the given items (a queryset of this team's items, or keys). The activity
    entry says what went: how many, a few of their keys, their done dates and, given a
    ``description`` of the selection, which filter chose them."""
    queryset = WorkItem.objects.filter(team=team)
    if isinstance(items, (list, tuple, set)) and all(isinstance(k, str) for k in items):
        queryset = queryset.filter(key__in=list(items))
    else:
        queryset = queryset.filter(pk__in=items.values("pk"))
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


# --- Imports -------------------------------------------------------------------------------

PARSE_OPTIONS = (
    "format",
    "date_order",
    "done_column",
    "started_column",
    "created_column",
    "key_column",
)


@transaction.atomic
def import_start(
    *, actor: User, team: Team, filename: str, data: bytes, options: dict[str, Any]
) -> ImportJob:
    """Keep the uploaded file and read it in the background; nothing reaches the team's
    history before the user has seen the preview and chosen to import."""
    job = ImportJob(
        team=team,
        created_by=actor,
        filename=filename[:255],
        data=data,
        options={k: v for k, v in options.items() if k in PARSE_OPTIONS and v},
    )
    job.full_clean(exclude=["data", "staged"])
    job.save()
    transaction.on_commit(lambda: read_import.enqueue(job.pk))
    return job


def import_read(*, job: ImportJob) -> ImportJob:
    """Parse the file with the engine and keep a preview. A file the engine cannot read
    fails the job with the engine's error code; no item is written either way."""
    try:
        parsed = parse_items(bytes(job.data), today=today(), **job.options)
    except ForecastInputError as error:
        job.status = ImportJob.Status.FAILED
        job.error = error.as_dict()
        job.finished_at = timezone.now()
        job.save(update_fields=["status", "error", "finished_at"])
        return job
    items = [
        [i.key, i.title or "", _iso(i.created), _iso(i.started), i.done.isoformat()]
        for i in parsed.items
    ]
    dones = [i.done for i in parsed.items]
    # Open rows without any date could not be placed on a chart (``_row`` refuses them).
    open_rows = [
        [i.key, i.title or "", _iso(i.created), _iso(i.started)]
        for i in parsed.open_items
        if i.created or i.started
    ]
    job.preview = {
        "format": parsed.format,
        "encoding": parsed.encoding,
        "delimiter": parsed.delimiter,
        "header": list(parsed.header),
        "columns": parsed.columns,
        "rows": parsed.rows,
        "items": len(items),
        "duplicates": parsed.duplicates,
        "skipped": len(parsed.skipped),
        "open": len(parsed.open_items),
        "open_dated": len(open_rows),
        "open_started": sum(1 for row in open_rows if row[3]),
        "error_count": len(parsed.errors),
        "errors": [p.as_dict() for p in parsed.errors[:PREVIEW_ERRORS]],
        "warnings": [w.as_dict() for w in parsed.warnings],
        "sample": items[:PREVIEW_ROWS],
        "first": min(dones).isoformat() if dones else None,
        "last": max(dones).isoformat() if dones else None,
    }
    staged = {"items": items, "open_items": open_rows}
    job.staged = zlib.compress(json.dumps(staged, separators=(",", ":")).encode(), 1)
    job.total = len(items) + len(open_rows)
    readable = bool(items or open_rows)
    job.status = ImportJob.Status.PREVIEW if readable else ImportJob.Status.FAILED
    if not readable:
        job.error = {"code": "no_items", "message": "There are no completed items.", "params": {}}
    job.save(update_fields=["preview", "staged", "total", "status", "error"])
    return job


def _iso(value: date | None) -> str | None:
    return value.isoformat() if value else None


@transaction.atomic
def import_apply(*, actor: User, job: ImportJob) -> ImportJob:
    """Start merging a previewed file into the team's history, in the background."""
    job = ImportJob.objects.select_for_update().get(pk=job.pk)
    if job.status != ImportJob.Status.PREVIEW:
        raise ValidationError(_("This file is not ready to import."))
    job.status = ImportJob.Status.IMPORTING
    job.processed = 0
    job.save(update_fields=["status", "processed"])
    transaction.on_commit(lambda: run_import.enqueue(job.pk, actor.pk))
    return job


def import_run(
    *, job: ImportJob, actor: User | None, progress: Callable[[int], object] | None = None
) -> ImportJob:
    """Merge the staged items batch by batch, the finished items first, then the open ones
    (an open row never reopens a finished item, whatever the order). Each batch commits on
    its own so the progress bar moves; merging is idempotent, so a broken-off import is
    finished by importing again."""
    staged = json.loads(zlib.decompress(bytes(job.staged))) if job.staged else []
    if isinstance(staged, list):  # staged before open rows were kept
        staged = {"items": staged}
    # Files staged before open items were kept by key carry only counts ("open"); their open
    # rows are left out, and uploading the file again keeps them.
    rows = [
        *staged["items"],
        *([key, title, created, started, None] for key, title, created, started in
          staged.get("open_items", [])),
    ]  # fmt: skip
    counts = MergeCounts()
    for first in range(0, len(rows), BATCH):
        batch = [
            {
                "key": key,
                "title": title,
                "created": date.fromisoformat(created) if created else None,
                "started": date.fromisoformat(started) if started else None,
                "done": date.fromisoformat(done) if done else None,
            }
            for key, title, created, started, done in rows[first : first + BATCH]
        ]
        counts += items_merge(actor=actor, team=job.team, items=batch, record=False)
        job.processed = min(first + BATCH, len(rows))
        ImportJob.objects.filter(pk=job.pk).update(processed=job.processed)
        if progress:
            progress(job.processed)
    with transaction.atomic():
        job.status = ImportJob.Status.DONE
        job.created_count, job.updated_count, job.unchanged_count = (
            counts.created, counts.updated, counts.unchanged,
        )  # fmt: skip
        job.finished_at = timezone.now()
        job.data = b""
        job.staged = b""
        job.save()
        _record_import(actor, job.team, counts, note=job.filename)
    return job


# --- Background work: the tasks live next to the services that enqueue them, so neither
# module imports the other.


@task()
def read_import(job_id: int) -> str:
    """Read an uploaded file into its preview (``import_start`` enqueues this)."""
    job = ImportJob.objects.select_related("team").filter(pk=job_id).first()
    if job is None or job.status != ImportJob.Status.READING:
        return "skipped"
    return import_read(job=job).status


@task()
def run_import(job_id: int, actor_id: int | None) -> str:
    """Merge a previewed file into the team's history (``import_apply`` enqueues this)."""
    job = ImportJob.objects.select_related("team__workspace").filter(pk=job_id).first()
    if job is None or job.status != ImportJob.Status.IMPORTING:
        return "skipped"
    actor = User.objects.filter(pk=actor_id).first() if actor_id else None
    job = import_run(job=job, actor=actor)
    # Compute the team page's numbers now, in the worker, so nobody waits for them.
    team_overview(job.team)
    log.info("import %s: %s new, %s updated", job.pk, job.created_count, job.updated_count)
    return job.status
