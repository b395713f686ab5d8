"""Writes of business cases. Every change of an assumption raises the case's ``revision``
inside the same transaction as the change and its activity entry (with the why, so the
activity log is the assumptions' history); a kept result belongs to the revision it was
computed for. The engine checks every change before it is saved: a change the engine would
refuse is refused with a message per field, and nothing is saved."""

from __future__ import annotations

import copy
import re
from typing import Any, TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils.text import slugify
from django.utils.translation import gettext as _

from leitstern.accounts.models import User
from leitstern.activity.services import activity_record
from leitstern.cases import comparison, kinds, mapping
from leitstern.cases.models import (
    BENEFIT_DRIVERS,
    COST_CATEGORIES,
    COST_DRIVERS,
    DRIVER_FIELDS,
    MAX_LINES,
    MAX_PHASES,
    BusinessCase,
    CaseCorrelation,
    CaseLine,
    CasePhase,
    Category,
    ComparisonRun,
    ComputeState,
    LineKind,
    Template,
)
from leitstern.core.versioning import update_versioned
from leitstern.discovery.models import Hypothesis, Opportunity
from leitstern.engines import cases as engine
from leitstern.roadmap.models import RoadmapItem
from leitstern.workspaces.models import Workspace

# Fields of the case whose change changes the simulated result.
ASSUMPTIONS = {"horizon_months", "discount_rate", "currency", "trials", "seed"}


def _check_links(workspace: Workspace, **links: Any) -> None:
    """A case links only to things of its own workspace."""
    for name, obj in links.items():
        if obj is not None and obj.product.workspace_id != workspace.pk:
            raise ValidationError({name: _("Choose one of this workspace.")})


def _raise_for(problems: tuple[engine.Problem, ...], field_of) -> None:
    errors: dict[str, list[str]] = {}
    for problem in problems:
        errors.setdefault(field_of(problem), []).append(mapping.problem_message(problem))
    raise ValidationError(errors)


def _check_case(case: BusinessCase, *, checking: str | None = None, **rows: Any) -> None:
    """Let the engine check the case with the given rows instead of the stored ones; the
    problems of line ``checking`` are given by its form's fields."""
    try:
        engine.validate_case(mapping.engine_case(case, **rows))
    except engine.CaseInputError as error:
        line = checking
        if line is not None:
            found = mapping.problems_of_line(error.problems, line)
            if found:
                raise ValidationError(found) from None
        _raise_for(error.problems, mapping.case_field)


def _locked(case: BusinessCase) -> BusinessCase:
    """The case's row, locked until the transaction ends: changes of one case wait for each
    other, so a check by the engine sees every other change already made."""
    return BusinessCase.objects.select_for_update().get(pk=case.pk)


def _touch(case: BusinessCase) -> None:
    BusinessCase.objects.filter(pk=case.pk).update(revision=F("revision") + 1)
    case.revision = BusinessCase.objects.values_list("revision", flat=True).get(pk=case.pk)


def _check_revision(case: BusinessCase, revision: int | None) -> None:
    if revision is not None and revision != case.revision:
        raise ValidationError(
            _(
                "Someone changed this case's assumptions since you opened this form. "
                "Nothing was saved: open it again to see their change."
            ),
            code="stale",
        )


# --- the case ------------------------------------------------------------------------------


