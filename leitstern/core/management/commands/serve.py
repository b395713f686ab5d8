from __future__ import annotations

import os

from django.core.management import call_command
from django.core.management.base import BaseCommand
from gunicorn.app.base import BaseApplication


class _Gunicorn(BaseApplication):
    def __init__(self, options: dict) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from leitstern.config.wsgi import application

        return application


class Command(BaseCommand):
    help = "Serve Leitstern in production with gunicorn; static files through whitenoise."

    def add_arguments(self, parser) -> None:
        default_host = os.environ.get("LEITSTERN_HOST", "0.0.0.0")  # noqa: S104
        parser.add_argument("--host", default=default_host)
        parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "8000")))
        parser.add_argument(
            "--workers", type=int, default=int(os.environ.get("LEITSTERN_WEB_WORKERS", "3"))
        )
        parser.add_argument(
            "--no-migrate", action="store_true", help="Do not apply migrations on start."
        )

    def handle(self, *args, host: str, port: int, workers: int, no_migrate: bool, **opts) -> None:
        if not no_migrate:
            call_command("migrate", interactive=False, verbosity=1)
        call_command("collectstatic", interactive=False, verbosity=0)
        _Gunicorn(
            {
                "bind": f"{host}:{port}",
                "workers": workers,
                "accesslog": "-",
                "logger_class": "leitstern.core.logging.AccessLogger",
                "timeout": 60,
            }
        ).run()
