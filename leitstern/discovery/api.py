"""The discovery API: outcomes and their trees, opportunities (proposed by contributors,
decided by editors), solutions, hypotheses with the sample size they need, experiments with
results and verdicts, scores and the ranked list, and the sample-size calculator. Every
write goes through the same services as the pages."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import models
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from ninja import Router, Status

from leitstern.api.operations import operation
from leitstern.api.types import Id, Slug
from leitstern.api.versions import IF_MATCH, conflict_answer, conflict_schema, expected_version, tag
from leitstern.core.http import WorkspaceRequest
from leitstern.core.versioning import EditConflict
from leitstern.discovery import access, prioritisation, selectors, services, verdicts, wording
from leitstern.discovery.models import (
    EvidenceLink,
    Experiment,
    Hypothesis,
    Opportunity,
    Outcome,
    Review,
    Score,
    ScoringMethod,
    Solution,
)
from leitstern.discovery.schemas import (
    EvidenceLinkIn,
    EvidenceLinkOut,
    ExperimentCloseIn,
    ExperimentIn,
    ExperimentOut,
    ExperimentPatch,
    HypothesisIn,
    HypothesisOut,
    HypothesisPatch,
    OpportunityIn,
    OpportunityOut,
    OpportunityPatch,
    OutcomeIn,
    OutcomeOut,
    OutcomePatch,
    ProposalDecisionIn,
    RankedOut,
    ResultsIn,
    SampleSizeIn,
    SampleSizeOut,
    ScoreIn,
    SolutionIn,
    SolutionOut,
    SolutionPatch,
    TreeOut,
    VerdictOut,
)
from leitstern.discovery.templatetags.discovery_tags import formula
from leitstern.engines.stats import StatsInputError
from leitstern.products.access import get_product_for
from leitstern.research import access as research_access
from leitstern.research import selectors as research_selectors
from leitstern.strategy.models import KeyResult, Metric
from leitstern.workspaces.access import get_object_for
from leitstern.workspaces.models import Membership, Need

router = Router(tags=["discovery"])
W = "/workspaces/{slug}"
NEEDS = {"view": Need.VIEW, "contribute": Need.CONTRIBUTE, "edit": Need.EDIT}


def _product(member: Membership, product_id: int, level: str = "view"):
    return get_product_for(member, product_id, need=NEEDS[level])


def _related(member: Membership, model: type[models.Model], pk: int | None, field: str):
    """An object named by id in a body, only within the member's workspace: 422 naming the
    field for anything else (not 404: the path was found)."""
    if pk is None:
        return None
    try:
        return get_object_for(member, model, pk)
    except Http404:
        raise ValidationError({field: _("Choose one of this workspace.")}) from None


def _insight(member: Membership, pk: int | None, field: str = "insight_id"):
    """A research insight named in a body (422 naming the field outside the workspace)."""
    if pk is None:
        return None
    try:
        return research_access.get_insight_for(member, pk)
    except Http404:
        raise ValidationError({field: _("Choose an insight of this workspace.")}) from None


def _quote(member: Membership, pk: int | None, field: str = "quote_id"):
    """A quote the member may read, named in a body."""
    if pk is None:
        return None
    try:
        return research_access.get_quote_for(member, pk)
    except Http404:
        raise ValidationError({field: _("Choose a quote of this workspace.")}) from None


def _key_result(member, pk, field="key_result_id") -> KeyResult | None:
    return _related(member, KeyResult, pk, field)


def _metric(member, pk, field="metric_id") -> Metric | None:
    return _related(member, Metric, pk, field)


def _in_product(obj, product, field: str):
    if obj is not None and obj.product_id != product.pk:
        raise ValidationError({field: _("Choose one of this product.")})
    return obj


def _patch(payload, renames: dict[str, str]) -> tuple[dict, str, int | None, str | None]:
    data = payload.model_dump(exclude_unset=True)
    note = data.pop("note", "")
    version = data.pop("version", None)
    return data, note, version, None


# --- outputs ---------------------------------------------------------------------------


def _evidence(e: prioritisation.Evidence) -> dict:
    return {
        "direct": e.direct,
        "second_hand": e.second_hand,
        "segments": e.segments,
        "segment_names": list(e.segment_names),
        "organisations": e.organisations,
        "withdrawn": e.withdrawn,
        "validated": e.validated,
        "only_second_hand": e.only_second_hand,
    }


def _opportunity_out(o: Opportunity, evidence: prioritisation.Evidence | None = None) -> dict:
    if evidence is None:
        evidence = selectors.opportunity_evidence([o.pk])[o.pk]
    return {
        "id": o.pk,
        "product_id": o.product_id,
        "outcome_id": o.outcome_id,
        "parent_id": o.parent_id,
        "title": o.title,
        "description": o.description,
        "stage": o.stage,
        "review": o.review,
        "evidence": _evidence(evidence),
        "version": o.version,
    }


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


def _renamed(data: dict, renames: dict[str, str]) -> dict:
    return {renames.get(key, key): value for key, value in data.items()}


# --- outcomes --------------------------------------------------------------------------


@router.get(W + "/products/{product_id}/outcomes", response=list[OutcomeOut])
@operation(need=Need.VIEW)
def outcome_list(request: WorkspaceRequest, slug: Slug, product_id: Id):
    member = request.member
    return Outcome.objects.filter(product=_product(member, product_id))


@router.post(
    W + "/products/{product_id}/outcomes",
    response={201: OutcomeOut},
)
@operation(need=Need.EDIT)
def outcome_create(request: WorkspaceRequest, slug: Slug, product_id: Id, payload: OutcomeIn):
    member = request.member
    product = _product(member, product_id, "edit")
    outcome = services.outcome_create(
        actor=request.user,
        product=product,
        title=payload.title,
        description=payload.description,
        key_result=_key_result(member, payload.key_result_id),
        metric=_metric(member, payload.metric_id),
    )
    return Status(201, outcome)


@router.get(W + "/outcomes/{outcome_id}", response=OutcomeOut)
@operation(need=Need.VIEW)
def outcome_detail(request: WorkspaceRequest, slug: Slug, outcome_id: Id, response: HttpResponse):
    outcome = access.get_outcome_for(request.member, outcome_id)
    tag(response, outcome.version)
    return outcome


@router.patch(
    W + "/outcomes/{outcome_id}",
    response={200: OutcomeOut, 409: conflict_schema(OutcomeOut)},
)
@operation(need=Need.EDIT)
def outcome_update(
    request: WorkspaceRequest,
    slug: Slug,
    outcome_id: Id,
    payload: OutcomePatch,
    response: HttpResponse,
    if_match: str | None = IF_MATCH,
):
    member = request.member
    outcome = access.get_outcome_for(member, outcome_id, need=Need.EDIT)
    data, note, body_version, _x = _patch(payload, {})
    version = expected_version(if_match, body_version)
    if "key_result_id" in data:
        data["key_result"] = _key_result(member, data.pop("key_result_id"))
    if "metric_id" in data:
        data["metric"] = _metric(member, data.pop("metric_id"))
    try:
        services.outcome_update(
            actor=request.user, outcome=outcome, version=version, note=note, **data
        )
    except EditConflict as conflict:
        tag(response, conflict.version)
        return conflict_answer(
            conflict,
            conflict.instance,
            names={"key_result": "key_result_id", "metric": "metric_id"},
        )
    tag(response, outcome.version)
    return outcome


@router.delete(W + "/outcomes/{outcome_id}", response={204: None})
@operation(need=Need.EDIT)
def outcome_delete(request: WorkspaceRequest, slug: Slug, outcome_id: Id):
    outcome = access.get_outcome_for(request.member, outcome_id, need=Need.EDIT)
    services.outcome_delete(actor=request.user, obj=outcome)
    return Status(204, None)


def _tree_nodes(nodes) -> list[dict]:
    out = []
    for node in nodes:
        obj = node.obj
        state = {"opportunity": "stage"}.get(node.kind, "status")
        out.append(
            {
                "kind": node.kind,
                "id": obj.pk,
                "title": str(obj) if node.kind == "hypothesis" else obj.title,
                "state": getattr(obj, state),
                "verdict": node.verdict.outcome if node.verdict else None,
                "children": _tree_nodes(node.children),
            }
        )
    return out


@router.get(W + "/outcomes/{outcome_id}/tree", response=TreeOut)
@operation(need=Need.VIEW)
def outcome_tree(request: WorkspaceRequest, slug: Slug, outcome_id: Id):
    """The whole tree: opportunities nested as the team nested them, with their solutions
    and each solution's hypotheses (status and latest verdict)."""
    outcome = access.get_outcome_for(request.member, outcome_id)
    tree = selectors.tree(outcome.product, outcome)
    return {
        "outcome": outcome,
        "opportunities": tree.counts["opportunities"],
        "solutions": tree.counts["solutions"],
        "hypotheses": tree.counts["hypotheses"],
        "nodes": _tree_nodes(tree.roots),
    }