@transaction.atomic
def case_create(
    *,
    actor: User,
    workspace: Workspace,
    name: str,
    template: str = Template.BLANK,
    question: str = "",
    horizon_months: int | None = None,
    discount_rate: float | None = None,
    currency: str = "",
    trials: int | None = None,
    seed: int | None = None,
    roadmap_item: RoadmapItem | None = None,
    opportunity: Opportunity | None = None,
    hypothesis: Hypothesis | None = None,
) -> BusinessCase:
    """A new case, from the AI-initiative template (its phases and usual cost lines, each
    with its sources) or blank."""
    _check_links(workspace, roadmap_item=None, opportunity=opportunity, hypothesis=hypothesis)
    if roadmap_item is not None and roadmap_item.roadmap.workspace_id != workspace.pk:
        raise ValidationError({"roadmap_item": _("Choose one of this workspace.")})
    if template not in Template.values:
        raise ValidationError({"template": _("Choose a template.")})
    base, phases, lines = mapping.template_rows(template)
    case = BusinessCase(
        workspace=workspace,
        name=name,
        question=question,
        template=template,
        horizon_months=horizon_months or base.horizon_months,
        discount_rate=base.discount_rate if discount_rate is None else discount_rate,
        currency=(currency or base.currency).upper(),
        roadmap_item=roadmap_item,
        opportunity=opportunity,
        hypothesis=hypothesis,
        created_by=actor,
    )
    if trials is not None:
        case.trials = trials
    if seed is not None:
        case.seed = seed
    case.full_clean()
    case.save()
    phase_rows = [CasePhase(case=case, **row) for row in phases]
    line_rows = [CaseLine(case=case, **row) for row in lines]
    correlation_rows = [
        CaseCorrelation(case=case, first=c.first, second=c.second, rank=c.rank)
        for c in base.correlations
    ]
    _check_case(
        case,
        phases=phase_rows,
        lines=line_rows,
        actuals=[],
        events=[],
        correlations=correlation_rows,
    )
    CasePhase.objects.bulk_create(phase_rows)
    CaseLine.objects.bulk_create(line_rows)
    CaseCorrelation.objects.bulk_create(correlation_rows)
    activity_record(workspace=workspace, actor=actor, kind=kinds.CASE_CREATED, target=case)
    return case


class CaseChanges(TypedDict, total=False):
    name: str
    question: str
    horizon_months: int
    discount_rate: float
    currency: str
    trials: int
    seed: int
    roadmap_item: RoadmapItem | None
    opportunity: Opportunity | None
    hypothesis: Hypothesis | None


@transaction.atomic
def case_update(
    *,
    actor: User,
    case: BusinessCase,
    version: int | None = None,
    why: str = "",
    **fields: Unpack[CaseChanges],
) -> BusinessCase:
    """Change the fields given; 409-style ``EditConflict`` on a field someone else changed
    since ``version``. A horizon or rate the engine refuses for this case (phases beyond a
    shorter horizon) is refused with its reason."""
    _check_links(
        case.workspace, opportunity=fields.get("opportunity"), hypothesis=fields.get("hypothesis")
    )
    item = fields.get("roadmap_item")
    if item is not None and item.roadmap.workspace_id != case.workspace_id:
        raise ValidationError({"roadmap_item": _("Choose one of this workspace.")})
    if "currency" in fields:
        fields["currency"] = fields["currency"].upper()
    trial = copy.copy(case)
    for name in ("horizon_months", "discount_rate", "currency", "name"):
        if name in fields:
            setattr(trial, name, fields[name])
    _check_case(
        trial,
        phases=list(case.phases.all()),
        lines=list(case.lines.all()),
        actuals=list(case.actuals.all()),
    )
    _locked(case)
    changes = update_versioned(case, fields, version=version)
    if changes:
        if ASSUMPTIONS & set(changes):
            _touch(case)
        activity_record(
            workspace=case.workspace,
            actor=actor,
            kind=kinds.CASE_CHANGED,
            target=case,
            changes=changes,
            note=why.strip(),
        )
    return case


@transaction.atomic
def case_delete(*, actor: User, case: BusinessCase, why: str = "") -> None:
    activity_record(
        workspace=case.workspace,
        actor=actor,
        kind=kinds.CASE_DELETED,
        target=case,
        note=why.strip(),
    )
    case.delete()


# --- lines ---------------------------------------------------------------------------------


class LineData(TypedDict, total=False):
    name: str
    category: str
    values: dict[str, dict]
    phase: str
    until: str
    start_month: int | None
    end_month: int | None
    recurring: bool
    event: str
    step_ups: list[dict]
    lag_months: dict | None
    ramp_months: dict | None
    note: str


def _check_line_shape(kind: str, driver: str, data: LineData) -> None:
    drivers = COST_DRIVERS if kind == LineKind.COST else BENEFIT_DRIVERS
    if driver not in drivers:
        raise ValidationError({"driver": _("This kind of line cannot be priced this way.")})
    category = data.get("category", "")
    if kind == LineKind.COST and category not in COST_CATEGORIES:
        raise ValidationError({"category": _("Choose a cost category.")})
    if kind == LineKind.BENEFIT and category not in (
        Category.REVENUE,
        Category.SAVINGS,
        Category.RISK,
        Category.OTHER,
    ):
        raise ValidationError({"category": _("Choose a kind of benefit.")})
    values = data.get("values", {})
    missing = [name for name in DRIVER_FIELDS[driver] if name not in values]
    if missing:
        raise ValidationError({name: _("Give an estimate.") for name in missing})


