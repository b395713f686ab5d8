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
from collections.abc import Hashable, Iterable, Mapping
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
    direct_segments: tuple[str, ...] = ()

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
        direct_segments=tuple(
            sorted(
                {row["ev_segment"] for row in unique if row["ev_source"] == Source.DIRECT} - {None}
            )
        ),
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


def evidence_by_group[K: Hashable](
    groups: Mapping[K, tuple[Iterable[Insight | int], Iterable[Quote | int]]],
) -> dict[K, Evidence]:
    """``{key: Evidence}`` for groups of ``(insights, quotes)``: each group's quotes (its
    insights' and its own) counted once within the group, as ``evidence_for`` counts them.
    Two queries in all, however many groups: for lists of things citing evidence."""
    wanted: dict[K, tuple[list[int], list[int]]] = {
        key: (
            [i.pk if isinstance(i, Insight) else int(i) for i in insights],
            [q.pk if isinstance(q, Quote) else int(q) for q in quotes],
        )
        for key, (insights, quotes) in groups.items()
    }
    insight_ids = {pk for ins, _q in wanted.values() for pk in ins}
    quote_ids = {pk for _i, qs in wanted.values() for pk in qs}
    by_insight: dict[int, list[dict]] = defaultdict(list)
    if insight_ids:
        links = Insight.quotes.through.objects.filter(insight_id__in=insight_ids)
        for row in links.values("insight_id", **_columns("quote__")):
            by_insight[row["insight_id"]].append(row)
    by_quote: dict[int, dict] = {}
    if quote_ids:
        for row in Quote.objects.filter(pk__in=quote_ids).values(**_columns()):
            by_quote[row["ev_quote"]] = row
    out: dict[K, Evidence] = {}
    for key, (ins, qs) in wanted.items():
        rows = [row for pk in ins for row in by_insight.get(pk, [])]
        rows += [by_quote[pk] for pk in qs if pk in by_quote]
        out[key] = _count(rows)
    return out


@dataclass(frozen=True)
class QuoteLine:
    """A quote as another module may show it to one reader: ``text`` is empty when the
    words were withdrawn (``withdrawn``) or the reader may not read them (``hidden``)."""

    id: int
    text: str
    withdrawn: bool
    hidden: bool
    second_hand: bool
    conversation_id: int


def quote_lines(user, quotes: Iterable[Quote | int]) -> dict[int, QuoteLine]:
    """``{quote id: QuoteLine}`` of the given quotes for ``user`` (one query): the words
    only where research lets this reader see them."""
    ids = [q.pk if isinstance(q, Quote) else int(q) for q in quotes]
    if not ids:
        return {}
    readable = set(Quote.objects.visible_to(user).filter(pk__in=ids).values_list("pk", flat=True))
    out = {}
    for row in Quote.objects.filter(pk__in=ids).values(
        "pk", "text", "redacted_at", "conversation_id", "conversation__source"
    ):
        withdrawn = row["redacted_at"] is not None
        hidden = not withdrawn and row["pk"] not in readable
        out[row["pk"]] = QuoteLine(
            id=row["pk"],
            text="" if withdrawn or hidden else row["text"],
            withdrawn=withdrawn,
            hidden=hidden,
            second_hand=row["conversation__source"] != Source.DIRECT,
            conversation_id=row["conversation_id"],
        )
    return out


def insights_to_cite(workspace, *, product=None):
    """The workspace's active insights another module may cite (for a choice list): the
    given product's and those of no product, newest first."""
    from django.db.models import Q

    found = Insight.objects.active().filter(workspace=workspace)
    if product is not None:
        found = found.filter(Q(product=product) | Q(product__isnull=True))
    return found.order_by("-created_at", "-id")


def quotes_to_cite(user, workspace, *, second_hand_only: bool = False):
    """The workspace's quotes ``user`` may read, with their words, newest first (for a
    choice list); ``second_hand_only``: quotes of second-hand feedback alone."""
    found = Quote.objects.visible_to(user).filter(
        conversation__workspace=workspace, redacted_at__isnull=True
    )
    if second_hand_only:
        found = found.exclude(conversation__source=Source.DIRECT)
    return found.select_related("conversation").order_by("-created_at", "-id")
