"""Cases side by side: the page and the API read through the access lookups, answer bad
choices by field, and show the numbers of one joint simulation (common random numbers),
run in the background after a POST; a read never simulates."""

from __future__ import annotations

import pytest
from django.test import Client, TestCase

from leitstern.cases import comparison, services
from leitstern.cases.models import ComparisonRun
from leitstern.cases.tests.factory import make_case, make_line

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _compare(client, world, *cases):
    """Ask for the comparison (POST, immediate tasks: done after the click), then read it."""
    base = f"/w/{world.workspace.slug}/cases/compare/"
    query = "&".join(f"case={case.pk}" for case in cases)
    with TestCase.captureOnCommitCallbacks(execute=True):
        answer = client.post(base, {"case": [case.pk for case in cases]})
    assert answer.status_code == 302, answer.content
    assert answer["Location"] == f"{base}?{query}#compared"
    return client.get(f"{base}?{query}").content.decode()


def _pair(world):
    build = make_case(world, name="Build it ourselves", trials=2000)
    buy = make_case(world, name="Buy a service", trials=2000)
    # Buying adds a licence on top of the same template: it can only cost more.
    make_line(
        buy, world.owner, name="Vendor licence", values={"amount": {"lower": 2000, "upper": 5000}}
    )
    buy.refresh_from_db()
    return build, buy


def test_the_page_shows_both_cases_and_the_chance_that_one_beats_the_other(world):
    build, buy = _pair(world)
    url = f"/w/{world.workspace.slug}/cases/compare/?case={build.pk}&case={buy.pk}"
    client = _client(world.viewer)
    cold = client.get(url).content.decode()  # never asked for: nothing simulated by a read
    assert "have not been compared with their current assumptions yet" in cold
    assert "Chance of the higher NPV" not in cold
    assert not ComparisonRun.objects.exists()
    page = _compare(client, world, build, buy)
    assert "Build it ourselves" in page and "Buy a service" in page
    assert "Chance of the higher NPV" in page
    assert "hx-trigger" not in page
    assert "NPV of “Build it ourselves” minus NPV of “Buy a service”" in page
    compared = comparison.compare([build, buy])
    pair = next(p for p in compared.pairs if p.first == build)
    # Same draws for the shared inputs and an extra cost: building wins in every future
    # where the licence costs anything, and never loses.
    assert pair.probability_first_better == pytest.approx(1 - pair.probability_equal)
    assert pair.probability_first_better > 0.5
    reverse = next(p for p in compared.pairs if p.first == buy)
    assert reverse.probability_first_better == 0
    assert pair.difference["percentiles"]["5"] >= 0
    # The same cases and assumptions give the same numbers.
    again = comparison.compare([build, buy])
    assert again.pairs[0].probability_first_better == compared.pairs[0].probability_first_better


def test_the_page_speaks_german_with_german_numbers(world):
    build, buy = _pair(world)
    world.viewer.language = "de"
    world.viewer.save()
    page = _compare(_client(world.viewer), world, build, buy)
    assert "Business Cases vergleichen" in page
    assert "Chance auf den höheren Kapitalwert" in page
    mean = comparison.compare([build, buy]).options[0].npv["mean"]
    assert f"{round(mean):,}".replace(",", ".") in page


def test_bad_choices_are_answered_by_field_and_nothing_is_simulated(world):
    build, _buy = _pair(world)
    other = make_case(world, name="In dollars", trials=2000)
    services.case_update(actor=world.owner, case=other, currency="USD", why="US market")
    client = _client(world.viewer)
    base = f"/w/{world.workspace.slug}/cases/compare/"
    one = client.get(f"{base}?case={build.pk}").content.decode()
    assert "Chance of the higher NPV" not in one  # one case: the form, preselected
    both = client.get(f"{base}?case={build.pk}&case={other.pk}").content.decode()
    assert "different currencies (EUR, USD)" in both
    twice = client.get(f"{base}?case={build.pk}&case={build.pk}").content.decode()
    assert "Choose each case only once." in twice
    foreign = make_case_elsewhere(world)
    elsewhere = client.get(f"{base}?case={build.pk}&case={foreign.pk}").content.decode()
    assert "is not one of the available choices" in elsewhere
    assert client.get(f"{base}?case={build.pk}&case=abc").status_code == 200


def make_case_elsewhere(world):
    from leitstern.cases.services import case_create

    return case_create(
        actor=world.outsider, workspace=world.other_workspace, name="Theirs", template="blank"
    )