def _new_key(case: BusinessCase, name: str) -> str:
    base = re.sub(r"[^a-z0-9_]", "_", slugify(name).replace("-", "_"))[:30] or "line"
    taken = set(case.lines.values_list("key", flat=True))
    key, n = base, 1
    while key in taken:
        n += 1
        key = f"{base}_{n}"
    return key


@transaction.atomic
def line_create(
    *,
    actor: User,
    case: BusinessCase,
    kind: str,
    driver: str,
    why: str = "",
    revision: int | None = None,
    **data: Unpack[LineData],
) -> CaseLine:
    """Add a cost or benefit line; the engine checks the case with it first."""
    case = _locked(case)
    _check_revision(case, revision)
    if case.lines.count() >= MAX_LINES:
        raise ValidationError(_("A case holds at most %(max)d lines.") % {"max": MAX_LINES})
    data.setdefault("category", Category.OTHER)
    _check_line_shape(kind, driver, data)
    line = CaseLine(
        case=case,
        kind=kind,
        driver=driver,
        key=_new_key(case, data["name"]),
        position=case.lines.filter(kind=kind).count(),
        **data,
    )
    line.full_clean(exclude=["case"])
    _check_case(case, lines=[*case.lines.all(), line], checking=line.key)
    line.save()
    _touch(case)
    activity_record(
        workspace=case.workspace,
        actor=actor,
        kind=kinds.LINE_ADDED,
        target=case,
        changes={"line": ["", line.name]},
        note=why.strip(),
    )
    return line


@transaction.atomic
def line_update(
    *,
    actor: User,
    line: CaseLine,
    why: str = "",
    revision: int | None = None,
    **data: Unpack[LineData],
) -> CaseLine:
    """Change the given fields of a line. Saved unchanged, nothing happens. ``revision`` (the
    case's, when the form was opened) refuses a change made on an outdated view."""
    case = _locked(line.case)
    _check_revision(case, revision)
    changed = {name: value for name, value in data.items() if getattr(line, name) != value}
    if not changed:
        return line
    merged: LineData = {"category": line.category, "values": line.values, **data}
    _check_line_shape(line.kind, line.driver, merged)
    before = {name: str(getattr(line, name)) for name in changed}
    for name, value in changed.items():
        setattr(line, name, value)
    line.full_clean(exclude=["case"])
    others = [other for other in case.lines.all() if other.pk != line.pk]
    _check_case(case, lines=[*others, line], checking=line.key)
    line.save(update_fields=list(changed))
    _touch(case)
    activity_record(
        workspace=case.workspace,
        actor=actor,
        kind=kinds.LINE_CHANGED,
        target=case,
        changes={
            f"{line.name}: {name}": [before[name], str(value)] for name, value in changed.items()
        },
        note=why.strip(),
    )
    return line


@transaction.atomic
def line_delete(*, actor: User, line: CaseLine, why: str = "") -> None:
    case = _locked(line.case)
    # Correlations with the line's inputs go with it.
    prefix = f"{line.key}."
    case.correlations.filter(Q(first__startswith=prefix) | Q(second__startswith=prefix)).delete()
    others = [other for other in case.lines.all() if other.pk != line.pk]
    _check_case(case, lines=others)
    name = line.name
    line.delete()
    _touch(case)
    activity_record(
        workspace=case.workspace,
        actor=actor,
        kind=kinds.LINE_REMOVED,
        target=case,
        changes={"line": [name, ""]},
        note=why.strip(),
    )


# --- phases --------------------------------------------------------------------------------


class PhaseData(TypedDict, total=False):
    name: str
    start_month: int
    end_month: int
    probability: float
    if_missed: str
    note: str


