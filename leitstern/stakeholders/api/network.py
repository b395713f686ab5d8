"""Who listens to whom in the stakeholders API: the network with each person's numbers, and
the ties between people (list, add, edit with If-Match, remove)."""

from __future__ import annotations

from django.http import HttpResponse
from ninja import Router, Status

from leitstern.api.operations import operation
from leitstern.api.types import Id, Slug
from leitstern.api.versions import IF_MATCH, conflict_answer, conflict_schema, expected_version, tag
from leitstern.core.http import WorkspaceRequest
from leitstern.core.versioning import EditConflict
from leitstern.stakeholders import access, selectors, services
from leitstern.stakeholders.api.common import W, one_of, people_of
from leitstern.stakeholders.models import Influence
from leitstern.stakeholders.schemas import InfluenceIn, InfluenceOut, InfluencePatch, NetworkOut
from leitstern.workspaces.models import Need

router = Router()


@router.get(W + "/stakeholder-network", response=NetworkOut)
@operation(need=Need.EDIT)
def network(request: WorkspaceRequest, slug: Slug):
    """Every person the caller sees with influence, listens, betweenness (normalized) and
    reach, and the ties between them."""
    member = request.member
    view = selectors.map_for(member, stances=False)
    c = view.centrality
    people = [
        {
            "id": row.id,
            "name": view.by_id[row.id].name,
            "influence": row.influence,
            "listens": row.listens,
            "betweenness": round(row.betweenness_normalized, 9),
            "reach": round(row.reach, 9),
        }
        for row in (c.of(pk) for pk in c.ids)
    ]
    ties = [
        {
            "id": t.pk,
            "influencer_id": t.influencer_id,
            "listener_id": t.listener_id,
            "strength": t.strength,
            "note": t.note,
            "version": t.version,
        }
        for t in view.ties
    ]
    return {"people": people, "ties": ties}


@router.get(W + "/influences", response=list[InfluenceOut])
@operation(need=Need.EDIT)
def influence_list(request: WorkspaceRequest, slug: Slug, stakeholder_id: Id | None = None):
    """Ties between people the caller sees; with ``stakeholder_id`` only theirs (either
    way)."""
    member = request.member
    ties = selectors.ties_among(member).order_by("pk")
    if stakeholder_id is not None:
        person = access.get_stakeholder_for(member, stakeholder_id)
        ties = ties.filter(influencer=person) | ties.filter(listener=person)
    return ties


@router.post(W + "/influences", response={201: InfluenceOut})
@operation(need=Need.EDIT)
def influence_add(request: WorkspaceRequest, slug: Slug, payload: InfluenceIn):
    member = request.member
    seen = people_of(member)
    tie = services.influence_add(
        actor=request.user,
        influencer=one_of(seen, payload.influencer_id, "influencer_id"),
        listener=one_of(seen, payload.listener_id, "listener_id"),
        strength=payload.strength,
        note=payload.note,
    )
    return Status(201, tie)


@router.patch(
    W + "/influences/{influence_id}",
    response={200: InfluenceOut, 409: conflict_schema(InfluenceOut)},
)
@operation(need=Need.EDIT)
def influence_update(
    request: WorkspaceRequest,
    slug: Slug,
    influence_id: Id,
    payload: InfluencePatch,
    response: HttpResponse,
    if_match: str | None = IF_MATCH,
):
    member = request.member
    tie = access.get_influence_for(member, influence_id)
    sent = payload.model_fields_set
    data = {name: getattr(payload, name) for name in ("strength", "note") if name in sent}
    try:
        services.influence_update(
            actor=request.user,
            influence=tie,
            version=expected_version(if_match, payload.version),
            **data,
        )
    except EditConflict as conflict:
        tag(response, conflict.version)
        return conflict_answer(conflict, Influence.objects.get(pk=tie.pk))
    tag(response, tie.version)
    return tie


@router.delete(W + "/influences/{influence_id}", response={204: None})
@operation(need=Need.EDIT)
def influence_remove(request: WorkspaceRequest, slug: Slug, influence_id: Id):
    member = request.member
    services.influence_remove(
        actor=request.user, influence=access.get_influence_for(member, influence_id)
    )
    return Status(204, None)
