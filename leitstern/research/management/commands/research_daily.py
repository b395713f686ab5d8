from __future__ import annotations

from django.core.management.base import BaseCommand

from leitstern.research.tasks import apply_retention, flag_expiring_consents


class Command(BaseCommand):
    help = (
        "Queue research's daily runs: consents that expire soon are flagged and the editors "
        "told whose to renew; transcripts, recordings and notes past the workspace's "
        "retention period are deleted. Run it once a day (cron or a systemd timer)."
    )

    def handle(self, *args, **options) -> None:
        flagged = flag_expiring_consents.enqueue()
        retention = apply_retention.enqueue()
        self.stdout.write(
            self.style.SUCCESS(
                f"Expiring consents queued ({flagged.id}); retention queued ({retention.id})."
            )
        )