@transaction.atomic
def phase_create(
    *,
    actor: User,
    case: BusinessCase,
    name: str,
    start_month: int,
    end_month: int,
    probability: float = 1.0,
    if_missed: str = "stop",
    note: str = "",
    why: str = "",
    revision: int | None = None,
) -> CasePhase:
    """Add a phase (a stage gate with its chance of being reached)."""
    case = _locked(case)
    _check_revision(case, revision)
    if case.phases.count() >= MAX_PHASES:
        raise ValidationError(_("A case holds at most %(max)d phases.") % {"max": MAX_PHASES})
    base = re.sub(r"[^a-z0-9_]", "_", slugify(name).replace("-", "_"))[:30] or "phase"
    taken = set(case.phases.values_list("key", flat=True))
    key, n = base, 1
    while key in taken:
        n += 1
        key = f"{base}_{n}"
    phase = CasePhase(
        case=case,
        key=key,
        name=name,
        start_month=start_month,
        end_month=end_month,
        probability=probability,
        if_missed=if_missed,
        note=note,
    )
    phase.full_clean(exclude=["case"])
    try:
        engine.validate_case(mapping.engine_case(case, phases=[*case.phases.all(), phase]))
    except engine.CaseInputError as error:
        _raise_for(error.problems, _phase_field)
    phase.save()
    _touch(case)
    activity_record(
        workspace=case.workspace,
        actor=actor,
        kind=kinds.PHASE_CHANGED,
        target=case,
        changes={"phase": ["", name]},
        note=why.strip(),
    )
    return phase


@transaction.atomic
def phase_update(
    *,
    actor: User,
    phase: CasePhase,
    why: str = "",
    revision: int | None = None,
    **data: Unpack[PhaseData],
) -> CasePhase:
    """Change a phase's months, its probability of being reached or what a miss means."""
    case = _locked(phase.case)
    _check_revision(case, revision)
    changed = {name: value for name, value in data.items() if getattr(phase, name) != value}
    if not changed:
        return phase
    before = {name: str(getattr(phase, name)) for name in changed}
    for name, value in changed.items():
        setattr(phase, name, value)
    phase.full_clean(exclude=["case"])
    others = [other for other in case.phases.all() if other.pk != phase.pk]
    try:
        engine.validate_case(mapping.engine_case(case, phases=[*others, phase]))
    except engine.CaseInputError as error:
        _raise_for(error.problems, _phase_field)
    phase.save(update_fields=list(changed))
    _touch(case)
    activity_record(
        workspace=case.workspace,
        actor=actor,
        kind=kinds.PHASE_CHANGED,
        target=case,
        changes={
            f"{phase.name}: {name}": [before[name], str(value)] for name, value in changed.items()
        },
        note=why.strip(),
    )
    return phase


def _phase_field(problem: engine.Problem) -> str:
    if problem.field.startswith("phases["):
        part = problem.field.split(".", 1)[-1]
        return part if part in {"start_month", "end_month", "probability"} else "__all__"
    return "__all__"


# --- the simulation ------------------------------------------------------------------------


@transaction.atomic
def case_compute(*, actor: User, case: BusinessCase) -> None:
    """Run the case's simulation in the background, once this transaction commits. The
    result is kept only if the assumptions have not changed meanwhile."""
    from leitstern.cases.tasks import compute_case

    activity_record(workspace=case.workspace, actor=actor, kind=kinds.COMPUTE_ASKED, target=case)
    revision = case.revision
    BusinessCase.objects.filter(pk=case.pk).update(
        compute_revision=revision, compute_state=ComputeState.QUEUED, compute_done=0
    )
    case.compute_revision, case.compute_state, case.compute_done = (
        revision,
        ComputeState.QUEUED,
        0,
    )
    transaction.on_commit(lambda: compute_case.enqueue(case_id=case.pk, revision=revision))


@transaction.atomic
def comparison_start(*, workspace: Workspace, cases: list[BusinessCase]) -> ComparisonRun:
    """Simulate ``cases`` together in the background, once this transaction commits;
    nothing new when their numbers are kept or a run of them waits or works already. Cases
    come through ``comparison.cases_for`` (the reader's access): a comparison changes none
    of them, so anyone who may read them may ask for it."""
    from leitstern.cases.tasks import compare_cases

    run, _created = ComparisonRun.objects.select_for_update().get_or_create(
        workspace=workspace,
        key=comparison.key_of(cases),
        defaults={"cases": comparison.names_of(cases), "trials": comparison.trials_of(cases)},
    )
    if run.result is not None or run.state in (ComputeState.QUEUED, ComputeState.RUNNING):
        return run
    run.state, run.done = ComputeState.QUEUED, 0
    run.save(update_fields=["state", "done"])
    transaction.on_commit(lambda: compare_cases.enqueue(run_id=run.pk))
    return run
