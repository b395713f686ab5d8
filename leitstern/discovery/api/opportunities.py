"""Opportunities of the discovery API: list with their evidence counts, add (an editor's
directly, a contributor's as a proposal), read, edit with If-Match, decide on a proposal,
delete."""

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
from leitstern.discovery import access, prioritisation, selectors, services
from leitstern.discovery.api.common import (
    W,
    in_product,
    insight_for,
    patch_data,
    product_for,
    related_for,
)
from leitstern.discovery.models import Opportunity, Outcome, Review
from leitstern.discovery.schemas import (
    OpportunityIn,
    OpportunityOut,
    OpportunityPatch,
    ProposalDecisionIn,
)
from leitstern.workspaces.models import Need

router = Router()


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
    product = product_for(request.member, product_id)
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
    product = product_for(member, product_id, "contribute")
    outcome = in_product(
        related_for(member, Outcome, payload.outcome_id, "outcome_id"),
        product,
        "outcome_id",
    )
    parent = in_product(
        related_for(member, Opportunity, payload.parent_id, "parent_id"),
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
        insight = insight_for(member, payload.insight_id)
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
    data, note, body_version, _x = patch_data(payload, {})
    version = expected_version(if_match, body_version)
    if "outcome_id" in data:
        data["outcome"] = in_product(
            related_for(member, Outcome, data.pop("outcome_id"), "outcome_id"),
            opportunity.product,
            "outcome_id",
        )
    if "parent_id" in data:
        data["parent"] = in_product(
            related_for(member, Opportunity, data.pop("parent_id"), "parent_id"),
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
