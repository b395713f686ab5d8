"""The kernel's own records: worker heartbeats, and import jobs (``core.imports``)."""

from __future__ import annotations

from django.db import models

from leitstern.core.imports.models import ImportJob

__all__ = ["ImportJob", "WorkerHeartbeat"]


class WorkerHeartbeat(models.Model):
    """The last sign of life of one ``leitstern worker`` process, written every minute, so
    ``leitstern preflight`` can tell whether background tasks are being run at all."""

    worker = models.CharField(max_length=200, unique=True)
    beat_at = models.DateTimeField()
    started_at = models.DateTimeField()

    class Meta:
        ordering = ["-beat_at"]

    def __str__(self) -> str:
        return f"{self.worker} at {self.beat_at:%Y-%m-%d %H:%M:%S}"
