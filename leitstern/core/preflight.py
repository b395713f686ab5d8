"""What ``leitstern preflight`` checks before an installation goes live.

Each check returns one ``Result``: PASS, WARN (works, but look at it) or FAIL (fix before
going live). The command prints one line per result and exits non-zero on any FAIL.
Nothing here prints a secret: not the key, not a password, not a full database address.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks
from django.db import DatabaseError
from django.db import connection as default_connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone


class Status(StrEnum):
    PASS = "PASS"  # noqa: S105 - a check's outcome, not a password
    WARN = "WARN"
    FAIL = "FAIL"


@dataclass(frozen=True)
class Result:
    check: str
    status: Status
    detail: str

    def line(self) -> str:
        return f"{self.status:<4}  {self.check:<14} {self.detail}"


def check_production() -> Result:
    if not getattr(settings, "PRODUCTION", False):
        return Result(
            "production",
            Status.FAIL,
            "LEITSTERN_PRODUCTION is off: secure cookies, HSTS and "
            "the HTTPS redirect are not active. Set LEITSTERN_PRODUCTION=1.",
        )
    if settings.DEBUG:
        return Result("production", Status.FAIL, "DEBUG is on; it shows internals on errors.")
    return Result("production", Status.PASS, "production mode on, debug off")


def check_secret_key() -> Result:
    key = settings.SECRET_KEY or ""
    if len(key) < 50 or len(set(key)) < 5 or key.startswith("django-insecure-"):
        return Result(
            "secret key",
            Status.FAIL,
            "SECRET_KEY is too short or too simple: use at least 50 random characters "
            "(python -c 'import secrets; print(secrets.token_urlsafe(50))').",
        )
    if "only-for-tests" in key:
        return Result("secret key", Status.FAIL, "SECRET_KEY is the test suite's key.")
    return Result("secret key", Status.PASS, f"set, {len(key)} characters")


def check_connector_key() -> Result:
    """The key that encrypts the credentials of live connectors (Jira, GitHub …)."""
    from cryptography.fernet import Fernet

    keys = [k.strip() for k in getattr(settings, "CONNECTOR_KEYS", []) if k.strip()]
    if not keys:
        status = Status.FAIL if getattr(settings, "PRODUCTION", False) else Status.WARN
        return Result(
            "connector key",
            status,
            "LEITSTERN_CONNECTOR_KEY is not set: tracker credentials cannot be stored or read. "
            "Create one with python -c 'from cryptography.fernet import Fernet; "
            "print(Fernet.generate_key().decode())' and keep it with your backups.",
        )
    for number, key in enumerate(keys, start=1):
        try:
            Fernet(key.encode())
        except ValueError:
            return Result(
                "connector key",
                Status.FAIL,
                f"LEITSTERN_CONNECTOR_KEY's key {number} is not a Fernet key "
                "(32 bytes, URL-safe base64).",
            )
    return Result("connector key", Status.PASS, f"{len(keys)} key(s) set")


def check_hosts() -> Result:
    hosts = list(settings.ALLOWED_HOSTS)
    if not hosts:
        return Result("allowed hosts", Status.FAIL, "ALLOWED_HOSTS is empty: every request fails.")
    if "*" in hosts:
        return Result("allowed hosts", Status.FAIL, "ALLOWED_HOSTS contains '*': name the host.")
    base = urlsplit(settings.BASE_URL)
    host = base.hostname or ""
    matches = any(h == host or (h.startswith(".") and host.endswith(h)) for h in hosts)
    if not matches:
        return Result(
            "allowed hosts",
            Status.FAIL,
            f"LEITSTERN_BASE_URL's host {host!r} is not in ALLOWED_HOSTS: links in emails "
            "would point to an address Leitstern does not answer on.",
        )
    if base.scheme != "https":
        return Result(
            "allowed hosts",
            Status.WARN,
            f"LEITSTERN_BASE_URL {settings.BASE_URL} is not https: emailed links go out "
            "unencrypted.",
        )
    return Result(
        "allowed hosts", Status.PASS, f"{', '.join(hosts)}; links use {settings.BASE_URL}"
    )


def check_django_deploy() -> list[Result]:
    """Django's own deployment checks (``check --deploy``), one line each."""
    messages = checks.run_checks(include_deployment_checks=True)
    results = []
    for message in messages:
        if message.level < checks.WARNING:
            continue
        status = Status.FAIL if message.level >= checks.ERROR else Status.WARN
        results.append(Result("django", status, f"{message.id}: {message.msg}"))
    return results or [Result("django", Status.PASS, "Django's deployment checks found nothing")]


