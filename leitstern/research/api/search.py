"""Search in the research API: full text over notes, snapshots, transcripts, quotes and
insights, with the page's filters; withdrawn content never appears."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from ninja import Router, Schema

from leitstern.api.operations import operation
from leitstern.api.types import Id, Limit, Line, Offset, Slug
from leitstern.core.http import WorkspaceRequest
from leitstern.research import search
from leitstern.research.api.common import W
from leitstern.workspaces.models import Need

router = Router()


class HitOut(Schema):
    kind: str
    title: str
    excerpt: str
    day: dt.date | None
    second_hand: bool
    conversation_id: int | None
    quote_id: int | None
    insight_id: int | None


class ResultsOut(Schema):
    total: int
    hits: list[HitOut]


@router.get(W + "/search", response=ResultsOut)
@operation(need=Need.VIEW)
def research_search(
    request: WorkspaceRequest,
    slug: Slug,
    q: Line(200) = "",
    kind: Literal["notes", "snapshot", "transcript", "quote", "insight"] | None = None,
    source: Literal["direct", "second_hand"] | None = None,
    segment_id: Id | None = None,
    persona_id: Id | None = None,
    tag_id: Id | None = None,
    product_id: Id | None = None,
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
    limit: Limit(50) = 20,
    offset: Offset = 0,
):
    """Full-text search over notes, snapshots, transcripts, quotes and insights (German
    and English word forms); withdrawn content never appears."""
    results = search.search(
        workspace=request.workspace,
        user=request.user,
        query=q,
        filters=search.Filters(
            kinds=(kind,) if kind else (),
            segment=segment_id,
            persona=persona_id,
            tag=tag_id,
            product=product_id,
            source=source or "",
            date_from=date_from,
            date_to=date_to,
        ),
        limit=limit,
        offset=offset,
    )
    return {
        "total": results.total,
        "hits": [
            {
                "kind": hit.kind,
                "title": hit.title,
                "excerpt": str(hit.excerpt),
                "day": hit.day,
                "second_hand": hit.is_second_hand,
                "conversation_id": hit.conversation_id,
                "quote_id": hit.quote_id,
                "insight_id": hit.insight_id,
            }
            for hit in results.hits
        ],
    }
