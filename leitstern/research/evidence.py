"""Evidence counts: how much, and what kind of, customer evidence stands behind an insight
(or any set of insights and quotes). Other modules call this through ``selectors``
(discovery shows the evidence of an opportunity's insights and quotes).

Counted per quote:

* direct vs second-hand — the source of the quote's conversation;
* distinct participants — the quote's participant (tombstones of withdrawn people count:
  the evidence was real, only the words are gone);
* distinct organisations — the participant's organisation, else the conversation's (for
  second-hand feedback);
* segments — the conversation's segment at the time, else that organisation's segment;
* personas — the conversation's persona at the time;
* withdrawn — quotes whose words were removed because the person withdrew or was erased.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import F
from django.db.models.functions import Coalesce

from leitstern.research.models import Insight, Quote, Source


@dataclass(frozen=True)
class Evidence:
    """The evidence behind something, counted over distinct quotes."""

    quotes: int = 0
    direct: int = 0
    second_hand: int = 0
    withdrawn: int = 0
    conversations: int = 0
    participants: int = 0
    organisations: int = 0
    segments: tuple[str, ...] = ()
    personas: tuple[str, ...] = ()

    @property
    def share_second_hand(self) -> float | None:
        """The share of quotes that are second-hand (0–1), or None without quotes."""
        return self.second_hand / self.quotes if self.quotes else None

    @property
    def is_empty(self) -> bool:
        return self.quotes == 0


def _columns(prefix: str = "") -> dict:
    """What is counted of each quote; ``prefix`` is the path to the quote."""
    p = prefix
    return {
        "ev_quote": F(f"{p}id" if p else "pk"),
        "ev_source": F(f"{p}conversation__source"),
        "ev_conversation": F(f"{p}conversation"),
        "ev_participant": F(f"{p}participant"),
        "ev_redacted": F(f"{p}redacted_at"),
        "ev_organisation": Coalesce(
            f"{p}participant__organisation", f"{p}conversation__organisation"
        ),
        "ev_segment": Coalesce(
            f"{p}conversation__segment__name",
            f"{p}participant__organisation__segment__name",
            f"{p}conversation__organisation__segment__name",
        ),
        "ev_persona": F(f"{p}conversation__persona__name"),
    }


def _count(rows: Iterable[dict]) -> Evidence:
    seen: dict[int, dict] = {}
    for row in rows:
        seen.setdefault(row["ev_quote"], row)
    unique = list(seen.values())
    direct = sum(1 for row in unique if row["ev_source"] == Source.DIRECT)
    return Evidence(
        quotes=len(unique),
        direct=direct,
        second_hand=len(unique) - direct,
        withdrawn=sum(1 for row in unique if row["ev_redacted"] is not None),
        conversations=len({row["ev_conversation"] for row in unique}),
        participants=len({row["ev_participant"] for row in unique} - {None}),
        organisations=len({row["ev_organisation"] for row in unique} - {None}),
        segments=tuple(sorted({row["ev_segment"] for row in unique} - {None})),
        personas=tuple(sorted({row["ev_persona"] for row in unique} - {None})),
    )


def evidence_for(
    *, insights: Iterable[Insight | int] = (), quotes: Iterable[Quote | int] = ()
) -> Evidence:
    """The evidence of all the given insights' quotes and the given quotes together, each
    quote counted once. Two queries at most, whatever the number of insights and quotes."""
    insight_ids = [i.pk if isinstance(i, Insight) else int(i) for i in insights]
    quote_ids = [q.pk if isinstance(q, Quote) else int(q) for q in quotes]
    rows: list[dict] = []
    if insight_ids:
        links = Insight.quotes.through.objects.filter(insight_id__in=insight_ids)
        rows += list(links.values(**_columns("quote__")))
    if quote_ids:
        rows += list(Quote.objects.filter(pk__in=quote_ids).values(**_columns()))
    return _count(rows)


def evidence_by_insight(insights: Iterable[Insight | int]) -> dict[int, Evidence]:
    """``{insight id: Evidence}`` for each given insight (an insight without quotes gets
    an empty ``Evidence``), in one query: for lists of insights."""
    ids = [i.pk if isinstance(i, Insight) else int(i) for i in insights]
    grouped: dict[int, list[dict]] = defaultdict(list)
    if ids:
        links = Insight.quotes.through.objects.filter(insight_id__in=ids)
        for row in links.values("insight_id", **_columns("quote__")):
            grouped[row["insight_id"]].append(row)
    return {pk: _count(grouped.get(pk, [])) for pk in ids}
