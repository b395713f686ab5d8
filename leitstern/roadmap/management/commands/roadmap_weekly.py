from __future__ import annotations

from django.core.management.base import BaseCommand

from leitstern.roadmap.tasks import send_revisit_reminders, send_weekly_digests


class Command(BaseCommand):
    help = (
        "Queue the roadmap's weekly e-mails: each follower's digest of what changed and why, "
        "and reminders of decisions and parked items due for another look. Run it once a week "
        "(cron or a systemd timer); the worker sends the e-mails."
    )

    def handle(self, *args, **options) -> None:
        digests = send_weekly_digests.enqueue()
        reminders = send_revisit_reminders.enqueue()
        self.stdout.write(
            self.style.SUCCESS(
                f"Roadmap digests ({digests.id}) and reminders ({reminders.id}) queued."
            )
        )
