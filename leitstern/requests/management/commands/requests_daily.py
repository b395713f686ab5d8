"""Queue the requests' daily run; once a day from cron or a systemd timer."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from leitstern.requests.tasks import refresh_accounts, refresh_risks, refresh_rollups


class Command(BaseCommand):
    help = (
        "Queue the daily recomputation of the stored risk of every open commitment and of"
        " the stored revenue roll-ups and the accounts each person looks after."
    )

    def handle(self, *args, **options) -> None:
        result = refresh_risks.enqueue()
        self.stdout.write(_("Queued the daily risk refresh (%(id)s).") % {"id": result.id})
        result = refresh_rollups.enqueue()
        self.stdout.write(_("Queued the daily roll-up refresh (%(id)s).") % {"id": result.id})
        result = refresh_accounts.enqueue()
        self.stdout.write(
            _("Queued the daily refresh of the accounts looked after (%(id)s).") % {"id": result.id}
        )
