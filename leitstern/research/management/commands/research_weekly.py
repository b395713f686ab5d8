from __future__ import annotations

from django.core.management.base import BaseCommand

from leitstern.research.tasks import send_weekly_reminders


class Command(BaseCommand):
    help = (
        "Queue research's weekly reminder to interviewers behind their goal of "
        "conversations (each can turn it off). Run it once a week, e.g. Monday morning."
    )

    def handle(self, *args, **options) -> None:
        result = send_weekly_reminders.enqueue()
        self.stdout.write(self.style.SUCCESS(f"Weekly reminders queued ({result.id})."))
