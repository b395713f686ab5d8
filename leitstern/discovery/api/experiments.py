"""Experiments of the discovery API: list, add, read, change the plan, enter results (which
starts a planned experiment), start, close with the learning card, delete; and the verdict
per hypothesis, stored once closed, computed from the results before."""

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
from leitstern.discovery import access, selectors, services, wording
from leitstern.discovery.api.common import W, api_names, metric_for, patch_data, product_for
from leitstern.discovery.models import Experiment, Hypothesis
from leitstern.discovery.schemas import (
    ExperimentCloseIn,
    ExperimentIn,
    ExperimentOut,
    ExperimentPatch,
    ResultsIn,
    VerdictOut,
)
from leitstern.workspaces.models import Need

router = Router()


EXPERIMENT_OUT = [
    "id", "product_id", "title", "kind", "status", "starts_on", "ends_on", "description",
    "result_kind", "share_b", "conversions_a", "visitors_a", "conversions_b", "visitors_b",
    "mean_a", "sd_a", "n_a", "mean_b", "sd_b", "n_b", "result_metric_id", "before_from",
    "change_on", "after_to", "judgement", "believed", "observed", "learned", "next_step",
    "closed_at", "version",
]  # fmt: skip


def _experiment_out(e: Experiment) -> dict:
    out = {name: getattr(e, name) for name in EXPERIMENT_OUT}
    out["hypothesis_ids"] = sorted(h.pk for h in e.hypotheses.all())
    return out


def _hypotheses(member, product, ids: list[int]) -> list[Hypothesis]:
    found = list(Hypothesis.objects.filter(product=product, pk__in=ids))
    if len(found) != len(set(ids)):
        raise ValidationError({"hypothesis_ids": _("Choose hypotheses of this product.")})
    return found


@router.get(
    W + "/products/{product_id}/experiments",
    response=list[ExperimentOut],
)
@operation(need=Need.VIEW)
def experiment_list(request: WorkspaceRequest, slug: Slug, product_id: Id):
    product = product_for(request.member, product_id)
    return [_experiment_out(e) for e in selectors.experiments_of(product)]


@router.post(
    W + "/products/{product_id}/experiments",
    response={201: ExperimentOut},
)
@operation(need=Need.EDIT)
def experiment_create(request: WorkspaceRequest, slug: Slug, product_id: Id, payload: ExperimentIn):
    member = request.member
    product = product_for(member, product_id, "edit")
    data = payload.model_dump()
    hypotheses = _hypotheses(member, product, data.pop("hypothesis_ids"))
    if data["result_kind"] is None:
        data.pop("result_kind")
    experiment = services.experiment_create(
        actor=request.user, product=product, hypotheses=hypotheses, **data
    )
    return Status(201, _experiment_out(experiment))


@router.get(W + "/experiments/{experiment_id}", response=ExperimentOut)
@operation(need=Need.VIEW)
def experiment_detail(
    request: WorkspaceRequest, slug: Slug, experiment_id: Id, response: HttpResponse
):
    experiment = access.get_experiment_for(request.member, experiment_id)
    tag(response, experiment.version)
    return _experiment_out(experiment)


def _experiment_change(request, slug, experiment_id, payload, response, if_match):
    member = request.member
    experiment = access.get_experiment_for(member, experiment_id, need=Need.EDIT)
    data, note, body_version, _x = patch_data(payload, {})
    version = expected_version(if_match, body_version)
    if "hypothesis_ids" in data:
        data["hypotheses"] = _hypotheses(member, experiment.product, data.pop("hypothesis_ids"))
    if "result_metric_id" in data:
        data["result_metric"] = metric_for(member, data.pop("result_metric_id"), "result_metric_id")
    names = {"hypotheses": "hypothesis_ids", "result_metric": "result_metric_id"}
    try:
        services.experiment_update(
            actor=request.user, experiment=experiment, version=version, note=note, **data
        )
    except EditConflict as conflict:
        tag(response, conflict.version)
        return conflict_answer(conflict, _experiment_out(conflict.instance), names=names)
    except ValidationError as error:
        raise ValidationError(api_names(error, names)) from None
    tag(response, experiment.version)
    return _experiment_out(experiment)


