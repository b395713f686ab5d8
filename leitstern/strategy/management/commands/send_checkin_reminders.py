from __future__ import annotations

from django.core.management.base import BaseCommand

from leitstern.strategy.tasks import send_checkin_reminders


class Command(BaseCommand):
    help = (
        "Queue the weekly e-mail with each person's due OKR check-ins. Run it once a week "
        "(cron or a systemd timer); the worker sends the e-mails."
    )

    def handle(self, *args, **options) -> None:
        result = send_checkin_reminders.enqueue()
        self.stdout.write(self.style.SUCCESS(f"Check-in reminders queued ({result.id})."))
