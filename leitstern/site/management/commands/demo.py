from __future__ import annotations

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from leitstern.site.demo import DEMO_PASSWORD, DEMO_SLUG, seed_demo


class Command(BaseCommand):
    help = "Migrate the database, seed the demo company and serve Leitstern locally."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--host", default="127.0.0.1", help="Address to listen on.")
        parser.add_argument("--port", type=int, default=8000, help="Port to listen on.")
        parser.add_argument(
            "--reset", action="store_true", help="Delete the demo workspace and seed it anew."
        )
        parser.add_argument(
            "--no-serve", action="store_true", help="Only migrate and seed, then exit."
        )

    def handle(self, *args, host: str, port: int, reset: bool, no_serve: bool, **options) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write(self.style.SUCCESS("Database ready."))
        people = seed_demo(reset=reset, log=self.stdout.write)
        address = f"[{host}]" if ":" in host else host
        self.stdout.write("")
        self.stdout.write(
            self.style.SUCCESS(f"Leitstern demo: http://{address}:{port}/w/{DEMO_SLUG}/")
        )
        self.stdout.write(f"Sign in with any of these (password for all: {DEMO_PASSWORD}):")
        for email, role in people:
            self.stdout.write(f"  {email:34} {role}")
        if no_serve:
            return
        if host not in settings.ALLOWED_HOSTS:
            # The demo may listen on another interface; accept requests addressed to it.
            everywhere = host in ("0.0.0.0", "::")  # noqa: S104
            settings.ALLOWED_HOSTS.append("*" if everywhere else host)
        call_command("runserver", f"{address}:{port}", use_reloader=False, use_ipv6=":" in host)