def test_the_api_compares_and_refuses_bad_input_with_json_errors(world):
    build, buy = _pair(world)
    client = _client(world.viewer)
    base = f"/api/v1/workspaces/{world.workspace.slug}/cases/{build.pk}/comparison"
    cold = client.get(f"{base}?case={buy.pk}")
    assert cold.status_code == 200, cold.content
    assert cold.json()["state"] == "missing" and cold.json()["options"] == []
    with TestCase.captureOnCommitCallbacks(execute=True):
        started = client.post(base, {"case": [buy.pk]}, content_type="application/json")
    assert started.status_code == 202, started.content
    answer = client.get(f"{base}?case={buy.pk}")
    assert answer.status_code == 200, answer.content
    data = answer.json()
    assert data["state"] == "done" and data["stale"] is False
    assert [o["case_id"] for o in data["options"]] == [build.pk, buy.pk]
    first = next(p for p in data["pairs"] if p["first_id"] == build.pk)
    assert first["probability_first_better"] > 0.5
    assert data["trials"] == 2000 and data["currency"] == "EUR"

    # None named: the workspace's other cases in the same currency (the same run).
    assert [o["case_id"] for o in client.get(base).json()["options"]] == [build.pk, buy.pk]
    assert client.post(base, {}, content_type="application/json").status_code == 202
    twice = client.get(f"{base}?case={buy.pk}&case={buy.pk}")
    assert twice.status_code == 422
    assert twice.json()["errors"] == [{"field": "case", "reason": "Choose each case only once."}]
    too_many = client.get(base + "?" + "&".join(f"case={buy.pk}" for _ in range(6)))
    assert too_many.status_code == 422
    foreign = make_case_elsewhere(world)
    assert client.get(f"{base}?case={foreign.pk}").status_code == 404
    assert _client(world.outsider).get(f"{base}?case={buy.pk}").status_code == 404
    theirs = f"/api/v1/workspaces/{world.other_workspace.slug}/cases/{foreign.pk}/comparison"
    lonely = _client(world.outsider).get(theirs)
    assert lonely.status_code == 422
    assert lonely.json()["errors"] == [
        {"field": "case", "reason": "Choose 2 to 6 cases to compare."}
    ]


DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _part(client, url) -> str:
    return client.get(url + "&part=result", HTTP_HX_REQUEST="true").content.decode()


def test_with_the_database_queue_the_page_answers_at_once_with_progress_then_numbers(world):
    from django.test import override_settings
    from django_tasks_db.models import DBTaskResult

    from leitstern.cases import tasks
    from leitstern.cases.tests.test_progress import _work

    build, buy = _pair(world)
    client = _client(world.viewer)
    base = f"/w/{world.workspace.slug}/cases/compare/"
    url = f"{base}?case={build.pk}&case={buy.pk}"
    with override_settings(TASKS=DATABASE_QUEUE):
        with TestCase.captureOnCommitCallbacks(execute=True):
            client.post(base, {"case": [build.pk, buy.pk]})
        assert DBTaskResult.objects.get().task_path == "leitstern.cases.tasks.compare_cases"
        waiting = _part(client, url)
        assert 'hx-trigger="every 1s"' in waiting
        assert "The comparison waits for its turn in the background." in waiting
        # Asking again while it waits queues nothing new.
        with TestCase.captureOnCommitCallbacks(execute=True):
            client.post(base, {"case": [build.pk, buy.pk]})
        assert DBTaskResult.objects.count() == 1
        run = ComparisonRun.objects.get()
        ComparisonRun.objects.filter(pk=run.pk).update(state="running", done=500)
        running = _part(client, url)
        assert "The comparison runs: 500 of 2,000 futures." in running
        assert '<progress class="bar" max="2000" value="500"' in running
        api = client.get(
            f"/api/v1/workspaces/{world.workspace.slug}/cases/{build.pk}/comparison?case={buy.pk}"
        ).json()
        assert (api["state"], api["done"], api["options"]) == ("running", 500, [])
        _work()
        done = _part(client, url)
    assert "hx-trigger" not in done and "Chance of the higher NPV" in done
    assert tasks.PROGRESS_SECONDS > 0

    # A change of an assumption: the old numbers are shown as earlier ones.
    services.case_update(actor=world.owner, case=build, discount_rate=0.09, why="New rate")
    stale = client.get(url).content.decode()
    assert "belong to earlier assumptions" in stale and "Chance of the higher NPV" in stale
    api = client.get(
        f"/api/v1/workspaces/{world.workspace.slug}/cases/{build.pk}/comparison?case={buy.pk}"
    ).json()
    assert api["state"] == "missing" and api["stale"] is True and api["options"]


def test_a_failed_run_says_so_and_a_read_writes_nothing(world):
    build, buy = _pair(world)
    client = _client(world.viewer)
    url = f"/w/{world.workspace.slug}/cases/compare/?case={build.pk}&case={buy.pk}"
    ComparisonRun.objects.create(
        workspace=world.workspace,
        cases=comparison.names_of([build, buy]),
        key=comparison.key_of([build, buy]),
        trials=2000,
        state="failed",
    )
    before = list(ComparisonRun.objects.values())
    page = client.get(url).content.decode()
    assert "The last comparison of these assumptions failed." in page
    assert list(ComparisonRun.objects.values()) == before
    api = client.get(
        f"/api/v1/workspaces/{world.workspace.slug}/cases/{build.pk}/comparison?case={buy.pk}"
    )
    assert api.status_code == 200 and api.json()["state"] == "failed"


def test_a_finished_run_replaces_earlier_runs_but_not_one_that_waits(world):
    from leitstern.cases import tasks

    build, buy = _pair(world)
    names = comparison.names_of([build, buy])
    old = ComparisonRun.objects.create(workspace=world.workspace, cases=names, key="old",
                                       trials=2000, result={"x": 1})  # fmt: skip
    waiting = ComparisonRun.objects.create(workspace=world.workspace, cases=names, key="newer",
                                           trials=2000, state="queued")  # fmt: skip
    run = ComparisonRun.objects.create(workspace=world.workspace, cases=names,
                                       key=comparison.key_of([build, buy]), trials=2000,
                                       state="queued")  # fmt: skip
    assert tasks.compare_cases.call(run_id=run.pk)
    assert not ComparisonRun.objects.filter(pk=old.pk).exists()
    assert ComparisonRun.objects.filter(pk=waiting.pk).exists()
    # A run whose assumptions changed before it ran keeps nothing.
    assert not tasks.compare_cases.call(run_id=waiting.pk)
    assert not ComparisonRun.objects.filter(pk=waiting.pk).exists()
