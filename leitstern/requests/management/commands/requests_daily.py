"""Queue the requests' daily run; once a day from cron or a systemd timer."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from leitstern.requests.tasks import refresh_risks


class Command(BaseCommand):
    help = "Queue the daily recomputation of the stored risk of every open commitment."

    def handle(self, *args, **options) -> None:
        result = refresh_risks.enqueue()
        self.stdout.write(_("Queued the daily risk refresh (%(id)s).") % {"id": result.id})