def check_database(conn=None) -> Result:
    connection = conn or default_connection
    vendor = connection.vendor
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError as error:
        return Result(
            "database",
            Status.FAIL,
            f"{vendor}: cannot connect ({error.__class__.__name__}: {error})".strip(),
        )
    if vendor == "sqlite":
        with connection.cursor() as cursor:
            mode = cursor.execute("PRAGMA journal_mode").fetchone()[0]
        detail = f"sqlite {connection.settings_dict['NAME']} (journal {mode})"
        if getattr(settings, "PRODUCTION", False):
            return Result(
                "database",
                Status.WARN,
                detail + ": fine for a small team; PostgreSQL is recommended for real use.",
            )
        return Result("database", Status.PASS, detail)
    return Result(
        "database",
        Status.PASS,
        f"{vendor} {connection.settings_dict.get('NAME')} on "
        f"{connection.settings_dict.get('HOST') or 'local socket'}",
    )


def check_migrations(conn=None) -> Result:
    connection = conn or default_connection
    try:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError as error:
        return Result("migrations", Status.FAIL, f"cannot read the migration state: {error}")
    if plan:
        names = ", ".join(f"{m.app_label}.{m.name}" for m, _backwards in plan[:5])
        more = f" and {len(plan) - 5} more" if len(plan) > 5 else ""
        return Result(
            "migrations",
            Status.FAIL,
            f"{len(plan)} not applied ({names}{more}): run leitstern migrate.",
        )
    return Result("migrations", Status.PASS, "all applied")


def check_worker() -> Result:
    from leitstern.core.heartbeat import latest

    if settings.TASKS["default"]["BACKEND"] != "django_tasks_db.DatabaseBackend":
        return Result(
            "worker",
            Status.PASS,
            "tasks run inside the web process (LEITSTERN_TASKS=immediate); no worker needed",
        )
    try:
        heartbeat = latest()
    except DatabaseError as error:
        return Result("worker", Status.FAIL, f"cannot read heartbeats: {error}")
    if heartbeat is None:
        return Result(
            "worker",
            Status.FAIL,
            "no worker has ever reported: start `leitstern worker` (emails and imports wait "
            "in the queue until then).",
        )
    age = (timezone.now() - heartbeat.beat_at).total_seconds()
    limit = settings.WORKER_HEARTBEAT_MAX_AGE_SECONDS
    if age > limit:
        return Result(
            "worker",
            Status.FAIL,
            f"last heartbeat {age:.0f} s ago from {heartbeat.worker} (limit {limit} s): "
            "is `leitstern worker` still running?",
        )
    return Result("worker", Status.PASS, f"{heartbeat.worker} alive {age:.0f} s ago")


def check_email() -> Result:
    from django.core.mail import mailers
    from django.core.mail.backends.smtp import EmailBackend

    backend = mailers.default
    if not isinstance(backend, EmailBackend):
        status = Status.FAIL if getattr(settings, "PRODUCTION", False) else Status.WARN
        return Result(
            "email",
            status,
            f"{type(backend).__module__.rsplit('.', 1)[-1]} backend: emails are not sent. "
            "Set EMAIL_HOST (and friends) for invitations and password resets.",
        )
    try:
        backend.open()
    except (TimeoutError, OSError) as error:
        return Result(
            "email",
            Status.FAIL,
            f"cannot reach SMTP {backend.host}:{backend.port} "
            f"({error.__class__.__name__}: {error})",
        )
    finally:
        backend.close()
    sender = settings.DEFAULT_FROM_EMAIL
    if sender.rstrip(">").endswith("@localhost"):
        return Result(
            "email",
            Status.WARN,
            f"SMTP {backend.host}:{backend.port} reachable, but DEFAULT_FROM_EMAIL is {sender}",
        )
    return Result("email", Status.PASS, f"SMTP {backend.host}:{backend.port} reachable")


def send_test_email(address: str) -> Result:
    """Send one email now, bypassing the queue, so the operator sees delivery at once."""
    from django.core.mail import EmailMessage

    try:
        sent = EmailMessage(
            subject="Leitstern: test email",
            body="This is a test email from leitstern preflight. Email delivery works.",
            to=[address],
            from_email=settings.DEFAULT_FROM_EMAIL,
        ).send()
    except (TimeoutError, OSError) as error:
        return Result("test email", Status.FAIL, f"not sent to {address}: {error}")
    if not sent:
        return Result("test email", Status.FAIL, f"not sent to {address}")
    return Result("test email", Status.PASS, f"sent to {address}; check that it arrived")


def run_all(*, test_email: str = "") -> list[Result]:
    results = [
        check_production(),
        check_secret_key(),
        check_connector_key(),
        check_hosts(),
        *check_django_deploy(),
        check_database(),
    ]
    database_ok = results[-1].status != Status.FAIL
    if database_ok:
        results += [check_migrations(), check_worker()]
    else:
        results += [
            Result("migrations", Status.FAIL, "not checked: no database"),
            Result("worker", Status.FAIL, "not checked: no database"),
        ]
    results.append(check_email())
    if test_email:
        results.append(send_test_email(test_email))
    return results