# --- opportunities ---------------------------------------------------------------------


@router.get(
    W + "/products/{product_id}/opportunities",
    response=list[OpportunityOut],
)
@operation(need=Need.VIEW)
def opportunity_list(
    request: WorkspaceRequest,
    slug: Slug,
    product_id: Id,
    outcome_id: Id | None = None,
    review: str | None = None,
):
    """The product's opportunities (declined ones only with ``review=declined``), each with
    its evidence counts."""
    product = _product(request.member, product_id)
    found = Opportunity.objects.filter(product=product).order_by("created_at", "id")
    found = found.filter(review=review) if review in Review.values else found.in_tree()
    if outcome_id is not None:
        found = found.filter(outcome_id=outcome_id)
    found = list(found)
    evidence = selectors.opportunity_evidence(o.pk for o in found)
    return [_opportunity_out(o, evidence[o.pk]) for o in found]


@router.post(
    W + "/products/{product_id}/opportunities",
    response={201: OpportunityOut},
)
@operation(need=Need.CONTRIBUTE)
def opportunity_create(
    request: WorkspaceRequest, slug: Slug, product_id: Id, payload: OpportunityIn
):
    """Editors add an opportunity; a contributor's is a proposal an editor decides on."""
    member = request.member
    product = _product(member, product_id, "contribute")
    outcome = _in_product(
        _related(member, Outcome, payload.outcome_id, "outcome_id"),
        product,
        "outcome_id",
    )
    parent = _in_product(
        _related(member, Opportunity, payload.parent_id, "parent_id"),
        product,
        "parent_id",
    )
    common = {
        "actor": request.user,
        "product": product,
        "title": payload.title,
        "description": payload.description,
        "outcome": outcome,
        "parent": parent,
    }
    if member.can_edit:
        insight = _insight(member, payload.insight_id)
        opportunity = services.opportunity_create(**common, stage=payload.stage, insight=insight)
    else:
        if payload.insight_id is not None:
            raise ValidationError(
                {"insight_id": _("Editors link insights; propose second-hand quotes instead.")}
            )
        opportunity = services.opportunity_propose(**common)
    return Status(201, _opportunity_out(opportunity))


