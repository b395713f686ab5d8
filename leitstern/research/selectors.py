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

from leitstern.research.evidence import Evidence, evidence_by_insight, evidence_for

__all__ = ["Evidence", "evidence_by_insight", "evidence_for"]
