"""The API of a linked hypothesis' verdict on a case: read the open offer (the value the
experiment measured, as a 90% range, and the benefit inputs it may update), then take it
into one input or leave the case as it is — the same services and rules as the page (a
verdict is decided once; the line's change is checked by the engine and kept in the
history with its why)."""

from __future__ import annotations

from typing import Literal

from django.core.exceptions import ValidationError
from ninja import Field, Router, Schema

from leitstern.api.operations import operation
from leitstern.api.types import Id, In, Line, Number, Slug
from leitstern.cases import verdicts
from leitstern.cases.access import get_case_for
from leitstern.cases.models import VerdictUpdate
from leitstern.core.http import WorkspaceRequest
from leitstern.workspaces.models import Need

router = Router(tags=["cases"])
W = "/workspaces/{slug}"


class VerdictInputOut(Schema):
    key: str
    label: str


class OfferOut(Schema):
    verdict_id: int
    hypothesis: str
    measured: float
    lower: float
    upper: float
    n: int
    inputs: list[VerdictInputOut]


class OfferAnswer(Schema):
    offer: OfferOut | None


class VerdictDecisionIn(In):
    verdict: Id | None = Field(
        None,
        description="The offered verdict's id, from the offer you read: refused when another "
        "verdict is on offer by now. Left out: the verdict on offer now.",
    )
    decision: Literal["apply", "dismiss"]
    target: Line(100) = Field("", description='The benefit input, "line.field" (apply only).')
    lower: Number | None = None
    upper: Number | None = None
    why: Line() = ""


class VerdictUpdateOut(Schema):
    id: int
    verdict_id: int
    accepted: bool
    line_id: int | None
    field: str
    before: dict | float | None
    after: dict | float | None
    why: str


@router.get(W + "/cases/{case_id}/verdict", response=OfferAnswer)
@operation(need=Need.VIEW)
def verdict_offer(request: WorkspaceRequest, slug: Slug, case_id: Id):
    """The latest verdict of the case's hypothesis not yet decided about, with the measured
    value's 90% range and the benefit inputs it may update; ``offer`` is null when none
    waits (no linked hypothesis, no measured verdict, or decided already)."""
    case = get_case_for(request.member, case_id)
    found = verdicts.offer(case)
    if found is None:
        return {"offer": None}
    return {
        "offer": {
            "verdict_id": found.verdict.pk,
            "hypothesis": str(found.verdict.hypothesis),
            "measured": found.measured,
            "lower": found.lower,
            "upper": found.upper,
            "n": found.n,
            "inputs": [{"key": k, "label": v} for k, v in verdicts.benefit_inputs(case)],
        }
    }


@router.post(W + "/cases/{case_id}/verdict", response={200: VerdictUpdateOut})
@operation(need=Need.EDIT)
def verdict_decide(request: WorkspaceRequest, slug: Slug, case_id: Id, payload: VerdictDecisionIn):
    """Take the offered verdict into a benefit input (``apply`` with ``target``, ``lower``,
    ``upper``) or leave the case as it is (``dismiss``). Refused (422) when the verdict is not
    the one on offer (a newer one came in, or it was decided already)."""
    case = get_case_for(request.member, case_id, need=Need.EDIT)
    found = verdicts.offer(case)
    if found is None or payload.verdict not in (None, found.verdict.pk):
        raise ValidationError(
            {"verdict": "This verdict is not on offer for the case: decided already, or a "
             "newer one came in."}
        )  # fmt: skip
    if payload.decision == "dismiss":
        update: VerdictUpdate = verdicts.verdict_dismiss(
            actor=request.user, case=case, verdict=found.verdict, why=payload.why
        )
        return update
    missing = [name for name in ("lower", "upper") if getattr(payload, name) is None]
    if not payload.target:
        missing.insert(0, "target")
    if missing:
        raise ValidationError({name: "Required to apply the verdict." for name in missing})
    return verdicts.verdict_apply(
        actor=request.user,
        case=case,
        verdict=found.verdict,
        target=payload.target,
        lower=payload.lower,  # type: ignore[arg-type]  # checked above
        upper=payload.upper,  # type: ignore[arg-type]  # checked above
        why=payload.why,
    )
