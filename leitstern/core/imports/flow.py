"""The one import flow: start → read (preview) → confirm → apply, with failed and stalled
jobs. These are the only functions that change an ``ImportJob``; modules call them from
their views with their ``Importer``.

Nothing reaches a module's data before the user has seen the preview and confirmed; the
rows are then written by the importer's ``apply`` in one transaction, so a failure at any
row writes nothing. Small files are read and applied at once, in the request; large ones in
the background (``tasks``), with progress where the database allows it (see ``Progress``).
"""

from __future__ import annotations

import json
import logging
import time
import zlib
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.core.exceptions import ValidationError
from django.db import DEFAULT_DB_ALIAS, connection, connections, models, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.tasks import task
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.translation import gettext as _

from leitstern.core.imports import RowRejected, registry
from leitstern.core.imports.declaration import Counts, Importer
from leitstern.core.imports.models import ImportJob
from leitstern.core.imports.problems import FileProblem, jsonable
from leitstern.core.imports.reading import collector_paused, read_file

log = logging.getLogger(__name__)

# Files up to this size are read while the upload request waits (a fraction of a second);
# larger ones by the worker.
READ_INLINE_BYTES = 1_000_000
# Up to this many rows are applied while the confirming request waits.
APPLY_INLINE_ROWS = 5_000
# Row errors kept with a job (all are counted), and rows kept as a sample for the preview.
KEPT_ERRORS = 1_000
SAMPLE_ROWS = 20


def jobs_for(importer: Importer, target: Any):
    """The jobs of ``importer`` for ``target``, newest first, without their large columns:
    what an access lookup narrows down and a "recent uploads" list shows."""
    return ImportJob.objects.without_file().for_target(importer.name, target.pk)


def import_start(
    *,
    actor: AbstractBaseUser,
    importer: Importer,
    target: models.Model,
    filename: str,
    data: bytes,
    options: Mapping[str, str] | None = None,
) -> ImportJob:
    """Keep the uploaded file as a job and read it: at once when it is small, else in the
    background. Nothing reaches the module's data before the user confirms the preview.
    ``target`` is what the rows go into (a team, a metric); ``options`` are how to read
    the file, of the names ``importer.options`` lists (others and empty ones are left out)."""
    if len(data) > importer.max_bytes:
        raise ValidationError(
            _("The file is larger than %(max)s.") % {"max": filesizeformat(importer.max_bytes)}
        )
    chosen = {k: v for k, v in (options or {}).items() if k in importer.options and v}
    with transaction.atomic():
        job = ImportJob.objects.create(
            workspace=importer.workspace_of(target),
            importer=importer.name,
            target_id=target.pk,
            created_by_id=actor.pk,
            filename=filename[:255],
            data=data,
            options=chosen,
        )
    if len(data) <= READ_INLINE_BYTES:
        return import_read(job=job)
    transaction.on_commit(lambda: read_job.enqueue(job.pk))
    return job


def import_read(*, job: ImportJob) -> ImportJob:
    """Read the job's file with its importer and keep the preview: every row checked, the
    rows that passed staged for applying, the row errors (the first ``KEPT_ERRORS``, all
    counted) and warnings. A file that cannot be read fails the job with the reason. The
    uploaded bytes are dropped either way; nothing else is written."""
    importer = registry.get(job.importer)
    now = timezone.now()
    claimed = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.READING).update(
        heartbeat_at=now
    )
    if not claimed:
        return _reload(job)
    target = _target(importer, job)
    if target is None:
        return _fail(job, {"code": "target_gone", "message": "The target is gone."})
    try:
        with collector_paused():
            return _preview(job, importer, target)
    except FileProblem as problem:
        return _fail(job, problem.as_dict())
    except Exception:
        log.exception("import %s (%s) could not be read", job.pk, job.importer)
        return _fail(job, _unexpected(job))


