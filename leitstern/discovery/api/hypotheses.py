"""Hypotheses of the discovery API: list, add, read with the latest verdict, edit with
If-Match, delete; the sample size a hypothesis' test needs, and the sample-size calculator
for numbers not (yet) in a hypothesis."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Status

from leitstern.api.operations import operation
from leitstern.api.types import Id, Slug
from leitstern.api.versions import IF_MATCH, conflict_answer, conflict_schema, expected_version, tag
from leitstern.core.http import WorkspaceRequest
from leitstern.core.versioning import EditConflict
from leitstern.discovery import access, selectors, services, verdicts
from leitstern.discovery.api.common import (
    W,
    api_names,
    in_product,
    key_result_for,
    metric_for,
    patch_data,
    product_for,
    related_for,
)
from leitstern.discovery.models import Hypothesis, Solution
from leitstern.discovery.schemas import (
    HypothesisIn,
    HypothesisOut,
    HypothesisPatch,
    SampleSizeIn,
    SampleSizeOut,
)
from leitstern.engines.stats import StatsInputError
from leitstern.workspaces.models import Need

router = Router()


HYPOTHESIS_OUT = [
    "id", "product_id", "solution_id", "statement", "change", "audience", "key_result_id",
    "metric_id", "metric_kind", "baseline", "target", "target_date", "category", "importance",
    "evidence", "direction", "minimum_effect", "effect_scale", "alpha", "power", "criterion",
    "rule_text", "sd", "weekly_traffic", "planned_n_per_arm", "status", "rule_fixed_at",
    "version",
]  # fmt: skip


def _hypothesis_out(h: Hypothesis, verdict=None) -> dict:
    out = {name: getattr(h, name) for name in HYPOTHESIS_OUT}
    if verdict is None:
        verdict = selectors.latest_verdicts([h.pk]).get(h.pk)
    out["latest_verdict"] = (
        None
        if verdict is None
        else {
            "experiment_id": verdict.experiment_id,
            "outcome": verdict.outcome,
            "reason": verdict.reason,
            "decided_at": verdict.decided_at,
        }
    )
    return out


def _hypothesis_links(member, product, data: dict) -> dict:
    """Ids in a hypothesis body turned into objects of this product / workspace."""
    if "solution_id" in data:
        data["solution"] = in_product(
            related_for(member, Solution, data.pop("solution_id"), "solution_id"),
            product,
            "solution_id",
        )
    if "key_result_id" in data:
        data["key_result"] = key_result_for(member, data.pop("key_result_id"))
    if "metric_id" in data:
        data["metric"] = metric_for(member, data.pop("metric_id"))
    return data


HYPOTHESIS_NAMES = {"solution": "solution_id", "key_result": "key_result_id", "metric": "metric_id"}


@router.get(
    W + "/products/{product_id}/hypotheses",
    response=list[HypothesisOut],
)
@operation(need=Need.VIEW)
def hypothesis_list(
    request: WorkspaceRequest,
    slug: Slug,
    product_id: Id,
    key_result_id: Id | None = None,
    status: str | None = None,
):
    product = product_for(request.member, product_id)
    found = Hypothesis.objects.filter(product=product).order_by("created_at", "id")
    if key_result_id is not None:
        found = found.filter(key_result_id=key_result_id)
    if status:
        found = found.filter(status=status)
    found = list(found)
    latest = selectors.latest_verdicts(h.pk for h in found)
    return [_hypothesis_out(h, latest.get(h.pk)) for h in found]


@router.post(
    W + "/products/{product_id}/hypotheses",
    response={201: HypothesisOut},
)
@operation(need=Need.EDIT)
def hypothesis_create(request: WorkspaceRequest, slug: Slug, product_id: Id, payload: HypothesisIn):
    member = request.member
    product = product_for(member, product_id, "edit")
    data = _hypothesis_links(member, product, payload.model_dump())
    hypothesis = services.hypothesis_create(actor=request.user, product=product, **data)
    return Status(201, _hypothesis_out(hypothesis))


@router.get(W + "/hypotheses/{hypothesis_id}", response=HypothesisOut)
@operation(need=Need.VIEW)
def hypothesis_detail(
    request: WorkspaceRequest, slug: Slug, hypothesis_id: Id, response: HttpResponse
):
    hypothesis = access.get_hypothesis_for(request.member, hypothesis_id)
    tag(response, hypothesis.version)
    return _hypothesis_out(hypothesis)


@router.patch(
    W + "/hypotheses/{hypothesis_id}",
    response={200: HypothesisOut, 409: conflict_schema(HypothesisOut)},
)
@operation(need=Need.EDIT)
def hypothesis_update(
    request: WorkspaceRequest,
    slug: Slug,
    hypothesis_id: Id,
    payload: HypothesisPatch,
    response: HttpResponse,
    if_match: str | None = IF_MATCH,
):
    member = request.member
    hypothesis = access.get_hypothesis_for(member, hypothesis_id, need=Need.EDIT)
    data, note, body_version, _x = patch_data(payload, {})
    version = expected_version(if_match, body_version)
    data = _hypothesis_links(member, hypothesis.product, data)
    try:
        services.hypothesis_update(
            actor=request.user, hypothesis=hypothesis, version=version, note=note, **data
        )
    except EditConflict as conflict:
        tag(response, conflict.version)
        return conflict_answer(conflict, _hypothesis_out(conflict.instance), names=HYPOTHESIS_NAMES)
    except ValidationError as error:
        raise ValidationError(api_names(error, HYPOTHESIS_NAMES)) from None
    tag(response, hypothesis.version)
    return _hypothesis_out(hypothesis)


@router.delete(W + "/hypotheses/{hypothesis_id}", response={204: None})
@operation(need=Need.EDIT)
def hypothesis_delete(request: WorkspaceRequest, slug: Slug, hypothesis_id: Id):
    member = request.member
    hypothesis = access.get_hypothesis_for(member, hypothesis_id, need=Need.EDIT)
    services.hypothesis_delete(actor=request.user, obj=hypothesis)
    return Status(204, None)


def _size_out(size) -> dict:
    return {
        "kind": size.kind,
        "method": size.method,
        "n_per_arm": size.n_per_arm,
        "total": size.total,
        "alpha": size.alpha,
        "power": size.power,
        "achieved_power": size.achieved_power,
        "weeks": size.weeks,
        "weeks_exact": size.weeks_exact,
        "notes": list(size.notes),
    }


def _size_or_422(probe: Hypothesis) -> dict:
    problems = verdicts.rule_problems(probe)
    if problems:
        raise ValidationError({field: [message] for field, message in problems})
    try:
        size = verdicts.sample_size(probe)
    except StatsInputError as error:
        raise ValidationError({"minimum_effect": error.message}) from None
    if size is None:
        field = "sd" if probe.metric_kind == "mean" and verdicts.has_rule(probe) else "baseline"
        raise ValidationError(
            {
                field: _(
                    "Not enough to size the test: a rate needs its baseline and a target or "
                    "minimum effect; an average also its standard deviation."
                )
            }
        )
    return _size_out(size)


@router.get(
    W + "/hypotheses/{hypothesis_id}/sample-size",
    response=SampleSizeOut,
)
@operation(need=Need.VIEW)
def hypothesis_sample_size(request: WorkspaceRequest, slug: Slug, hypothesis_id: Id):
    """Units per group the hypothesis' test needs, and the weeks at its weekly traffic
    (422 naming what is missing)."""
    hypothesis = access.get_hypothesis_for(request.member, hypothesis_id)
    return _size_or_422(hypothesis)


@router.post(W + "/sample-size", response=SampleSizeOut)
@operation(need=Need.VIEW)
def sample_size(request: WorkspaceRequest, slug: Slug, payload: SampleSizeIn):
    """The sample-size calculator: two proportions (rates in %) or two means, per group;
    with ``weekly_traffic`` the weeks the test needs."""
    data = payload.model_dump()
    direction = data.pop("direction")
    if direction is None:
        lower = data["baseline"] is not None and data["target"] is not None
        direction = "lower" if lower and data["target"] < data["baseline"] else "higher"
    return _size_or_422(Hypothesis(direction=direction, **data))