@router.get(W + "/opportunities/{opportunity_id}", response=OpportunityOut)
@operation(need=Need.VIEW)
def opportunity_detail(
    request: WorkspaceRequest, slug: Slug, opportunity_id: Id, response: HttpResponse
):
    opportunity = access.get_opportunity_for(request.member, opportunity_id)
    tag(response, opportunity.version)
    return _opportunity_out(opportunity)


@router.patch(
    W + "/opportunities/{opportunity_id}",
    response={200: OpportunityOut, 409: conflict_schema(OpportunityOut)},
)
@operation(need=Need.EDIT)
def opportunity_update(
    request: WorkspaceRequest,
    slug: Slug,
    opportunity_id: Id,
    payload: OpportunityPatch,
    response: HttpResponse,
    if_match: str | None = IF_MATCH,
):
    member = request.member
    opportunity = access.get_opportunity_for(member, opportunity_id, need=Need.EDIT)
    data, note, body_version, _x = _patch(payload, {})
    version = expected_version(if_match, body_version)
    if "outcome_id" in data:
        data["outcome"] = _in_product(
            _related(member, Outcome, data.pop("outcome_id"), "outcome_id"),
            opportunity.product,
            "outcome_id",
        )
    if "parent_id" in data:
        data["parent"] = _in_product(
            _related(member, Opportunity, data.pop("parent_id"), "parent_id"),
            opportunity.product,
            "parent_id",
        )
    try:
        services.opportunity_update(
            actor=request.user, opportunity=opportunity, version=version, note=note, **data
        )
    except EditConflict as conflict:
        tag(response, conflict.version)
        return conflict_answer(
            conflict,
            _opportunity_out(conflict.instance),
            names={"outcome": "outcome_id", "parent": "parent_id"},
        )
    tag(response, opportunity.version)
    return _opportunity_out(opportunity)


