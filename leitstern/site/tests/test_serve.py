"""The production server, started for real.

``leitstern serve`` (gunicorn with several worker processes, production settings) runs on the
database the suite runs on, and many clients, each with its own API token, call
``GET /api/v1/me`` from the server's first second. Every answer must be 200, JSON, and the
caller's own identity. Worker processes that inherit the master's open database connection
share one socket and read each other's answers, which this test catches on PostgreSQL.

The server runs in a process of its own, so it cannot see pytest-django's test database
(which lives inside this process's transaction, or in memory on SQLite): it gets a database
of its own, a SQLite file copied from the migrated test database or a dedicated PostgreSQL
database next to the test database.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings

CLIENTS = 40
REQUESTS_PER_CLIENT = 5
WORKERS = 3
START_TIMEOUT = 40.0

# Run by the server's own Python, with the server's settings: migrate, then one person per
# client, each with a workspace and a token. Unusable passwords: nobody signs in by password,
# and Argon2 for 40 people would only cost time.
SEED = """
import json, sys
import django
django.setup()
from django.core.management import call_command
call_command("migrate", interactive=False, verbosity=0)
from leitstern.accounts.models import User
from leitstern.accounts.services import api_token_create
from leitstern.workspaces.services import workspace_create
people = []
for n in range(int(sys.argv[1])):
    user = User.objects.create_user(f"caller{n}@example.com", None, name=f"Caller {n}")
    workspace = workspace_create(actor=user, name=f"Caller {n}")
    _token, raw = api_token_create(actor=user, workspace=workspace, name="load")
    people.append({"id": user.pk, "email": user.email, "token": raw})
