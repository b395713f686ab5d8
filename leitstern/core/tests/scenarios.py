"""Run concurrency scenarios on a SQLite file, in a fresh process with the production
database settings (WAL, BEGIN IMMEDIATE, 20 s busy timeout).

The test suite's SQLite database lives in memory and cannot be shared by threads with
their own connections, so a race test's SQLite pass runs its scenarios here instead:

    python -m leitstern.core.tests.scenarios '{"scenarios": ["module:function"], ...}'

A scenario builds what it needs and returns a JSON-able value (usually the list of
problems it saw); keyword arguments are passed to every scenario."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from importlib import import_module
from pathlib import Path
from typing import Any


def run_on_sqlite_file(
    scenarios: list[str], database: Path, *, timeout: float = 600, **kwargs: Any
) -> dict[str, Any]:
    """Run each of ``scenarios`` ("module:function") on the SQLite file ``database`` (made
    by the ``sqlite_file_db`` fixture), one after the other in one fresh process; returns
    ``{scenario: what it returned}``."""
    env = {
        **os.environ,
        "DATABASE_URL": f"sqlite:///{database}",
        "LEITSTERN_DATA_DIR": str(database.parent),
        "DJANGO_SETTINGS_MODULE": "leitstern.config.test_settings",
    }
    request = json.dumps({"scenarios": scenarios, "kwargs": kwargs})
    done = subprocess.run(
        [sys.executable, "-m", "leitstern.core.tests.scenarios", request],
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if done.returncode != 0:
        raise AssertionError(f"{scenarios} failed:\n{done.stderr[-4000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def _main(request: dict) -> None:
    import django

    django.setup()
    from django.db import connections
    from django.db.backends.signals import connection_created

    def no_fsync(sender, connection, **kwargs) -> None:
        # Durability against power loss is not what these scenarios test; locking is.
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA synchronous=OFF")

    connection_created.connect(no_fsync)
    results = {}
    for scenario in request["scenarios"]:
        module, function = scenario.split(":")
        results[scenario] = getattr(import_module(module), function)(**request["kwargs"])
    connections.close_all()
    print(json.dumps(results))


if __name__ == "__main__":
    _main(json.loads(sys.argv[1]))
