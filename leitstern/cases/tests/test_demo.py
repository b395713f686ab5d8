"""Nordwind's business cases show what the issue promises: two AI cases and one without,
people-heavy costs, a real chance of a loss, and actuals for the first months of one."""

from __future__ import annotations

import pytest

from leitstern.cases.models import BusinessCase

pytestmark = pytest.mark.django_db


def test_the_demo_has_three_simulated_cases(django_capture_on_commit_callbacks):
    from leitstern.site.demo import seed_demo

    with django_capture_on_commit_callbacks(execute=True):
        seed_demo(log=lambda _line: None)
    cases = {c.name: c for c in BusinessCase.objects.filter(workspace__slug="demo")}
    assert set(cases) == {
        "AI product descriptions",
        "AI customer-service assistant",
        "One-page checkout",
    }
    assert all(c.result_is_current and c.result["trials"] == 100_000 for c in cases.values())
    descriptions = cases["AI product descriptions"].result
    assert descriptions["costs"]["people_share"] > 0.6
    assistant = cases["AI customer-service assistant"]
    assert 0.2 < assistant.result["probability_of_loss"] < 0.8, "a real chance of a loss"
    assert assistant.actuals.count() == 4
    assert assistant.actuals.get(month=4).cost_by_category["people"] == 41_000
    event = assistant.events.get()
    assert assistant.lines.filter(event=event.key).count() == 1
    assert assistant.correlations.count() == 1
    assert cases["One-page checkout"].verdict_updates.get().accepted is False
    from leitstern.cases.models import ComparisonRun

    compared = ComparisonRun.objects.get(workspace__slug="demo")
    assert compared.result is not None and compared.state == ""
    checkout = cases["One-page checkout"].result
    assert checkout["npv"]["mean"] > 0
    print({name: (round(c.result["npv"]["mean"]), c.result["probability_of_loss"])
           for name, c in cases.items()})  # fmt: skip