print(json.dumps(people))
"""


def _postgres_url(db: dict, name: str) -> str:
    user = quote(db.get("USER") or "", safe="")
    password = quote(db.get("PASSWORD") or "", safe="")
    auth = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = db.get("HOST") or "127.0.0.1"
    port = db.get("PORT") or "5432"
    return f"postgres://{auth}{host}:{port}/{name}"


@pytest.fixture
def server_database(tmp_path: Path, django_db_setup, django_db_blocker) -> Iterator[str]:
    """A DATABASE_URL the server process can reach, of the same kind the suite runs on.

    On SQLite a file copy of the empty, migrated test database, so the server's ``migrate``
    finds everything applied (as an upgraded installation would) instead of building the
    schema again; on PostgreSQL a database of its own that the seeding migrates."""
    db = settings.DATABASES["default"]
    if db["ENGINE"] == "django.db.backends.sqlite3":
        from django.db import connection

        path = tmp_path / "serve.sqlite3"
        with django_db_blocker.unblock(), connection.cursor() as cursor:
            cursor.execute("VACUUM INTO %s", [str(path)])
        yield f"sqlite:///{path}"
        return
    import psycopg
    from psycopg import sql

    # Named after this test run's database, so parallel runs of other checkouts never meet.
    name = f"{db['NAME'].removeprefix('test_')}_serve_test"[:63]
    admin = psycopg.connect(
        host=db.get("HOST") or "127.0.0.1",
        port=db.get("PORT") or "5432",
        user=db.get("USER") or None,
        password=db.get("PASSWORD") or None,
        dbname="postgres",
        autocommit=True,
    )
    drop = sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
    admin.execute(drop)
    admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield _postgres_url(db, name)
    finally:
        admin.execute(drop)
        admin.close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _server_environment(database_url: str, data_dir: Path) -> dict[str, str]:
    """Production settings as an operator would set them, nothing inherited from the tests."""
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("LEITSTERN_", "DJANGO_", "DATABASE_", "EMAIL_"))
        and key != "SECRET_KEY"
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "leitstern.config.settings",
            "LEITSTERN_PRODUCTION": "1",
            "SECRET_KEY": "a-production-like-secret-key-for-the-server-test-" + "x" * 20,
            "ALLOWED_HOSTS": "127.0.0.1",
            "LEITSTERN_SSL_REDIRECT": "0",
            "LEITSTERN_DATA_DIR": str(data_dir),
            "LEITSTERN_LOG_LEVEL": "WARNING",
            "DATABASE_URL": database_url,
            # Connections kept ten minutes rather than the default one: on a busy machine the
            # first request may come more than a minute after the start, when an inherited
            # connection would already have been given up. Any value must be safe.
            "LEITSTERN_DB_CONN_MAX_AGE": "600",
        }
    )
    return env


def _wait_until_listening(port: int, server: subprocess.Popen, deadline: float) -> None:
    while time.monotonic() < deadline:
        if server.poll() is not None:
            return
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.05)


def _call_me(port: int, token: str) -> tuple[int, str, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.request(
            "GET", "/api/v1/me", headers={"Authorization": f"Bearer {token}", "Host": "127.0.0.1"}
        )
        response = connection.getresponse()
        return response.status, response.getheader("Content-Type", ""), response.read().decode()
    except (OSError, http.client.HTTPException) as error:
        return 0, "", f"{type(error).__name__}: {error}"
    finally:
        connection.close()


def _problem(person: dict, status: int, content_type: str, body: str) -> str | None:
    """What is wrong with one answer to ``person``, or None when it is their own identity."""
    if status != 200:
        return f"{person['email']}: HTTP {status} {body[:200]!r}"
    if not content_type.startswith("application/json"):
        return f"{person['email']}: not JSON ({content_type}) {body[:200]!r}"
    try:
        answer = json.loads(body)
    except ValueError:
        return f"{person['email']}: invalid JSON {body[:200]!r}"
    if (answer.get("id"), answer.get("email")) != (person["id"], person["email"]):
        return f"{person['email']}: answered as {answer.get('email')!r} (id {answer.get('id')})"
    return None


def test_the_production_server_answers_every_caller_as_themselves_from_its_first_second(
    server_database: str, tmp_path: Path
):
    env = _server_environment(server_database, tmp_path / "data")
    command = [sys.executable, "-m", "leitstern.cli"]
    seeded = subprocess.run(
        [sys.executable, "-c", SEED, str(CLIENTS)],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert seeded.returncode == 0, seeded.stderr[-3000:]
    people = json.loads(seeded.stdout.strip().splitlines()[-1])
    assert len({person["token"] for person in people}) == CLIENTS

    port = _free_port()
    log = (tmp_path / "server.log").open("w+")
    # ``serve`` migrates (nothing left to apply, but it reads the migration table) and then
    # forks its workers: exactly the moment an inherited connection would be shared.
    server = subprocess.Popen(
        [*command, "serve", "--host", "127.0.0.1", "--port", str(port)],
        env={**env, "LEITSTERN_WEB_WORKERS": str(WORKERS)},
        stdout=log,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        _wait_until_listening(port, server, time.monotonic() + START_TIMEOUT)
        assert server.poll() is None, "the server exited:\n" + (tmp_path / "server.log").read_text()

        problems: list[str] = []
        answered = [0]
        lock = threading.Lock()
        start = threading.Barrier(CLIENTS)

        def client(person: dict) -> None:
            start.wait()
            for _ in range(REQUESTS_PER_CLIENT):
                problem = _problem(person, *_call_me(port, person["token"]))
                with lock:
                    answered[0] += 1
                    if problem:
                        problems.append(problem)

        threads = [threading.Thread(target=client, args=(person,)) for person in people]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=120)
        assert answered[0] == CLIENTS * REQUESTS_PER_CLIENT
        assert problems == [], (
            f"{len(problems)} of {answered[0]} answers were wrong, e.g. {problems[:8]}\n"
            + (tmp_path / "server.log").read_text()[-4000:]
        )
    finally:
        # SIGINT: gunicorn's quick shutdown; nothing is left to finish.
        server.send_signal(signal.SIGINT)
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        log.close()
