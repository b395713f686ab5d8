"""The research evidence an opportunity cites, in the discovery API: the insights and quotes it
names (a quote's words only for callers who may read them), an editor's citation or a
contributor's proposed quote, the decision on a proposal, removal."""

from __future__ import annotations

from ninja import Router, Status

from leitstern.api.operations import operation
from leitstern.api.types import Id, Slug
from leitstern.core.http import WorkspaceRequest
from leitstern.discovery import access, services
from leitstern.discovery.api.common import W, insight_for, quote_for
from leitstern.discovery.models import EvidenceLink
from leitstern.discovery.schemas import EvidenceLinkIn, EvidenceLinkOut, ProposalDecisionIn
from leitstern.research import selectors as research_selectors
from leitstern.workspaces.models import Need

router = Router()


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
        insight=insight_for(member, payload.insight_id),
        quote=quote_for(member, payload.quote_id),
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
