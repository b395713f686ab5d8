"""An upload on its way in: read, previewed, confirmed, applied — or failed, or stalled."""

from __future__ import annotations

from datetime import timedelta
from typing import ClassVar

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class ImportJobQuerySet(models.QuerySet["ImportJob"]):
    def for_target(self, importer: str, target_id: int) -> ImportJobQuerySet:
        return self.filter(importer=importer, target_id=target_id)

    def running(self) -> ImportJobQuerySet:
        return self.filter(status__in=ImportJob.RUNNING)

    def stale(self, now=None) -> ImportJobQuerySet:
        """Running jobs that have not moved for ``IMPORT_STALL_MINUTES``."""
        now = now or timezone.now()
        cutoff = now - timedelta(minutes=settings.IMPORT_STALL_MINUTES)
        return self.running().filter(heartbeat_at__lt=cutoff)

    def without_file(self) -> ImportJobQuerySet:
        """Everything but the uploaded bytes and the staged rows (the large columns)."""
        return self.defer("data", "staged")


class ImportJob(models.Model):
    """One uploaded file for one importer (``importer``, the registry's name) and one
    target (``target_id``: the team, metric … the rows go into, in ``workspace``).

    States: ``reading`` (the file is decoded and every row validated), ``preview`` (rows,
    errors and warnings are shown; nothing is written), ``applying`` (the rows are written
    in one transaction), ``done``; ``failed`` with a reason (``failure``) when the file
    cannot be read or applying went wrong — nothing was written either way —, and
    ``stalled`` when a reading or applying job has not moved (``heartbeat_at``) for
    ``IMPORT_STALL_MINUTES``: its worker died or never ran."""

    class Status(models.TextChoices):
        READING = "reading", _("Reading the file")
        PREVIEW = "preview", _("Ready to import")
        APPLYING = "applying", _("Importing")
        DONE = "done", _("Imported")
        FAILED = "failed", _("Failed")
        STALLED = "stalled", _("Stalled")

    RUNNING = (Status.READING, Status.APPLYING)

    workspace_path: ClassVar[str] = "workspace"

    workspace = models.ForeignKey(
        "workspaces.Workspace", on_delete=models.CASCADE, related_name="+"
    )
    importer = models.CharField(max_length=100)
    target_id = models.BigIntegerField()
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    status = models.CharField(max_length=20, choices=Status.choices, default=Status.READING)
    filename = models.CharField(max_length=255, blank=True)
    options = models.JSONField(default=dict, blank=True)
    # The uploaded bytes, until the job is done or failed.
    data = models.BinaryField(blank=True, default=b"")
    # The rows that passed, zlib-compressed JSON, kept between preview and apply so a large
    # file is read only once.
    staged = models.BinaryField(blank=True, default=b"")
    # Rows read, rows ready, the first row errors (with their total), warnings, a sample and
    # the importer's own numbers (see ``flow.import_read``).
    preview = models.JSONField(default=dict, blank=True)
    # Why the job failed or stalled: {"code", "message", "params"}.
    failure = models.JSONField(default=dict, blank=True)
    total = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    created_count = models.PositiveIntegerField(default=0)
    updated_count = models.PositiveIntegerField(default=0)
    unchanged_count = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    # When the job last showed a sign of life: created, started reading or applying, or
    # reported progress.
    heartbeat_at = models.DateTimeField(default=timezone.now)
    # Set by the one worker that runs the apply step, so a task delivered twice runs once.
    applying_since = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["importer", "target_id"], name="import_job_target"),
            models.Index(fields=["status", "heartbeat_at"], name="import_job_status"),
        ]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return self.filename or f"import {self.pk}"

    @property
    def is_running(self) -> bool:
        return self.status in self.RUNNING

    @property
    def is_stale(self) -> bool:
        """Running, but silent for longer than ``IMPORT_STALL_MINUTES``."""
        limit = timedelta(minutes=settings.IMPORT_STALL_MINUTES)
        return self.is_running and timezone.now() - self.heartbeat_at > limit

    @property
    def percent(self) -> int:
        """How far applying has come; only meaningful while applying."""
        if self.status != self.Status.APPLYING or not self.total:
            return 0
        return min(100, int(100 * self.processed / self.total))
