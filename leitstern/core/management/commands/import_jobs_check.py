from __future__ import annotations

from django.conf import settings
from django.core.management.base import BaseCommand

from leitstern.core.imports.flow import import_jobs_mark_stalled


class Command(BaseCommand):
    help = (
        "Mark imports that have not moved for LEITSTERN_IMPORT_STALL_MINUTES as stalled "
        "(their worker died or none runs). Run every few minutes from cron or a timer."
    )

    def handle(self, *args, **options) -> None:
        marked = import_jobs_mark_stalled()
        self.stdout.write(
            f"{marked} import(s) marked stalled "
            f"(no progress for {settings.IMPORT_STALL_MINUTES} minutes)."
        )
