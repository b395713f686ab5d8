"""A linked hypothesis' verdict can update a benefit input: the case offers the value the
experiment measured in its treatment group as a calibrated 90% range; an editor chooses the
input, may adjust the range, and confirms (or leaves the case as it is). Nothing changes by
itself. Cases sit above discovery (layer 5 over 3), so they read discovery's verdicts
directly; discovery knows nothing of cases."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from leitstern.accounts.models import User
from leitstern.activity.services import activity_record
from leitstern.cases import kinds, services
from leitstern.cases.models import BusinessCase, CaseLine, LineKind, VerdictUpdate
from leitstern.cases.selectors import input_label, names_of
from leitstern.discovery.models import Verdict
from leitstern.discovery.selectors import latest_verdicts

# z of a 90% interval: the calibrated ranges of the case are 90% ranges.
Z90 = 1.6448536269514722


@dataclass(frozen=True)
class Offer:
    """The latest verdict of the case's hypothesis, not yet dealt with, and the 90% range
    of the value its treatment group measured."""

    verdict: Verdict
    measured: float
    lower: float
    upper: float
    n: int


def measured_range(data: dict[str, Any]) -> tuple[float, float, float, int] | None:
    """The treatment group's mean with its 90% range (mean ± 1.645 standard errors), from a
    verdict's numbers; ``None`` for a verdict without a measured comparison (a judgement)."""
    arm = (data.get("comparison") or {}).get("b") or {}
    mean, sd = arm.get("mean"), arm.get("sd")
    n = arm.get("n_effective") or arm.get("n")
    if mean is None or sd is None or not n or n <= 0:
        return None
    half = Z90 * float(sd) / math.sqrt(float(n))
    return float(mean), float(mean) - half, float(mean) + half, int(arm.get("n") or n)


def offer(case: BusinessCase) -> Offer | None:
    if case.hypothesis_id is None:
        return None
    verdict = latest_verdicts([case.hypothesis_id]).get(case.hypothesis_id)
    if verdict is None or VerdictUpdate.objects.filter(case=case, verdict=verdict).exists():
        return None
    found = measured_range(verdict.data or {})
    if found is None:
        return None
    measured, lower, upper, n = found
    return Offer(verdict=verdict, measured=measured, lower=lower, upper=upper, n=n)


def verdict_offer(case: BusinessCase, can_edit: bool) -> dict[str, Any]:
    """The offer for the case page, with its form for an editor."""
    found = offer(case)
    if found is None:
        return {"offer": None}
    from leitstern.cases.forms import VerdictForm

    form = None
    if can_edit:
        inputs = benefit_inputs(case)
        form = VerdictForm(
            inputs=inputs,
            initial={
                "verdict": found.verdict.pk,
                "target": inputs[0][0] if inputs else "",
                "lower": round(found.lower, 6),
                "upper": round(found.upper, 6),
            },
        )
    return {"offer": found, "verdict_form": form}


def benefit_inputs(case: BusinessCase) -> list[tuple[str, str]]:
    """The benefit lines' estimated numbers a verdict may update, as (``line.field``, label)."""
    from leitstern.cases.models import DRIVER_FIELDS

    names = names_of(case)
    return [
        (f"{line.key}.{name}", input_label(case, f"{line.key}.{name}", names))
        for line in case.lines.filter(kind=LineKind.BENEFIT)
        for name in DRIVER_FIELDS[line.driver]
    ]


@transaction.atomic
def verdict_apply(
    *,
    actor: User,
    case: BusinessCase,
    verdict: Verdict,
    target: str,
    lower: float,
    upper: float,
    why: str,
) -> VerdictUpdate:
    """Set the benefit input ``target`` (``line.field``) to the range lower..upper, through
    the line's own service (the engine checks it, the history keeps the why), and record
    that this verdict was taken into the case."""
    key, _sep, field = target.partition(".")
    line = CaseLine.objects.filter(case=case, key=key, kind=LineKind.BENEFIT).first()
    if line is None or field not in line.values:
        raise ValidationError({"target": _("Choose one of the case's benefit inputs.")})
    if upper < lower:
        raise ValidationError({"upper": _("The upper bound is below the lower bound.")})
    before = line.values[field]
    after = {"lower": lower, "upper": upper}
    services.line_update(
        actor=actor, line=line, values={**line.values, field: after}, why=why.strip()
    )
    return _record(case, verdict, actor, accepted=True, line=line, field=field,
                   before=before, after=after, why=why.strip())  # fmt: skip


@transaction.atomic
def verdict_dismiss(
    *, actor: User, case: BusinessCase, verdict: Verdict, why: str = ""
) -> VerdictUpdate:
    """Leave the case as it is; the verdict is not offered again."""
    return _record(case, verdict, actor, accepted=False, why=why.strip())


def _record(case: BusinessCase, verdict: Verdict, actor: User, **data: Any) -> VerdictUpdate:
    if verdict.hypothesis_id != case.hypothesis_id:
        raise ValidationError(_("This verdict is not about the case's hypothesis."))
    try:
        with transaction.atomic():
            update = VerdictUpdate.objects.create(
                case=case, verdict=verdict, decided_by=actor, **data
            )
    except IntegrityError:
        raise ValidationError(
            _("Someone already decided about this verdict. Nothing was changed.")
        ) from None
    activity_record(
        workspace=case.workspace,
        actor=actor,
        kind=kinds.VERDICT_DECIDED,
        target=case,
        changes={str(verdict.hypothesis): ["", "✓" if update.accepted else "–"]},
        note=update.why,
    )
    return update
