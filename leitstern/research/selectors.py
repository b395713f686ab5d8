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

__all__ = [
    "Evidence",
    "QuoteLine",
    "evidence_by_group",
    "evidence_by_insight",
    "evidence_for",
    "insights_to_cite",
    "quote_lines",
    "quotes_to_cite",
]
