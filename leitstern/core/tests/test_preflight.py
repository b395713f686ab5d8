"""``leitstern preflight``: each check passes on a good configuration and fails, with a
line that says what to fix, on a bad one."""

from __future__ import annotations

import os
import socketserver
import threading
import time
from datetime import timedelta

import pytest
from django.core.management import CommandError, call_command
from django.db import OperationalError, connection, connections
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.test import override_settings
from django.utils import timezone

from leitstern.core import preflight
from leitstern.core.heartbeat import HeartbeatThread, beat
from leitstern.core.models import WorkerHeartbeat
from leitstern.core.preflight import Status

GOOD_KEY = "k3Yq-9vLr_TmW2xZpA7sDfGhJkL0qWeRtYuIoPaSdFgHjKlZxCvBnM1234567890"
DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
SECURE = {
    "PRODUCTION": True,
    "DEBUG": False,
    "SECRET_KEY": GOOD_KEY,
    "ALLOWED_HOSTS": ["pm.example.com"],
    "BASE_URL": "https://pm.example.com",
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
    "SECURE_HSTS_SECONDS": 31536000,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
    "SECURE_HSTS_PRELOAD": True,
    "SECURE_SSL_REDIRECT": True,
    "DEFAULT_FROM_EMAIL": "Leitstern <pm@example.com>",
}


class _SMTPHandler(socketserver.StreamRequestHandler):
    """Just enough SMTP for Django's backend: greets, accepts one message per DATA."""

    def handle(self) -> None:
        self.wfile.write(b"220 test ESMTP\r\n")
        while line := self.rfile.readline():
            verb = line.strip().split(b" ")[0].upper()
            if verb == b"EHLO":
                self.wfile.write(b"250-test\r\n250 8BITMIME\r\n")
            elif verb == b"DATA":
                self.wfile.write(b"354 go ahead\r\n")
                body = b""
                while not body.endswith(b"\r\n.\r\n"):
                    body += self.rfile.readline()
                self.server.messages.append(body.decode())
                self.wfile.write(b"250 queued\r\n")
            elif verb == b"QUIT":
                self.wfile.write(b"221 bye\r\n")
                return
            else:
                self.wfile.write(b"250 ok\r\n")


@pytest.fixture
def smtp_server():
    server = socketserver.ThreadingTCPServer(("127.0.0.1", 0), _SMTPHandler)
    server.daemon_threads = True
    server.messages = []
    # ``shutdown`` waits for the next poll (half a second by default) after every test.
    thread = threading.Thread(
        target=server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
    )
    thread.start()
    yield server
    server.shutdown()
    server.server_close()


def _smtp(port: int) -> dict:
    options = {"host": "127.0.0.1", "port": port, "use_tls": False, "timeout": 5}
    return {
        "default": {"BACKEND": "django.core.mail.backends.smtp.EmailBackend", "OPTIONS": options}
    }


def _closed_port() -> int:
    with socketserver.TCPServer(("127.0.0.1", 0), socketserver.BaseRequestHandler) as probe:
        return probe.server_address[1]


def test_production_mode_must_be_on_and_debug_off():
    with override_settings(PRODUCTION=False):
        assert preflight.check_production().status == Status.FAIL
    with override_settings(PRODUCTION=True, DEBUG=True):
        assert "DEBUG is on" in preflight.check_production().detail
    with override_settings(PRODUCTION=True, DEBUG=False):
        assert preflight.check_production().status == Status.PASS


@pytest.mark.parametrize(
    "key,status",
    [
        ("sh0rtKey", Status.FAIL),
        ("a" * 60, Status.FAIL),
        ("django-insecure-" + GOOD_KEY, Status.FAIL),
        ("only-for-tests-never-in-production-" + GOOD_KEY, Status.FAIL),
        (GOOD_KEY, Status.PASS),
    ],
)
def test_secret_key_must_be_long_and_random(key, status):
    with override_settings(SECRET_KEY=key):
        result = preflight.check_secret_key()
    assert result.status == status
    assert key not in result.line()  # the key itself is never printed