def _preview(job: ImportJob, importer: Importer, target: Any) -> ImportJob:
    """``import_read`` once the job is claimed: read, stage, keep the preview."""
    read = read_file(importer, bytes(job.data), job.options)
    extra = importer.summarize(target, read.rows) if importer.summarize else {}
    errors = sorted(read.errors, key=lambda e: e.row)
    preview = {
        **read.summary,
        **extra,
        "rows": read.read,
        "ready": len(read.rows),
        "error_count": len(errors),
        "errors": [e.as_dict() for e in errors[:KEPT_ERRORS]],
        "warnings": [n.as_dict() for n in read.notices],
        "sample": [values[1:] for values in importer.dump(read.rows[:SAMPLE_ROWS])],
        "partial": importer.partial,
    }
    staged = json.dumps(importer.dump(read.rows), separators=(",", ":"))
    fields = {
        "preview": jsonable_preview(preview),
        "staged": zlib.compress(staged.encode(), 1),
        "total": len(read.rows),
        "data": b"",
        "heartbeat_at": timezone.now(),
    }
    if read.rows:
        fields["status"] = ImportJob.Status.PREVIEW
    else:
        fields |= {
            "status": ImportJob.Status.FAILED,
            "failure": {"code": "nothing_to_import", "message": "No row can be imported."},
            "finished_at": timezone.now(),
            "staged": b"",
        }
    ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.READING).update(**fields)
    return _reload(job)


def import_confirm(*, actor: AbstractBaseUser, job: ImportJob) -> ImportJob:
    """The user has seen the preview and imports the rows that passed. Only a previewed
    job can be confirmed, once; a job with row errors only when its importer lets the good
    rows in without the bad (``Importer.partial``). Small jobs are applied at once."""
    importer = registry.get(job.importer)
    with transaction.atomic():
        job = ImportJob.objects.without_file().select_for_update().get(pk=job.pk)
        if job.status != ImportJob.Status.PREVIEW:
            raise ValidationError(_("This file is not ready to import."))
        if job.preview.get("error_count") and not importer.partial:
            raise ValidationError(
                _("Some rows cannot be imported. Correct them and upload the file again.")
            )
        job.status = ImportJob.Status.APPLYING
        job.processed = 0
        job.heartbeat_at = timezone.now()
        job.save(update_fields=["status", "processed", "heartbeat_at"])
    if job.total <= APPLY_INLINE_ROWS:
        return import_apply(job=job, actor=actor)
    actor_id = getattr(actor, "pk", None)
    transaction.on_commit(lambda: apply_job.enqueue(job.pk, actor_id))
    return job


def import_apply(*, job: ImportJob, actor: AbstractBaseUser | None) -> ImportJob:
    """Write the staged rows with the importer's ``apply``, all in one transaction: the job
    is done with its counts, or — whatever went wrong, at whichever row — failed with the
    reason and nothing written. A job is applied once, by whoever claims it first.
    ``actor`` is ``None`` when the person who confirmed it is gone by the time a worker
    applies it."""
    now = timezone.now()
    claimed = ImportJob.objects.filter(
        pk=job.pk, status=ImportJob.Status.APPLYING, applying_since__isnull=True
    ).update(applying_since=now, heartbeat_at=now)
    if not claimed:
        return _reload(job)
    job = ImportJob.objects.get(pk=job.pk)
    importer = registry.get(job.importer)
    target = _target(importer, job)
    if target is None:
        return _fail(job, {"code": "target_gone", "message": "The target is gone."})
    progress = Progress(job)
    try:
        with collector_paused(), transaction.atomic():
            rows = importer.load(json.loads(zlib.decompress(job.staged)))
            counts = importer.apply(
                actor=actor, target=target, rows=rows, job=job, progress=progress
            )
            if not isinstance(counts, Counts):
                raise TypeError(f"{importer.name}.apply returned {counts!r}, not Counts")
            ImportJob.objects.filter(pk=job.pk).update(
                status=ImportJob.Status.DONE,
                processed=len(rows),
                created_count=counts.created,
                updated_count=counts.updated,
                unchanged_count=counts.unchanged,
                finished_at=timezone.now(),
                heartbeat_at=timezone.now(),
                staged=b"",
                data=b"",
            )
    except RowRejected as rejected:
        return _fail(
            job,
            {
                "code": "rows_changed",
                "message": str(rejected),
                "params": {"row": rejected.row, "reason": rejected.reason},
            },
        )
    except ValidationError as error:
        return _fail(
            job,
            {
                "code": "rejected",
                "message": " ".join(error.messages),
                "params": {"reason": " ".join(error.messages)},
            },
        )
    except Exception:
        log.exception("import %s (%s) could not be applied", job.pk, job.importer)
        return _fail(job, _unexpected(job))
    finally:
        progress.close()
    return _reload(job)


