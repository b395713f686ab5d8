"""Insights in the research API: insights with the evidence their quotes give (list, add,
read, edit with If-Match)."""

from __future__ import annotations

from dataclasses import asdict

from django.http import HttpResponse
from ninja import Field, Router, Schema, Status

from leitstern.api.operations import operation
from leitstern.api.types import Id, In, Limit, Name, Offset, Slug, Text, unchanged
from leitstern.api.versions import (
    IF_MATCH,
    VERSION_FIELD,
    conflict_answer,
    conflict_schema,
    expected_version,
    tag,
)
from leitstern.core import limits
from leitstern.core.http import WorkspaceRequest
from leitstern.core.versioning import EditConflict
from leitstern.products.models import Product
from leitstern.research import services
from leitstern.research.access import get_insight_for
from leitstern.research.api.common import IdList, W, one_of
from leitstern.research.models import Insight
from leitstern.research.selectors import evidence_by_insight
from leitstern.workspaces.models import Need

router = Router()


class InsightEvidenceOut(Schema):
    quotes: int
    direct: int
    second_hand: int
    withdrawn: int
    conversations: int
    participants: int
    organisations: int
    segments: list[str]
    personas: list[str]
    share_second_hand: float | None


class InsightOut(Schema):
    id: int
    title: str
    description: str
    product_id: int | None
    quote_ids: list[int]
    evidence: InsightEvidenceOut
    version: int


class InsightIn(In):
    title: Name(300)
    description: Text = ""
    product_id: Id | None = None
    quote_ids: IdList = Field(default_factory=list, max_length=limits.MAX_ITEMS)


class InsightPatch(In):
    title: Name(300) = unchanged()
    description: Text = unchanged()
    version: int | None = VERSION_FIELD


def _insights_out(insights: list[Insight]) -> list[dict]:
    evidence = evidence_by_insight(insights)
    held: dict[int, list[int]] = {i.pk: [] for i in insights}
    for insight_id, quote_id in Insight.quotes.through.objects.filter(
        insight__in=insights
    ).values_list("insight_id", "quote_id"):
        held[insight_id].append(quote_id)
    return [
        {
            "id": i.pk,
            "title": i.title,
            "description": i.description,
            "product_id": i.product_id,
            "quote_ids": sorted(held[i.pk]),
            "evidence": {
                **asdict(evidence[i.pk]),
                "share_second_hand": evidence[i.pk].share_second_hand,
            },
            "version": i.version,
        }
        for i in insights
    ]


@router.get(W + "/insights", response=list[InsightOut])
@operation(need=Need.VIEW)
def insight_list(
    request: WorkspaceRequest, slug: Slug, limit: Limit() = limits.PAGE_SIZE, offset: Offset = 0
):
    """Insights with their evidence counts, most recently changed first; paged."""
    insights = Insight.objects.filter(workspace=request.workspace).active()
    return _insights_out(list(insights.order_by("-updated_at", "-id")[offset : offset + limit]))


@router.post(W + "/insights", response={201: InsightOut})
@operation(need=Need.EDIT)
def insight_create(request: WorkspaceRequest, slug: Slug, payload: InsightIn):
    insight = services.insight_create(
        actor=request.user,
        workspace=request.workspace,
        title=payload.title,
        description=payload.description,
        product=one_of(request.workspace, payload.product_id, Product, "product_id"),
        quotes=payload.quote_ids,
    )
    return Status(201, _insights_out([insight])[0])


@router.get(W + "/insights/{insight_id}", response=InsightOut)
@operation(need=Need.VIEW)
def insight_detail(request: WorkspaceRequest, slug: Slug, insight_id: Id, response: HttpResponse):
    insight = get_insight_for(request.member, insight_id)
    tag(response, insight.version)
    return _insights_out([insight])[0]


@router.patch(
    W + "/insights/{insight_id}", response={200: InsightOut, 409: conflict_schema(InsightOut)}
)
@operation(need=Need.EDIT)
def insight_update(
    request: WorkspaceRequest,
    slug: Slug,
    insight_id: Id,
    payload: InsightPatch,
    response: HttpResponse,
    if_match: str | None = IF_MATCH,
):
    insight = get_insight_for(request.member, insight_id, need=Need.EDIT)
    version = expected_version(if_match, payload.version)
    fields = {
        name: getattr(payload, name)
        for name in ("title", "description")
        if name in payload.model_fields_set
    }
    try:
        services.insight_update(actor=request.user, insight=insight, version=version, **fields)
    except EditConflict as conflict:
        tag(response, conflict.version)
        return conflict_answer(conflict, _insights_out([conflict.instance])[0])
    tag(response, insight.version)
    return _insights_out([insight])[0]