@pytest.mark.parametrize(
    "hosts,base,status,words",
    [
        ([], "https://pm.example.com", Status.FAIL, "empty"),
        (["*"], "https://pm.example.com", Status.FAIL, "'*'"),
        (["pm.example.com"], "https://other.example.com", Status.FAIL, "not in ALLOWED_HOSTS"),
        (["pm.example.com"], "http://pm.example.com", Status.WARN, "not https"),
        ([".example.com"], "https://pm.example.com", Status.PASS, "pm.example.com"),
        (["pm.example.com"], "https://pm.example.com", Status.PASS, "https://pm.example.com"),
    ],
)
def test_hosts_and_base_url_must_agree(hosts, base, status, words):
    with override_settings(ALLOWED_HOSTS=hosts, BASE_URL=base):
        result = preflight.check_hosts()
    assert result.status == status and words in result.detail


def test_djangos_deployment_checks_appear_as_lines(db):
    with override_settings(SESSION_COOKIE_SECURE=False):
        lines = preflight.check_django_deploy()
    assert any(r.status == Status.WARN and "security.W012" in r.detail for r in lines)
    # The console mail backend is an error for Django's deployment check.
    assert any(r.status == Status.FAIL and "mail.E001" in r.detail for r in lines)


def _only_the_suites_async_escape(results) -> bool:
    """The test suite sets DJANGO_ALLOW_ASYNC_UNSAFE (the browser tests need it), which
    Django's deployment check rightly reports; nothing else may fail or warn."""
    others = [
        r
        for r in results
        if r.status != Status.PASS
        and "async.E001" not in r.detail
        # SQLite in production works and is said so; the suite also runs on PostgreSQL.
        and not (r.check == "database" and r.status == Status.WARN and "sqlite" in r.detail)
    ]
    escape = [r for r in results if "async.E001" in r.detail]
    expected = 1 if os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE") else 0
    return others == [] and len(escape) == expected


def test_django_deployment_checks_pass_on_a_secure_configuration(db, smtp_server):
    with override_settings(**SECURE, MAILERS=_smtp(smtp_server.server_address[1])):
        lines = preflight.check_django_deploy()
    assert _only_the_suites_async_escape(lines), [r.detail for r in lines]


def test_database_reachable_or_not(db):
    assert preflight.check_database().status == Status.PASS
    real = connections["default"]
    wrapper_class = type(real)
    settings_dict = dict(real.settings_dict)
    if connection.vendor == "sqlite":
        settings_dict["NAME"] = "/nonexistent/folder/leitstern.sqlite3"
    else:
        settings_dict.update(HOST="127.0.0.1", PORT=str(_closed_port()))
    broken = wrapper_class(settings_dict, alias="default")
    try:
        result = preflight.check_database(broken)
    finally:
        broken.close()
    assert result.status == Status.FAIL and "cannot connect" in result.detail
    assert "leitstern:leitstern" not in result.detail  # no password in the line


def test_migrations_applied_or_named(db):
    assert preflight.check_migrations().status == Status.PASS
    # The kernel's newest migration, as if an upgrade brought it and nobody migrated yet.
    (_app, newest), *_ = MigrationLoader(connection).graph.leaf_nodes("core")
    MigrationRecorder(connection).record_unapplied("core", newest)
    result = preflight.check_migrations()
    assert result.status == Status.FAIL
    assert f"core.{newest}" in result.detail and "leitstern migrate" in result.detail


def test_worker_not_needed_with_immediate_tasks(db):
    assert preflight.check_worker().status == Status.PASS


@override_settings(TASKS=DATABASE_TASKS, WORKER_HEARTBEAT_MAX_AGE_SECONDS=300)
def test_worker_heartbeat_must_be_recent(db):
    assert "no worker has ever reported" in preflight.check_worker().detail
    beat("host:1", started_at=timezone.now())
    assert preflight.check_worker().status == Status.PASS
    WorkerHeartbeat.objects.update(beat_at=timezone.now() - timedelta(minutes=6))
    result = preflight.check_worker()
    assert result.status == Status.FAIL and "still running" in result.detail