@router.post(
    W + "/opportunities/{proposal_id}/decision",
    response=OpportunityOut,
)
@operation(need=Need.EDIT)
def opportunity_decide(
    request: WorkspaceRequest, slug: Slug, proposal_id: Id, payload: ProposalDecisionIn
):
    """Accept a contributor's proposal into the tree, or decline it (422 for an
    opportunity that is no proposal)."""
    member = request.member
    opportunity = access.get_opportunity_for(member, proposal_id, need=Need.EDIT)
    services.opportunity_decide(
        actor=request.user, opportunity=opportunity, accept=payload.accept, note=payload.note
    )
    return _opportunity_out(opportunity)


@router.delete(W + "/opportunities/{opportunity_id}", response={204: None})
@operation(need=Need.EDIT)
def opportunity_delete(request: WorkspaceRequest, slug: Slug, opportunity_id: Id):
    member = request.member
    opportunity = access.get_opportunity_for(member, opportunity_id, need=Need.EDIT)
    services.opportunity_delete(actor=request.user, obj=opportunity)
    return Status(204, None)


# --- research evidence an opportunity cites ---------------------------------------------


def _links_out(links: list, user) -> list[dict]:
    lines = research_selectors.quote_lines(user, [lk.quote_id for lk in links if lk.quote_id])
    out = []
    for link in links:
        line = lines.get(link.quote_id) if link.quote_id else None
        out.append(
            {
                "id": link.pk,
                "opportunity_id": link.opportunity_id,
                "insight_id": link.insight_id,
                "insight_title": link.insight.title if link.insight_id else "",
                "quote_id": link.quote_id,
                "quote_text": line.text if line else "",
                "withdrawn": bool(line and line.withdrawn),
                "hidden": bool(line and line.hidden),
                "second_hand": line.second_hand if line else None,
                "review": link.review,
            }
        )
    return out


@router.get(W + "/opportunities/{opportunity_id}/evidence", response=list[EvidenceLinkOut])
@operation(need=Need.VIEW)
def evidence_list(request: WorkspaceRequest, slug: Slug, opportunity_id: Id):
    """The insights and quotes the opportunity cites (declined proposals included, with
    their review); a quote's words only where the caller may read them."""
    opportunity = access.get_opportunity_for(request.member, opportunity_id)
    links = list(opportunity.evidence_links.select_related("insight"))
    return _links_out(links, request.user)


@router.post(W + "/opportunities/{opportunity_id}/evidence", response={201: EvidenceLinkOut})
@operation(need=Need.CONTRIBUTE)
def evidence_add(
    request: WorkspaceRequest, slug: Slug, opportunity_id: Id, payload: EvidenceLinkIn
):
    """Editors cite an insight or a quote (counted at once); contributors propose a quote of
    second-hand feedback, which an editor decides on."""
    member = request.member
    opportunity = access.get_opportunity_for(member, opportunity_id, need=Need.CONTRIBUTE)
    link = services.evidence_link(
        actor=request.user,
        opportunity=opportunity,
        insight=_insight(member, payload.insight_id),
        quote=_quote(member, payload.quote_id),
        propose=not member.can_edit,
    )
    link = opportunity.evidence_links.select_related("insight").get(pk=link.pk)
    return Status(201, _links_out([link], request.user)[0])


@router.post(W + "/evidence/{evidence_link_id}/decision", response=EvidenceLinkOut)
@operation(need=Need.EDIT)
def evidence_decide(
    request: WorkspaceRequest, slug: Slug, evidence_link_id: Id, payload: ProposalDecisionIn
):
    """Accept or decline proposed evidence (422 for evidence that is no proposal)."""
    link = access.get_evidence_link_for(request.member, evidence_link_id, need=Need.EDIT)
    services.evidence_decide(actor=request.user, link=link, accept=payload.accept)
    link = access.get_evidence_link_for(
        request.member, evidence_link_id, need=Need.EDIT,
        queryset=EvidenceLink.objects.select_related("insight"),
    )  # fmt: skip
    return _links_out([link], request.user)[0]


