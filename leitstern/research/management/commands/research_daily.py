from __future__ import annotations

from django.core.management.base import BaseCommand

from leitstern.research.tasks import flag_expiring_consents


class Command(BaseCommand):
    help = (
        "Queue research's daily run: consents that expire soon are flagged and the editors "
        "told whose to renew. Run it once a day (cron or a systemd timer)."
    )

    def handle(self, *args, **options) -> None:
        result = flag_expiring_consents.enqueue()
        self.stdout.write(self.style.SUCCESS(f"Expiring consents queued ({result.id})."))
