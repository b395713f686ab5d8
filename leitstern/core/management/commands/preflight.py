"""``leitstern preflight``: is this installation ready to go live? One line per check."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from leitstern.core.preflight import Status, run_all


class Command(BaseCommand):
    help = (
        "Check an installation before going live: configuration (production mode, "
        "SECRET_KEY, ALLOWED_HOSTS, Django's deployment checks), the database, migrations, "
        "the worker's heartbeat and email. Exits non-zero when any check fails."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--send-test-email",
            metavar="ADDRESS",
            default="",
            help="Also send a test email to ADDRESS right away.",
        )

    def handle(self, *args, send_test_email: str, **options) -> None:
        results = run_all(test_email=send_test_email)
        style = {
            Status.PASS: self.style.SUCCESS,
            Status.WARN: self.style.WARNING,
            Status.FAIL: self.style.ERROR,
        }
        for result in results:
            self.stdout.write(style[result.status](result.line()))
        failed = sum(r.status == Status.FAIL for r in results)
        warned = sum(r.status == Status.WARN for r in results)
        summary = f"{len(results)} checks: {failed} failed, {warned} warnings."
        if failed:
            raise CommandError(summary)
        self.stdout.write(summary)