@router.delete(W + "/evidence/{evidence_link_id}", response={204: None})
@operation(need=Need.EDIT)
def evidence_remove(request: WorkspaceRequest, slug: Slug, evidence_link_id: Id):
    link = access.get_evidence_link_for(request.member, evidence_link_id, need=Need.EDIT)
    services.evidence_unlink(actor=request.user, link=link)
    return Status(204, None)


# --- solutions -------------------------------------------------------------------------


@router.get(W + "/products/{product_id}/solutions", response=list[SolutionOut])
@operation(need=Need.VIEW)
def solution_list(request: WorkspaceRequest, slug: Slug, product_id: Id):
    product = _product(request.member, product_id)
    return Solution.objects.filter(product=product).order_by("created_at", "id")


@router.post(
    W + "/opportunities/{opportunity_id}/solutions",
    response={201: SolutionOut},
)
@operation(need=Need.EDIT)
def solution_create(request: WorkspaceRequest, slug: Slug, opportunity_id: Id, payload: SolutionIn):
    member = request.member
    opportunity = access.get_opportunity_for(member, opportunity_id, need=Need.EDIT)
    solution = services.solution_create(
        actor=request.user, opportunity=opportunity, **payload.model_dump()
    )
    return Status(201, solution)


@router.get(W + "/solutions/{solution_id}", response=SolutionOut)
@operation(need=Need.VIEW)
def solution_detail(request: WorkspaceRequest, slug: Slug, solution_id: Id, response: HttpResponse):
    solution = access.get_solution_for(request.member, solution_id)
    tag(response, solution.version)
    return solution


@router.patch(
    W + "/solutions/{solution_id}",
    response={200: SolutionOut, 409: conflict_schema(SolutionOut)},
)
@operation(need=Need.EDIT)
def solution_update(
    request: WorkspaceRequest,
    slug: Slug,
    solution_id: Id,
    payload: SolutionPatch,
    response: HttpResponse,
    if_match: str | None = IF_MATCH,
):
    member = request.member
    solution = access.get_solution_for(member, solution_id, need=Need.EDIT)
    data, note, body_version, _x = _patch(payload, {})
    version = expected_version(if_match, body_version)
    if "opportunity_id" in data:
        data["opportunity"] = _in_product(
            _related(
                member, Opportunity, data.pop("opportunity_id"),
                "opportunity_id",
            ),
            solution.product,
            "opportunity_id",
        )  # fmt: skip
    try:
        services.solution_update(
            actor=request.user, solution=solution, version=version, note=note, **data
        )
    except EditConflict as conflict:
        tag(response, conflict.version)
        return conflict_answer(conflict, conflict.instance, names={"opportunity": "opportunity_id"})
    tag(response, solution.version)
    return solution


@router.delete(W + "/solutions/{solution_id}", response={204: None})
@operation(need=Need.EDIT)
def solution_delete(request: WorkspaceRequest, slug: Slug, solution_id: Id):
    solution = access.get_solution_for(request.member, solution_id, need=Need.EDIT)
    services.solution_delete(actor=request.user, obj=solution)
    return Status(204, None)


# --- hypotheses ------------------------------------------------------------------------


def _hypothesis_links(member, product, data: dict) -> dict:
    """Ids in a hypothesis body turned into objects of this product / workspace."""
    if "solution_id" in data:
        data["solution"] = _in_product(
            _related(member, Solution, data.pop("solution_id"), "solution_id"),
            product,
            "solution_id",
        )
    if "key_result_id" in data:
        data["key_result"] = _key_result(member, data.pop("key_result_id"))
    if "metric_id" in data:
        data["metric"] = _metric(member, data.pop("metric_id"))
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
    product = _product(request.member, product_id)
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
    product = _product(member, product_id, "edit")
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
    data, note, body_version, _x = _patch(payload, {})
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
        raise ValidationError(_api_names(error, HYPOTHESIS_NAMES)) from None
    tag(response, hypothesis.version)
    return _hypothesis_out(hypothesis)


def _api_names(error: ValidationError, names: dict[str, str]) -> Any:
    if not hasattr(error, "error_dict"):
        return error
    return {names.get(field, field): errors for field, errors in error.error_dict.items()}


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


# --- experiments -----------------------------------------------------------------------


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
    product = _product(request.member, product_id)
    return [_experiment_out(e) for e in selectors.experiments_of(product)]


