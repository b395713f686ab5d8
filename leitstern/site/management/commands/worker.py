from __future__ import annotations

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from leitstern.core.heartbeat import HeartbeatThread


class Command(BaseCommand):
    help = "Run background tasks (emails, imports, daily recomputations) from the database queue."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--batch", action="store_true", help="Exit once the queue is empty (for cron)."
        )

    def handle(self, *args, batch: bool = False, **options) -> None:
        backend = settings.TASKS["default"]["BACKEND"]
        if backend != "django_tasks_db.DatabaseBackend":
            raise CommandError(
                "LEITSTERN_TASKS is 'immediate': tasks run inside the web process and no worker "
                "is needed. Set LEITSTERN_TASKS=database to queue them for this worker."
            )
        # A heartbeat every minute, so `leitstern preflight` can tell the worker runs.
        heartbeat = HeartbeatThread()
        heartbeat.start()
        try:
            call_command("db_worker", batch=batch)
        finally:
            heartbeat.stop()