def _beat_of(worker: str) -> WorkerHeartbeat | None:
    """The worker's row, or None while it is not there or the beating thread holds the
    table (an in-memory SQLite database shared between threads locks whole tables)."""
    try:
        return WorkerHeartbeat.objects.filter(worker=worker).first()
    except OperationalError:
        return None


@pytest.mark.django_db(transaction=True)
def test_heartbeat_thread_beats_until_stopped():
    thread = HeartbeatThread(interval=0.05)
    thread.start()
    try:
        deadline = time.monotonic() + 10
        first = None
        while first is None and time.monotonic() < deadline:
            first = _beat_of(thread.worker)
            time.sleep(0.05)
        assert first is not None
        later = first
        while later.beat_at <= first.beat_at and time.monotonic() < deadline:
            time.sleep(0.05)
            later = _beat_of(thread.worker) or later
        assert later.beat_at > first.beat_at  # renewed, not written once
    finally:
        thread.stop()
        thread.join(timeout=5)
    assert not thread.is_alive()


@pytest.mark.django_db(transaction=True)
@override_settings(TASKS=DATABASE_TASKS)
def test_the_worker_command_records_a_heartbeat():
    call_command("worker", batch=True)
    assert WorkerHeartbeat.objects.count() == 1


def test_email_console_backend_is_a_failure_in_production():
    with override_settings(PRODUCTION=False):
        assert preflight.check_email().status == Status.WARN
    with override_settings(PRODUCTION=True):
        result = preflight.check_email()
    assert result.status == Status.FAIL and "EMAIL_HOST" in result.detail


def test_email_smtp_reachable_or_not(smtp_server):
    with override_settings(MAILERS=_smtp(smtp_server.server_address[1]), **SECURE):
        assert preflight.check_email().status == Status.PASS
    with override_settings(MAILERS=_smtp(_closed_port())):
        result = preflight.check_email()
    assert result.status == Status.FAIL and "cannot reach SMTP 127.0.0.1" in result.detail


def test_test_email_is_sent_at_once(smtp_server):
    with override_settings(MAILERS=_smtp(smtp_server.server_address[1]), **SECURE):
        result = preflight.send_test_email("ops@example.com")
    assert result.status == Status.PASS
    assert len(smtp_server.messages) == 1 and "ops@example.com" in smtp_server.messages[0]


def test_command_prints_a_line_per_check_and_fails_on_any_failure(db, capsys):
    with pytest.raises(CommandError, match=r"\d+ checks: [1-9]\d* failed"):
        call_command("preflight")
    out = capsys.readouterr().out
    assert "FAIL  production" in out and "PASS  database" in out and "PASS  migrations" in out


def test_command_on_a_ready_installation(db, smtp_server, capsys):
    with override_settings(MAILERS=_smtp(smtp_server.server_address[1]), **SECURE):
        results = preflight.run_all(test_email="ops@example.com")
    assert _only_the_suites_async_escape(results), [r.line() for r in results]
    assert any(r.check == "test email" and r.status == Status.PASS for r in results)
    assert len(smtp_server.messages) == 1
    with override_settings(MAILERS=_smtp(smtp_server.server_address[1]), **SECURE):
        if os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE"):
            with pytest.raises(CommandError, match=" 1 failed"):
                call_command("preflight")
        else:
            call_command("preflight")
    out = capsys.readouterr().out
    assert "PASS  production" in out and "PASS  email" in out and "PASS  worker" in out


@pytest.mark.django_db(transaction=True)
def test_backup_copies_the_sqlite_database_online(tmp_path, capsys):
    from leitstern.testing import make_user

    if connection.vendor != "sqlite":
        with pytest.raises(CommandError, match="pg_dump"):
            call_command("backup", str(tmp_path / "copy.sqlite3"))
        return
    import sqlite3

    person = make_user(email="kept@example.com")
    target = tmp_path / "copy.sqlite3"
    call_command("backup", str(target))
    assert "integrity ok" in capsys.readouterr().out
    with sqlite3.connect(target) as copy:
        emails = [row[0] for row in copy.execute("SELECT email FROM accounts_user")]
    assert person.email in emails
    with pytest.raises(CommandError, match="exists already"):
        call_command("backup", str(target))
