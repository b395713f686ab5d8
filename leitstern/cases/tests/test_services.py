"""The cases' services: templates, field messages for bad input with nothing saved, the
revision that guards against outdated forms, actuals, and the kept result."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from leitstern.activity.models import ActivityEntry
from leitstern.cases import actuals, services
from leitstern.cases.models import CaseActual, CaseLine, LineKind
from leitstern.cases.tasks import compute_case
from leitstern.cases.tests.factory import make_actual, make_case, make_line

pytestmark = pytest.mark.django_db


def _messages(error: ValidationError) -> dict[str, str]:
    return {field: " ".join(messages) for field, messages in error.value.message_dict.items()}


def test_the_ai_template_brings_its_phases_and_usual_cost_lines(world):
    case = make_case(world)
    assert [p.key for p in case.phases.all()] == ["discovery", "pilot", "production", "scale"]
    costs = case.lines.filter(kind=LineKind.COST)
    assert costs.count() == 13
    assert costs.filter(category="people", driver="staff").count() == 7
    inference = costs.get(key="inference")
    assert [s["phase"] for s in inference.step_ups] == ["production", "scale"]
    assert "gehalt.de" in costs.get(key="ml_engineers").note
    assert list(case.correlations.values_list("first", "second", "rank")) == [
        ("inference.volume", "time_saved.adoption", 0.5)
    ]
    assert ActivityEntry.objects.filter(kind="cases.created", target_id=case.pk).count() == 1


def test_a_blank_case_is_empty(world):
    case = make_case(world, template="blank")
    assert (case.horizon_months, case.lines.count(), case.phases.count()) == (36, 0, 0)


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        ({"values": {"fte": {"point": -1}, "monthly_cost": {"point": 9000}}}, "fte", "below zero"),
        (
            {"values": {"fte": {"point": 1}, "monthly_cost": {"lower": 9000, "upper": 7000}}},
            "monthly_cost",
            "upper bound",
        ),
        (
            {"values": {"fte": {"point": 1}, "monthly_cost": {"point": 9000}}, "phase": "moon"},
            "phase",
            "no phase",
        ),
    ],
)
def test_bad_lines_are_refused_by_field_and_nothing_is_saved(world, data, field, words):
    case = make_case(world)
    before = (case.lines.count(), case.revision, ActivityEntry.objects.count())
    with pytest.raises(ValidationError) as error:
        make_line(case, world.owner, driver="staff", category="people", name="Staff", **data)
    assert words in _messages(error)[field]
    case.refresh_from_db()
    assert (case.lines.count(), case.revision, ActivityEntry.objects.count()) == before


def test_a_probability_above_one_and_a_phase_ending_before_it_starts_are_refused(world):
    case = make_case(world)
    phase = case.phases.get(key="pilot")
    with pytest.raises(ValidationError) as error:
        services.phase_update(actor=world.owner, phase=phase, probability=1.5)
    assert "probability" in error.value.message_dict
    phase.refresh_from_db()
    with pytest.raises(ValidationError) as error:
        services.phase_update(actor=world.owner, phase=phase, end_month=2)
    assert "before it starts" in _messages(error)["end_month"]
    phase.refresh_from_db()
    assert (phase.probability, phase.end_month) == (0.8, 9)


def test_a_horizon_of_zero_or_shorter_than_the_phases_is_refused(world):
    case = make_case(world)
    with pytest.raises(ValidationError) as error:
        services.case_update(actor=world.owner, case=case, horizon_months=0)
    assert "horizon_months" in error.value.message_dict
    with pytest.raises(ValidationError):
        services.case_update(actor=world.owner, case=case, horizon_months=12)
    case.refresh_from_db()
    assert case.horizon_months == 36


def test_a_change_from_an_outdated_revision_is_refused(world):
    case = make_case(world)
    opened = case.revision
    make_line(case, world.editor)
    line = case.lines.get(key="infrastructure")
    with pytest.raises(ValidationError) as error:
        services.line_update(actor=world.owner, line=line, note="mine", revision=opened)
    assert "changed" in " ".join(error.value.messages)
    line.refresh_from_db()
    assert line.note != "mine"


def test_saving_a_line_unchanged_writes_nothing(world):
    case = make_case(world)
    line = case.lines.get(key="governance")
    entries = ActivityEntry.objects.count()
    services.line_update(actor=world.owner, line=line, name=line.name, values=line.values)
    case.refresh_from_db()
    assert (case.revision, ActivityEntry.objects.count()) == (1, entries)


def test_a_change_keeps_its_why_in_the_history(world):
    case = make_case(world)
    line = case.lines.get(key="governance")
    services.line_update(
        actor=world.owner,
        line=line,
        step_ups=[{"phase": "production", "factor": {"lower": 2.5, "upper": 6}}],
        why="EU AI Act transparency duties",
    )
    entry = ActivityEntry.objects.get(kind="cases.line.changed", target_id=case.pk)
    assert entry.note == "EU AI Act transparency duties"
    assert "Governance and compliance: step_ups" in entry.changes


def test_recording_a_month_again_replaces_it(world):
    case = make_case(world, template="blank")
    make_actual(case, world.owner, month=2)
    actuals.actual_record(actor=world.owner, case=case, month=2, cost=5, benefit=7)
    assert list(CaseActual.objects.filter(case=case).values_list("cost", "benefit")) == [(5, 7)]
    with pytest.raises(ValidationError) as error:
        actuals.actual_record(actor=world.owner, case=case, month=37, cost=1, benefit=0)
    assert "month" in error.value.message_dict


def test_a_result_is_kept_only_for_the_revision_it_was_computed_for(world):
    case = make_case(world)
    old = case.revision
    make_line(case, world.owner)
    assert compute_case.call(case_id=case.pk, revision=old) is False
    case.refresh_from_db()
    assert case.result is None
    assert compute_case.call(case_id=case.pk, revision=case.revision) is True
    case.refresh_from_db()
    assert case.result_is_current
    make_line(case, world.owner)
    case.refresh_from_db()
    assert case.result is not None and not case.result_is_current


def test_computing_through_the_service_runs_the_task_after_commit(
    world, django_capture_on_commit_callbacks
):
    case = make_case(world)
    with django_capture_on_commit_callbacks(execute=True):
        services.case_compute(actor=world.owner, case=case)
    case.refresh_from_db()
    assert case.result_is_current
    assert case.result["trials"] == 2000


def test_a_line_of_another_case_kind_cannot_be_priced_wrongly(world):
    case = make_case(world, template="blank")
    with pytest.raises(ValidationError) as error:
        make_line(case, world.owner, kind=LineKind.BENEFIT, driver="staff", category="savings",
                  values={"fte": {"point": 1}, "monthly_cost": {"point": 1}})  # fmt: skip
    assert "driver" in error.value.message_dict
    assert not CaseLine.objects.filter(case=case).exists()


def test_removing_a_line_removes_its_correlations(world):
    case = make_case(world)
    assert case.correlations.count() == 1
    services.line_delete(actor=world.owner, line=case.lines.get(key="time_saved"))
    assert case.correlations.count() == 0
