"""The worker's heartbeat: a row per worker process, renewed every minute from a small
thread, so ``leitstern preflight`` (and an operator) can see that background tasks are
being picked up."""

from __future__ import annotations

import logging
import os
import socket
import threading
from datetime import timedelta

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone

from leitstern.core.models import WorkerHeartbeat

log = logging.getLogger(__name__)


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"


def beat(worker: str, *, started_at) -> WorkerHeartbeat:
    """Record that ``worker`` is alive now; forget workers silent for a day."""
    now = timezone.now()
    WorkerHeartbeat.objects.filter(beat_at__lt=now - timedelta(days=1)).delete()
    heartbeat, _created = WorkerHeartbeat.objects.update_or_create(
        worker=worker, defaults={"beat_at": now, "started_at": started_at}
    )
    return heartbeat


def latest() -> WorkerHeartbeat | None:
    return WorkerHeartbeat.objects.order_by("-beat_at").first()


class HeartbeatThread(threading.Thread):
    """Beats at once, then every ``interval`` seconds until ``stop()``. A failed beat (the
    database briefly away) is logged and retried at the next interval, never fatal."""

    def __init__(self, *, interval: float | None = None) -> None:
        super().__init__(name="leitstern-heartbeat", daemon=True)
        self.interval = interval or settings.WORKER_HEARTBEAT_SECONDS
        self.worker = worker_name()
        self.started_at = timezone.now()
        self._stopped = threading.Event()

    def run(self) -> None:
        while not self._stopped.is_set():
            try:
                close_old_connections()
                beat(self.worker, started_at=self.started_at)
            except Exception:
                log.exception("worker heartbeat could not be recorded")
            finally:
                # This thread's own connection: never keep it open between beats.
                connection.close()
            self._stopped.wait(self.interval)

    def stop(self) -> None:
        self._stopped.set()
