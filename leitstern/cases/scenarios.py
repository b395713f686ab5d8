"""Scenarios of a case with one click: a conservative and an optimistic copy, compared with
the case they come from.

Each copy has every phase, line, yes/no event, correlation and recorded month of the case,
with the same keys (the comparison then gives the three the same draws) and the same seed.
Only the uncertain estimates move, every one to one side of its own spread:

* a calibrated range ``lower..upper`` becomes its half on that side (``lower..middle`` or
  ``middle..upper``);
* a three-point estimate ``low/likely/high`` becomes the part between the most likely value
  and that end, with the new most likely value halfway (``low/(low+likely)/2/likely`` or
  ``likely/(likely+high)/2/high``); a part without width becomes that number;
* the unfavourable side of a cost, of a benefit's time to impact and ramp-up, and of a cost
  line's step-up is the high one; of every other benefit input (users, conversion, price,
  hours, rate, adoption, probability, impact, amount, step-up) the low one.

Numbers given as known (a point), the chances of reaching a phase and of a yes/no event, and
the correlations stay as they are: whether an event helps or hurts depends on the lines
hanging on it, and a chance has no range to move in. Every input on its unfavourable side at
once is a deliberately gloomy scenario (the optimistic one a deliberately sunny one): the
base case's own spread already holds the futures in between."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from leitstern.accounts.models import User
from leitstern.activity.services import activity_record
from leitstern.cases import kinds
from leitstern.cases.models import (
    BusinessCase,
    CaseActual,
    CaseCorrelation,
    CaseEvent,
    CaseLine,
    CasePhase,
    LineKind,
    Scenario,
)
from leitstern.cases.services import _check_case, _locked

# Fields of a line whose higher value is worse even on a benefit line.
LATER_IS_WORSE = ("lag_months", "ramp_months")


def shifted(kept: dict[str, Any] | None, *, high_is_good: bool, hopeful: bool) -> Any:
    """``kept`` moved to one side of its spread: the favourable one when ``hopeful``, the
    unfavourable one otherwise. A point (or nothing) stays as it is."""
    if not kept or "point" in kept:
        return kept
    upper_side = high_is_good == hopeful
    moved: dict[str, Any]
    if "lower" in kept:
        middle = (kept["lower"] + kept["upper"]) / 2
        ends = (middle, kept["upper"]) if upper_side else (kept["lower"], middle)
        if ends[0] == ends[1]:
            return {"point": ends[0]}
        moved = {"lower": ends[0], "upper": ends[1]}
    else:
        ends = (kept["likely"], kept["high"]) if upper_side else (kept["low"], kept["likely"])
        if ends[0] == ends[1]:
            return {"point": ends[0]}
        moved = {"low": ends[0], "likely": (ends[0] + ends[1]) / 2, "high": ends[1]}
    if "shape" in kept:
        moved["shape"] = kept["shape"]
    return moved


def _line_copy(line: CaseLine, case: BusinessCase, hopeful: bool) -> CaseLine:
    good = line.kind == LineKind.BENEFIT
    return CaseLine(
        case=case,
        key=line.key,
        kind=line.kind,
        name=line.name,
        category=line.category,
        driver=line.driver,
        values={
            name: shifted(value, high_is_good=good, hopeful=hopeful)
            for name, value in line.values.items()
        },
        phase=line.phase,
        until=line.until,
        start_month=line.start_month,
        end_month=line.end_month,
        recurring=line.recurring,
        event=line.event,
        step_ups=[
            {**step, "factor": shifted(step["factor"], high_is_good=good, hopeful=hopeful)}
            for step in line.step_ups or []
        ],
        lag_months=shifted(line.lag_months, high_is_good=False, hopeful=hopeful),
        ramp_months=shifted(line.ramp_months, high_is_good=False, hopeful=hopeful),
        note=line.note,
        position=line.position,
    )


def _name(case: BusinessCase, scenario: str) -> str:
    """ "<case> — conservative" in the reader's language, the case's name shortened to fit."""
    pattern = (
        _("%(case)s — conservative")
        if scenario == Scenario.CONSERVATIVE
        else _("%(case)s — optimistic")
    )
    over = len(pattern % {"case": case.name}) - 120
    return pattern % {"case": case.name[: len(case.name) - max(0, over)]}


def _copy(actor: User, case: BusinessCase, scenario: str) -> BusinessCase:
    hopeful = scenario == Scenario.OPTIMISTIC
    copy = BusinessCase(
        workspace=case.workspace,
        name=_name(case, scenario),
        question=case.question,
        horizon_months=case.horizon_months,
        discount_rate=case.discount_rate,
        currency=case.currency,
        trials=case.trials,
        seed=case.seed,
        template=case.template,
        roadmap_item=case.roadmap_item,
        opportunity=case.opportunity,
        hypothesis=case.hypothesis,
        scenario_of=case,
        scenario=scenario,
        created_by=actor,
    )
    copy.save()
    phases = [
        CasePhase(
            case=copy,
            key=p.key,
            name=p.name,
            start_month=p.start_month,
            end_month=p.end_month,
            probability=p.probability,
            if_missed=p.if_missed,
            note=p.note,
        )
        for p in case.phases.all()
    ]
    lines = [_line_copy(line, copy, hopeful) for line in case.lines.all()]
    events = [
        CaseEvent(case=copy, key=e.key, name=e.name, probability=e.probability, note=e.note)
        for e in case.events.all()
    ]
    correlations = [
        CaseCorrelation(case=copy, first=c.first, second=c.second, rank=c.rank, note=c.note)
        for c in case.correlations.all()
    ]
    actuals = [
        CaseActual(
            case=copy,
            month=a.month,
            cost=a.cost,
            benefit=a.benefit,
            cost_by_category=a.cost_by_category,
            note=a.note,
            recorded_by=a.recorded_by,
        )
        for a in case.actuals.all()
    ]
    try:
        _check_case(
            copy,
            phases=phases,
            lines=lines,
            actuals=actuals,
            events=events,
            correlations=correlations,
        )
    except ValidationError as error:
        reasons = " ".join(error.messages)
        message = (
            _("The conservative scenario cannot be simulated: %(reasons)s")
            if scenario == Scenario.CONSERVATIVE
            else _("The optimistic scenario cannot be simulated: %(reasons)s")
        )
        raise ValidationError(message % {"reasons": reasons}) from None
    CasePhase.objects.bulk_create(phases)
    CaseLine.objects.bulk_create(lines)
    CaseEvent.objects.bulk_create(events)
    CaseCorrelation.objects.bulk_create(correlations)
    CaseActual.objects.bulk_create(actuals)
    activity_record(
        workspace=case.workspace,
        actor=actor,
        kind=kinds.SCENARIO_MADE,
        target=copy,
        changes={"scenario_of": ["", case.name]},
    )
    return copy


@transaction.atomic
def scenarios_make(*, actor: User, case: BusinessCase) -> tuple[BusinessCase, BusinessCase]:
    """A conservative and an optimistic copy of ``case`` (see the module's docstring), in
    one transaction with an activity entry on each copy and on the case. A scenario has no
    scenarios of its own, and a case makes its scenarios once (delete them to make new ones
    from its current assumptions)."""
    case = _locked(case)
    if case.scenario_of_id is not None or case.scenario:
        raise ValidationError(
            _("This case is a scenario itself: make scenarios of the case it comes from.")
        )
    if case.scenarios.exists():
        raise ValidationError(
            _(
                "This case has its scenarios already: delete them first to make new ones "
                "from its current assumptions."
            )
        )
    conservative = _copy(actor, case, Scenario.CONSERVATIVE)
    optimistic = _copy(actor, case, Scenario.OPTIMISTIC)
    activity_record(
        workspace=case.workspace,
        actor=actor,
        kind=kinds.SCENARIO_MADE,
        target=case,
        changes={"scenarios": ["", f"{conservative.name}; {optimistic.name}"]},
    )
    return conservative, optimistic
