from __future__ import annotations

import os

from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.core.servers.basehttp import get_internal_wsgi_application
from django.db import connections
from django.urls import get_resolver
from gunicorn.app.base import BaseApplication


def close_database_connections() -> None:
    """Close every database connection this process holds.

    The gunicorn master migrates before it forks its workers. A connection still open at the
    fork is inherited by every worker: all of them then talk over one socket to one database
    session, read each other's answers (one caller gets another's identity) and break each
    other's transactions. So the master holds no connection whenever it forks."""
    connections.close_all()


def forget_inherited_connections() -> None:
    """In a freshly forked worker: drop any connection object inherited from the master
    without closing it (closing would end the master's database session over the shared
    socket); the worker opens its own on first use."""
    for connection in connections.all(initialized_only=True):
        connection.connection = None


# gunicorn checks each hook's number of arguments.
def _when_ready(server) -> None:
    close_database_connections()


def _pre_fork(server, worker) -> None:
    close_database_connections()


def _post_fork(server, worker) -> None:
    forget_inherited_connections()


class _Gunicorn(BaseApplication):
    def __init__(self, options: dict) -> None:
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        # The WSGI_APPLICATION setting, as runserver loads it.
        application = get_internal_wsgi_application()
        warm_up()
        return application


def warm_up() -> None:
    """Import every URL module (views, API routers and their schemas: about 3.5 s of CPU)
    and index the URL patterns while the worker boots, before it accepts a connection, so
    that no visitor's first request after a start or a worker restart waits for it."""
    get_resolver().reverse_dict  # noqa: B018 - reading it builds the index


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
        close_database_connections()
        _Gunicorn(
            {
                "bind": f"{host}:{port}",
                "workers": workers,
                "accesslog": "-",
                "logger_class": "leitstern.core.logging.AccessLogger",
                "timeout": 60,
                # Also before every later fork (a worker restarted after a crash or timeout),
                # in case anything in the master opened a connection meanwhile.
                "when_ready": _when_ready,
                "pre_fork": _pre_fork,
                "post_fork": _post_fork,
            }
        ).run()
