"""Reads of research that span models, and what other modules may call.

For other modules (discovery shows the evidence behind an opportunity):

``evidence_for(*, insights=(), quotes=()) -> Evidence``
    The evidence of the given insights' quotes and the given quotes together, each quote
    counted once: ``quotes``, ``direct``, ``second_hand``, ``withdrawn``,
    ``conversations``, ``participants``, ``organisations`` (distinct), ``segments`` and
    ``personas`` (names), ``share_second_hand`` (0–1 or None).

``evidence_by_insight(insights) -> dict[int, Evidence]``
    The same for each insight separately, in one query (for lists).
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Count, Max, Q
from django.utils import timezone

from leitstern.research.evidence import Evidence, evidence_by_insight, evidence_for
from leitstern.research.models import Conversation, ConversationStatus, Source

__all__ = ["Evidence", "evidence_by_insight", "evidence_for", "product_research"]


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
