"""A simulation asked for on the page runs as a background task: with the database queue
(production) the page shows that it waits, then how many futures are done, and then the
result; with immediate tasks (tests, demo) the result is there right after the click."""

from __future__ import annotations

import pytest
from django.test import Client, override_settings
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from leitstern.cases import tasks
from leitstern.cases.models import BusinessCase
from leitstern.cases.tests.factory import make_case

pytestmark = pytest.mark.django_db

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _work() -> None:
    """What ``leitstern worker`` does with each waiting task: claim it, run it, record how it
    ended (the worker's own code; its loop closes the database connection between tasks,
    which would end a test's transaction on PostgreSQL)."""
    worker = Worker(queue_names=["*"], interval=0, batch=True, backend_name="default",
                    startup_delay=False, max_tasks=None, worker_id="test",
                    excluded_queue_names=[])  # fmt: skip
    for row in DBTaskResult.objects.ready():
        row.claim("test")
        worker.run_task(row)


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _result_part(client, world, case) -> str:
    return client.get(
        f"/w/{world.workspace.slug}/cases/{case.pk}/?part=result", HTTP_HX_REQUEST="true"
    ).content.decode()


def test_with_the_database_queue_the_page_waits_shows_progress_then_the_result(
    world, django_capture_on_commit_callbacks
):
    case = make_case(world, trials=2000)
    client = _client(world.editor)
    with override_settings(TASKS=DATABASE_QUEUE):
        with django_capture_on_commit_callbacks(execute=True):
            answer = client.post(f"/w/{world.workspace.slug}/cases/{case.pk}/compute/")
        assert answer.status_code == 302
        queued = DBTaskResult.objects.get()
        assert queued.status == "READY"
        assert queued.task_path == "leitstern.cases.tasks.compute_case"

        waiting = _result_part(client, world, case)
        assert 'hx-trigger="every 1s"' in waiting
        assert "The simulation waits for its turn in the background." in waiting
        assert "Not simulated yet." in waiting
        # A viewer sees the same state (reading only).
        assert "waits for its turn" in _result_part(_client(world.viewer), world, case)

        # The worker picks it up: while it runs, the page says how far it is.
        BusinessCase.objects.filter(pk=case.pk).update(compute_state="running")
        report = tasks._reporter(case.pk, case.revision)
        tasks.PROGRESS_SECONDS, before = 0.0, tasks.PROGRESS_SECONDS
        try:
            report(500)
        finally:
            tasks.PROGRESS_SECONDS = before
        running = _result_part(client, world, case)
        assert "The simulation runs: 500 of 2,000 futures." in running
        assert '<progress class="bar" max="2000" value="500"' in running
        assert 'hx-trigger="every 1s"' in running

        _work()
        assert DBTaskResult.objects.get().status == "SUCCESSFUL"

        done = _result_part(client, world, case)
    case.refresh_from_db()
    assert case.result_is_current and case.compute_state == "" and case.compute_done == 2000
    assert "hx-trigger" not in done
    assert "Chance of a loss" in done
    assert "waits for its turn" not in done and "The simulation runs" not in done


def test_with_immediate_tasks_the_result_is_there_after_the_click(
    world, django_capture_on_commit_callbacks
):
    case = make_case(world, trials=2000)
    client = _client(world.editor)
    with django_capture_on_commit_callbacks(execute=True):
        answer = client.post(f"/w/{world.workspace.slug}/cases/{case.pk}/compute/")
    assert answer.status_code == 302
    page = client.get(answer["Location"]).content.decode()
    assert "Chance of a loss" in page
    assert 'hx-trigger="every 1s"' not in page
    assert not DBTaskResult.objects.exists()


def test_a_run_overtaken_by_a_change_stops_the_waiting_and_a_failed_run_says_so(
    world, django_capture_on_commit_callbacks
):
    from leitstern.cases import services

    case = make_case(world, trials=2000)
    client = _client(world.editor)
    with override_settings(TASKS=DATABASE_QUEUE):
        with django_capture_on_commit_callbacks(execute=True):
            client.post(f"/w/{world.workspace.slug}/cases/{case.pk}/compute/")
        assert "waits for its turn" in _result_part(client, world, case)
        # The assumptions change before the worker runs: that run is no longer awaited.
        case.refresh_from_db()
        services.case_update(actor=world.editor, case=case, discount_rate=0.09, why="New rate")
        page = _result_part(client, world, case)
        assert "hx-trigger" not in page and "waits for its turn" not in page
        _work()
    case.refresh_from_db()
    assert case.result is None  # the old revision's run kept nothing
    BusinessCase.objects.filter(pk=case.pk).update(
        compute_revision=case.revision, compute_state="failed"
    )
    assert "The last simulation of these assumptions failed." in _result_part(client, world, case)
