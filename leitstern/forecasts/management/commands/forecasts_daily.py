"""Queue the daily forecast work; run once a day from cron or a systemd timer."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from leitstern.forecasts.tasks import daily


class Command(BaseCommand):
    help = (
        "Queue the daily recomputation of tracking forecasts and the scoring of due saved "
        "forecasts."
    )

    def handle(self, *args, **options) -> None:
        result = daily.enqueue()
        self.stdout.write(_("Queued the daily forecast task (%(id)s).") % {"id": result.id})
