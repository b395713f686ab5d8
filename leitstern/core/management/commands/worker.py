from __future__ import annotations

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Run background tasks (emails, imports, daily recomputations) from the database queue."

    def handle(self, *args, **options) -> None:
        backend = settings.TASKS["default"]["BACKEND"]
        if backend != "django_tasks_db.DatabaseBackend":
            raise CommandError(
                "LEITSTERN_TASKS is 'immediate': tasks run inside the web process and no worker "
                "is needed. Set LEITSTERN_TASKS=database to queue them for this worker."
            )
        call_command("db_worker")
