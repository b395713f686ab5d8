"""Reads of research that span models, and what other modules may call.

For other modules (discovery shows the evidence behind an opportunity):

``evidence_for(*, insights=(), quotes=()) -> Evidence``
    The evidence of the given insights' quotes and the given quotes together, each quote
    counted once: ``quotes``, ``direct``, ``second_hand``, ``withdrawn``,
    ``conversations``, ``participants``, ``organisations`` (distinct), ``segments`` and
    ``personas`` (names), ``share_second_hand`` (0–1 or None).

``evidence_by_insight(insights) -> dict[int, Evidence]``
    The same for each insight separately, in one query (for lists).

``evidence_by_group({key: (insights, quotes)}) -> dict[key, Evidence]``
    ``evidence_for`` of many groups at once, in two queries (``direct_segments``: the
    segments of the direct quotes alone).

``quote_lines(user, quotes) -> dict[int, QuoteLine]``
    Quotes as one reader may see them: withdrawn or unreadable words stay out.

``insights_to_cite(workspace, *, product=None)`` and
``quotes_to_cite(user, workspace, *, second_hand_only=False)``
    Querysets for choice lists of evidence to cite.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Max, Q
from django.utils import timezone

from leitstern.research.evidence import (
    Evidence,
    QuoteLine,
    evidence_by_group,
    evidence_by_insight,
    evidence_for,
    insights_to_cite,
    quote_lines,
    quotes_to_cite,
)
from leitstern.research.models import (
    Conversation,
    ConversationStatus,
    Source,
)

__all__ = [
    "Evidence",
    "QuoteLine",
    "evidence_by_group",
    "evidence_by_insight",
    "evidence_for",
    "insights_to_cite",
    "product_research",
    "quote_lines",
    "quotes_to_cite",
]


def product_research(request, product) -> dict:
    """The panel on a product's page: its direct conversations of the last 13 weeks and
    the last one, with a link to the product's research home (one query)."""
    today = timezone.localdate()
    numbers = Conversation.objects.filter(
        workspace_id=product.workspace_id,
        product=product,
        status=ConversationStatus.HELD,
        source=Source.DIRECT,
        date__lte=today,
    ).aggregate(
        recent=Count("id", filter=Q(date__gte=today - timedelta(weeks=13))), last=Max("date")
    )
    return {"research": {"product": product, **numbers}}