@router.patch(
    W + "/experiments/{experiment_id}",
    response={200: ExperimentOut, 409: conflict_schema(ExperimentOut)},
)
@operation(need=Need.EDIT)
def experiment_update(
    request: WorkspaceRequest,
    slug: Slug,
    experiment_id: Id,
    payload: ExperimentPatch,
    response: HttpResponse,
    if_match: str | None = IF_MATCH,
):
    """Change the plan until the experiment is closed; the hypotheses it tests only before
    it starts."""
    return _experiment_change(request, slug, experiment_id, payload, response, if_match)


@router.put(
    W + "/experiments/{experiment_id}/results",
    response={200: ExperimentOut, 409: conflict_schema(ExperimentOut)},
)
@operation(need=Need.EDIT)
def experiment_results(
    request: WorkspaceRequest,
    slug: Slug,
    experiment_id: Id,
    payload: ResultsIn,
    response: HttpResponse,
    if_match: str | None = IF_MATCH,
):
    """Enter results (a planned experiment starts with them, which fixes its hypotheses'
    decision rules). Impossible numbers — conversions above visitors, a negative count, a
    standard deviation at or below zero — answer 422 naming the field."""
    return _experiment_change(request, slug, experiment_id, payload, response, if_match)


@router.post(W + "/experiments/{experiment_id}/start", response=ExperimentOut)
@operation(need=Need.EDIT)
def experiment_start(request: WorkspaceRequest, slug: Slug, experiment_id: Id):
    member = request.member
    experiment = access.get_experiment_for(member, experiment_id, need=Need.EDIT)
    services.experiment_start(actor=request.user, experiment=experiment)
    return _experiment_out(experiment)


@router.post(W + "/experiments/{experiment_id}/close", response=ExperimentOut)
@operation(need=Need.EDIT)
def experiment_close(
    request: WorkspaceRequest, slug: Slug, experiment_id: Id, payload: ExperimentCloseIn
):
    """Close with the learning card: one verdict per hypothesis is stored and updates the
    hypothesis and its opportunity."""
    member = request.member
    experiment = access.get_experiment_for(member, experiment_id, need=Need.EDIT)
    services.experiment_close(actor=request.user, experiment=experiment, **payload.model_dump())
    return _experiment_out(experiment)


@router.delete(W + "/experiments/{experiment_id}", response={204: None})
@operation(need=Need.EDIT)
def experiment_delete(request: WorkspaceRequest, slug: Slug, experiment_id: Id):
    member = request.member
    experiment = access.get_experiment_for(member, experiment_id, need=Need.EDIT)
    services.experiment_delete(actor=request.user, obj=experiment)
    return Status(204, None)


def _verdict_out(experiment, hypothesis, data, *, stored: bool, problem: str = "") -> dict:
    unit = experiment.result_metric.unit if experiment.result_metric_id else ""
    lines = wording.verdict_lines(data or {}, unit=unit)
    return {
        "hypothesis_id": hypothesis.pk,
        "experiment_id": experiment.pk,
        "stored": stored,
        "outcome": data.get("outcome") if data else None,
        "reason": data.get("reason") if data else None,
        "problem": problem or None,
        "messages": [{"code": line.code, "part": line.part, "text": line.text} for line in lines],
        "data": data,
    }


@router.get(
    W + "/experiments/{experiment_id}/verdicts",
    response=list[VerdictOut],
)
@operation(need=Need.VIEW)
def experiment_verdicts(request: WorkspaceRequest, slug: Slug, experiment_id: Id):
    """The verdict for each hypothesis the experiment tests: stored ones once it is closed,
    otherwise computed now from the results as they stand (nothing is stored)."""
    experiment = access.get_experiment_for(request.member, experiment_id)
    if experiment.is_closed:
        return [
            _verdict_out(experiment, v.hypothesis, v.data, stored=True)
            for v in experiment.verdicts.select_related("hypothesis")
        ]
    return [
        _verdict_out(experiment, h, data, stored=False, problem=problem)
        for h, data, problem in services.preview(experiment)
    ]