@router.post(
    W + "/products/{product_id}/experiments",
    response={201: ExperimentOut},
)
@operation(need=Need.EDIT)
def experiment_create(request: WorkspaceRequest, slug: Slug, product_id: Id, payload: ExperimentIn):
    member = request.member
    product = _product(member, product_id, "edit")
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
    data, note, body_version, _x = _patch(payload, {})
    version = expected_version(if_match, body_version)
    if "hypothesis_ids" in data:
        data["hypotheses"] = _hypotheses(member, experiment.product, data.pop("hypothesis_ids"))
    if "result_metric_id" in data:
        data["result_metric"] = _metric(member, data.pop("result_metric_id"), "result_metric_id")
    names = {"hypotheses": "hypothesis_ids", "result_metric": "result_metric_id"}
    try:
        services.experiment_update(
            actor=request.user, experiment=experiment, version=version, note=note, **data
        )
    except EditConflict as conflict:
        tag(response, conflict.version)
        return conflict_answer(conflict, _experiment_out(conflict.instance), names=names)
    except ValidationError as error:
        raise ValidationError(_api_names(error, names)) from None
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


# --- scores ----------------------------------------------------------------------------


def _ranked_out(row: selectors.Ranked) -> dict:
    return {
        "kind": row.kind,
        "id": row.item.pk,
        "title": str(row.item),
        "method": row.result.method,
        "score": row.value,
        "formula": formula(row.result),
        "missing": list(row.result.missing),
        "confidence": row.confidence.value,
        "confidence_from_evidence": row.confidence.from_evidence,
        "confidence_basis": str(row.confidence.basis),
        "confidence_overridden": row.confidence.overridden,
    }


@router.get(
    W + "/products/{product_id}/priorities",
    response=list[RankedOut],
)
@operation(need=Need.VIEW)
def priorities(
    request: WorkspaceRequest,
    slug: Slug,
    product_id: Id,
    method: str | None = None,
    kind: str = "solution",
):
    """Open solutions (or ``kind=opportunity``) best first by ``method`` (default: the
    product's), each with its formula filled in and where its confidence comes from."""
    product = _product(request.member, product_id)
    if method not in ScoringMethod.values:
        method = selectors.settings_for(product).scoring_method
    kind = "opportunity" if kind == "opportunity" else "solution"
    return [_ranked_out(row) for row in selectors.ranked(product, method, kind=kind)]


def _score(request, member, item, payload: ScoreIn) -> dict:
    data = payload.model_dump(exclude_unset=True)
    note = data.pop("note", "")
    services.score_set(actor=request.user, item=item, note=note, **data)
    method = selectors.settings_for(item.product).scoring_method
    kind = "solution" if isinstance(item, Solution) else "opportunity"
    (row,) = [
        r for r in selectors.ranked(item.product, method, kind=kind) if r.item.pk == item.pk
    ] or [_unranked(item, kind, method)]
    return _ranked_out(row)


def _unranked(item, kind: str, method: str) -> selectors.Ranked:
    """An item the ranked list leaves out (shipped, dropped, settled), scored the same way."""
    score = Score.objects.filter(**{kind: item}).first()
    evidence = (
        selectors.solution_evidence([item])[item.pk]
        if kind == "solution"
        else selectors.opportunity_evidence([item.pk])[item.pk]
    )
    confidence = prioritisation.confidence(evidence, score.confidence if score else None)
    inputs = {name: getattr(score, name, None) for name in prioritisation.BOUNDS}
    return selectors.Ranked(
        kind, item, score, confidence, prioritisation.score(method, inputs, confidence.value)
    )


@router.put(W + "/solutions/{solution_id}/score", response=RankedOut)
@operation(need=Need.EDIT)
def solution_score(request: WorkspaceRequest, slug: Slug, solution_id: Id, payload: ScoreIn):
    member = request.member
    return _score(
        request, member, access.get_solution_for(member, solution_id, need=Need.EDIT), payload
    )


@router.put(W + "/opportunities/{opportunity_id}/score", response=RankedOut)
@operation(need=Need.EDIT)
def opportunity_score(request: WorkspaceRequest, slug: Slug, opportunity_id: Id, payload: ScoreIn):
    member = request.member
    opportunity = access.get_opportunity_for(member, opportunity_id, need=Need.EDIT)
    return _score(request, member, opportunity, payload)
