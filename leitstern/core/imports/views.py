"""What a module's import views share: the job page (with its htmx fragment) and the
confirm step. The module's own views resolve the target and the job with its access
lookups, then hand over here."""

from __future__ import annotations

import contextlib
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import DatabaseError, transaction
from django.http import HttpRequest
from django.template.response import TemplateResponse

from leitstern.core.http import AuthenticatedRequest
from leitstern.core.imports.declaration import Importer
from leitstern.core.imports.flow import import_confirm, import_jobs_mark_stalled
from leitstern.core.imports.messages import describe
from leitstern.core.imports.models import ImportJob

# Row errors listed on the page; all are counted, and the first ``flow.KEPT_ERRORS`` kept.
SHOWN_ERRORS = 200


def job_context(importer: Importer, job: ImportJob) -> dict[str, Any]:
    """The job's state, its row errors, warnings and failure, described in the reader's
    language, for ``core/imports/_job.html``."""
    preview = job.preview or {}
    kept = preview.get("errors", [])
    errors = [
        {
            "row": e["row"],
            "column": e.get("column", ""),
            "text": describe(importer, e["code"], e.get("params"), e.get("message", "")),
        }
        for e in kept[:SHOWN_ERRORS]
    ]
    warnings = [
        describe(importer, w["code"], w.get("params"), w.get("message", ""))
        for w in preview.get("warnings", [])
    ]
    failure = job.failure or {}
    return {
        "job": job,
        "importer": importer,
        "preview": preview,
        "errors": errors,
        "errors_hidden": max(0, preview.get("error_count", 0) - len(errors)),
        "warnings": warnings,
        "failure": describe(
            importer, failure["code"], failure.get("params"), failure.get("message", "")
        )
        if failure
        else "",
        "columns": [str(column.label) for column in importer.columns],
    }


def job_page(
    request: HttpRequest,
    *,
    importer: Importer,
    job: ImportJob,
    template: str,
    context: dict[str, Any],
) -> TemplateResponse:
    """The job's page, or only its status (``#import-status``) for htmx polling. A running
    job that has not moved for ``IMPORT_STALL_MINUTES`` is marked stalled here, so nobody
    watches a frozen progress bar. ``context`` needs ``job_url``, ``apply_url`` and
    ``upload_url`` besides the module's own names."""
    if job.is_stale:
        # Should a writer hold SQLite's lock right now, the next look marks it.
        with contextlib.suppress(DatabaseError), transaction.atomic():
            import_jobs_mark_stalled(pks=[job.pk])
        job = ImportJob.objects.without_file().get(pk=job.pk)
    full = {**job_context(importer, job), **context}
    name = template + ("#import-status" if getattr(request, "htmx", False) else "")
    return TemplateResponse(request, name, full)


def confirm(request: AuthenticatedRequest, *, job: ImportJob) -> ImportJob | None:
    """Confirm the preview for the signed-in user; a job that cannot be confirmed (not
    previewed, already confirmed, rows with errors) says why in a message."""
    try:
        return import_confirm(actor=request.user, job=job)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return None