def import_jobs_mark_stalled(*, now: datetime | None = None, pks: list[int] | None = None) -> int:
    """Mark running jobs that have not moved for ``IMPORT_STALL_MINUTES`` as stalled, with
    the reason; returns how many. Their worker died or never ran: a reading job never got
    its preview, an applying job's transaction was rolled back, so nothing was written."""
    now = now or timezone.now()
    marked = 0
    for status, code in (
        (ImportJob.Status.READING, "stalled_reading"),
        (ImportJob.Status.APPLYING, "stalled_applying"),
    ):
        found = ImportJob.objects.stale(now).filter(status=status)
        if pks is not None:
            found = found.filter(pk__in=pks)
        minutes = settings.IMPORT_STALL_MINUTES
        marked += found.update(
            status=ImportJob.Status.STALLED,
            failure={
                "code": code,
                "message": f"No progress for {minutes} minutes.",
                "params": {"minutes": minutes},
            },
            finished_at=now,
            data=b"",
            staged=b"",
        )
    if marked:
        log.warning("%d import job(s) stalled", marked)
    return marked


class Progress:
    """Tells the job page how many rows are written. The rows go in within one
    transaction, whose writes nobody else sees before it commits, so on PostgreSQL the
    count travels through a second connection of its own (autocommit; it touches only the
    job's row, which the transaction does not lock before its end). SQLite has one writer
    at a time, so there the count stays at 0 and the page says the import is running."""

    INTERVAL = 0.5  # seconds between two writes of the count

    def __init__(self, job: ImportJob) -> None:
        self.pk = job.pk
        self.side: BaseDatabaseWrapper | None = None
        self.last = 0.0
        self.enabled = connection.vendor == "postgresql"

    def __call__(self, done: int) -> None:
        if not self.enabled or time.monotonic() - self.last < self.INTERVAL:
            return
        self.last = time.monotonic()
        if self.side is None:
            self.side = connections.create_connection(DEFAULT_DB_ALIAS)
        table = self.side.ops.quote_name(ImportJob._meta.db_table)
        with self.side.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET processed = %s, heartbeat_at = %s WHERE id = %s",  # noqa: S608
                [done, timezone.now(), self.pk],
            )

    def close(self) -> None:
        if self.side is not None:
            self.side.close()
            self.side = None


def staged_rows(job: ImportJob) -> list[tuple[int, Any]]:
    """The job's staged rows, typed, as (row number, row)."""
    importer = registry.get(job.importer)
    raw = ImportJob.objects.filter(pk=job.pk).values_list("staged", flat=True).first()
    if not raw:
        return []
    return importer.load(json.loads(zlib.decompress(bytes(raw))))


def jsonable_preview(preview: dict[str, Any]) -> dict[str, Any]:
    return json.loads(json.dumps(preview, default=str))


def _target(importer: Importer, job: ImportJob) -> Any:
    return importer.target._default_manager.filter(pk=job.target_id).first()


def _reload(job: ImportJob) -> ImportJob:
    return ImportJob.objects.without_file().get(pk=job.pk)


def _unexpected(job: ImportJob) -> dict[str, Any]:
    return {"code": "unexpected", "message": "Unexpected error.", "params": {"job": job.pk}}


def _fail(job: ImportJob, failure: dict[str, Any]) -> ImportJob:
    """The job failed for ``failure``; its file and staged rows are dropped (a failed job
    is never resumed: the user uploads again)."""
    failure = {"message": "", "params": {}, **failure}
    failure["params"] = jsonable(failure["params"])
    now = timezone.now()
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.FAILED,
        failure=failure,
        finished_at=now,
        heartbeat_at=now,
        data=b"",
        staged=b"",
    )
    return _reload(job)


# --- Background steps, for files too large to handle in a request. They live next to the
# flow that enqueues them, so neither module imports the other.


@task()
def read_job(job_id: int) -> str:
    job = ImportJob.objects.filter(pk=job_id, status=ImportJob.Status.READING).first()
    if job is None:
        return "skipped"
    return import_read(job=job).status


@task()
def apply_job(job_id: int, actor_id: int | None) -> str:
    job = ImportJob.objects.without_file().filter(pk=job_id).first()
    if job is None or job.status != ImportJob.Status.APPLYING:
        return "skipped"
    actor = get_user_model().objects.filter(pk=actor_id).first() if actor_id else None
    return import_apply(job=job, actor=actor).status
