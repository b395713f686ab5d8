"""Reads that span the stakeholder models: the map a member may see, its network and
centrality (computed by ``engines.network``, cached until the map changes), whom to talk to,
and the communication plan's due rows."""

from __future__ import annotations

import hashlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import cached_property

from django.core.cache import cache
from django.db.models import Count, Max, Prefetch, Q, QuerySet

from leitstern.engines.network import (
    Centrality,
    InfluencePath,
    Network,
    Person,
    Suggestions,
    Tie,
    build_network,
    centrality,
    influence_paths,
    suggestions,
)
from leitstern.stakeholders import analyses
from leitstern.stakeholders.models import (
    Conversation,
    Influence,
    NetworkRevision,
    PlanItem,
    Stakeholder,
    Stance,
    Theme,
)
from leitstern.stakeholders.models.register import quadrant_rule
from leitstern.workspaces.models import Membership

CACHE_SECONDS = 60 * 60 * 24


def visible(member: Membership) -> QuerySet[Stakeholder]:
    """The stakeholders ``member`` may see (``Stakeholder.objects.visible_to``)."""
    return Stakeholder.objects.visible_to(member)


def departments(member: Membership) -> list[str]:
    """The departments of the people the member sees, for filters (one query)."""
    return list(
        visible(member)
        .exclude(department="")
        .order_by("department")
        .values_list("department", flat=True)
        .distinct()
    )


def narrowed(
    member: Membership,
    *,
    product: object | None = None,
    department: str = "",
    quadrant: str = "",
) -> QuerySet[Stakeholder]:
    """The people the member sees, narrowed to one product, department and quadrant (each
    only when given), as one query to be sliced or counted."""
    people = visible(member)
    if product is not None:
        people = people.filter(products=product)
    if department:
        people = people.filter(department=department)
    if quadrant:
        people = people.in_quadrant(quadrant)
    return people


def ties_among(member: Membership, keep: list[int] | None = None) -> QuerySet[Influence]:
    """Who listens to whom between people the member sees, or only between ``keep`` (ids
    the member sees). Written without a subquery of the visibility rule, which SQLite runs
    once per tie: the few private people the member does not see are excluded by id."""
    ties = Influence.objects.filter(workspace=member.workspace_id)
    if keep is not None:
        return ties.filter(influencer__in=keep, listener__in=keep)
    seen = visible(member).filter(private_to__isnull=False).values_list("pk", flat=True)
    hidden = list(
        Stakeholder.objects.filter(workspace=member.workspace_id, private_to__isnull=False)
        .exclude(pk__in=list(seen))
        .values_list("pk", flat=True)
    )
    if hidden:
        ties = ties.exclude(influencer__in=hidden).exclude(listener__in=hidden)
    return ties


def quadrant_counts(people: QuerySet[Stakeholder]) -> dict[str, int]:
    """How many of ``people`` stand in each quadrant, counted in the database (one query)."""
    found = people.aggregate(
        **{code: Count("pk", filter=quadrant_rule(code)) for code in analyses.QUADRANTS}
    )
    return {code: found[code] or 0 for code in analyses.QUADRANTS}


def theme_key(theme_id: int) -> str:
    """How the network engine names a theme."""
    return f"theme-{theme_id}"


def revision(workspace_id: int) -> tuple[int, int]:
    """The map's (ties, people) counters; (0, 0) before its first change."""
    found = NetworkRevision.objects.filter(workspace=workspace_id).values_list("ties", "people")
    return found.first() or (0, 0)


@dataclass
class Tied:
    """A tie between two visible people, as lists and the graph show it."""

    pk: int
    influencer_id: int
    listener_id: int
    strength: int
    note: str
    version: int


@dataclass
class MapView:
    """What one member sees of the workspace's map: the people, who listens to whom
    between them (ties to someone hidden from the member are left out, so no number can
    reveal a private stakeholder), and the network and centrality built on exactly that."""

    workspace_id: int
    people: list[Stakeholder]
    stances: dict[int, dict[int, str]] = field(default_factory=dict)
    revision: tuple[int, int] = (0, 0)
    # the ties already read (a neighbourhood's); None: read them all on first use
    given_ties: list[Tied] | None = None

    @cached_property
    def by_id(self) -> dict[int, Stakeholder]:
        return {person.pk: person for person in self.people}

    @cached_property
    def ties(self) -> list[Tied]:
        """Who listens to whom among the people: read on first use (one query), so a page
        whose numbers come from the cache never reads the thousands of ties."""
        if self.given_ties is not None:
            return self.given_ties
        ids = self.by_id
        return [
            Tied(*row)
            for row in Influence.objects.filter(workspace=self.workspace_id)
            .order_by("pk")
            .values_list("pk", "influencer_id", "listener_id", "strength", "note", "version")
            if row[1] in ids and row[2] in ids
        ]

    @cached_property
    def scope(self) -> str:
        """Whose view this is, for cache keys (see ``_scope``)."""
        return _scope(p.pk for p in self.people if p.private_to_id is not None)

    @cached_property
    def network(self) -> Network:
        people = [
            Person(
                id=person.pk,
                engagement=person.engagement or None,
                power=person.power,
                attitudes={
                    theme_key(theme): attitude
                    for theme, attitude in self.stances.get(person.pk, {}).items()
                },
            )
            for person in self.people
        ]
        ties = [Tie(t.influencer_id, t.listener_id, t.strength) for t in self.ties]
        return build_network(people=people, ties=ties)

    @cached_property
    def centrality(self) -> Centrality:
        """Influence, betweenness and reach, cached until the ties or the people change."""
        key = _centrality_key(self.workspace_id, self.revision, self.scope)
        found = cache.get(key)
        if found is None or found.ids != tuple(p.pk for p in self.people):
            found = centrality(self.network)
            cache.set(key, found, CACHE_SECONDS)
        return found

    def first_steps(self, targets: list[Stakeholder]) -> dict[int, Suggestions]:
        """The best person to talk to first for each of ``targets`` (no theme), cached
        until anything on the map changes (the people counter rises with every change of
        a person, a position or a tie), so a list of them does not rebuild the network."""
        key = (
            f"stakeholders:first:{self.workspace_id}:{self.revision[0]}:"
            f"{self.revision[1]}:{self.scope}"
        )
        known: dict[int, Suggestions] = cache.get(key) or {}
        missing = [t for t in targets if t.pk not in known]
        for target in missing:
            known[target.pk] = self.suggestions(target, None, limit=1)
        if missing:
            cache.set(key, known, CACHE_SECONDS)
        return {t.pk: known[t.pk] for t in targets}

    def suggestions(
        self, target: Stakeholder, theme: Theme | None, *, limit: int = 3
    ) -> Suggestions:
        return suggestions(
            self.network,
            target=target.pk,
            theme=theme_key(theme.pk) if theme else None,
            centrality=self.centrality,
            limit=limit,
        )

    def paths(self, source: Stakeholder, target: Stakeholder) -> tuple[InfluencePath, ...]:
        return influence_paths(self.network, source=source.pk, target=target.pk, limit=10)


def _scope(private_ids) -> str:
    """ "shared" for everyone who sees exactly the non-private people, else a digest of the
    private ones seen."""
    private = sorted(private_ids)
    if not private:
        return "shared"
    return hashlib.sha256(",".join(map(str, private)).encode()).hexdigest()[:16]


def _centrality_key(workspace_id: int, revision: tuple[int, int], scope: str) -> str:
    return f"stakeholders:centrality:{workspace_id}:{revision[0]}:{scope}"


def centrality_for(member: Membership) -> Centrality:
    """The centrality of the member's view of the map (``MapView.centrality``) without
    loading the map when it is cached: two small queries (the ids seen and the map's
    revision); only a change of ties or people since it was computed reads the ties."""
    return _centrality_at(member, revision(member.workspace_id))


def _centrality_at(member: Membership, counters: tuple[int, int]) -> Centrality:
    """``centrality_for`` with the map's revision already read."""
    rows = list(visible(member).order_by("pk").values_list("pk", "private_to"))
    ids = tuple(pk for pk, _keeper in rows)
    key = _centrality_key(
        member.workspace_id,
        counters,
        _scope(pk for pk, keeper in rows if keeper is not None),
    )
    found = cache.get(key)
    if found is None or found.ids != ids:
        found = _computed(member.workspace_id, ids, key)
    return found


def _computed(workspace_id: int, ids: tuple[int, ...], key: str) -> Centrality:
    """The centrality of the people ``ids`` (in this order) and the ties between them,
    computed from the bare rows (ids and tie triples, no model instances) and cached."""
    seen = set(ids)
    ties = [
        (j, i, s)
        for j, i, s in Influence.objects.filter(workspace=workspace_id)
        .order_by("pk")
        .values_list("influencer_id", "listener_id", "strength")
        if j in seen and i in seen
    ]
    found = centrality(build_network(people=list(ids), ties=ties))
    cache.set(key, found, CACHE_SECONDS)
    return found


def map_for(member: Membership, *, stances: bool = True) -> MapView:
    """The member's view of the map (see ``MapView``). Three queries (four with stances)."""
    return _map(member.workspace_id, visible(member), stances=stances)


def _map(
    workspace_id: int,
    seen: QuerySet[Stakeholder],
    *,
    stances: bool,
    few: bool = False,
    counters: tuple[int, int] | None = None,
) -> MapView:
    people = list(
        seen.only(
            "id", "name", "title", "department", "organisation", "private_to", "reports_to",
            "power", "interest", "engagement", "desired_engagement", "has_power",
            "has_legitimacy", "has_urgency", "relationship_owner", "workspace",
        ).order_by("pk")
    )  # fmt: skip
    ids = {person.pk for person in people}
    if counters is None:
        counters = revision(workspace_id)
    view = MapView(workspace_id=workspace_id, people=people, revision=counters)
    if stances:
        found: dict[int, dict[int, str]] = defaultdict(dict)
        stance_rows = Stance.objects.filter(stakeholder__workspace=workspace_id)
        if few:  # a neighbourhood: only theirs
            stance_rows = stance_rows.filter(stakeholder__in=sorted(ids))
        for person, theme, attitude in stance_rows.values_list(
            "stakeholder_id", "theme_id", "attitude"
        ):
            if person in ids:
                found[person][theme] = attitude
        view.stances = dict(found)
    return view


@dataclass
class Neighbourhood:
    """One person and everyone with a route of influence to them of at most ``steps`` ties,
    among the people a member sees, with the ties such a route can use (those into the
    person and into everyone fewer than ``steps`` ties away), and the stored centrality of
    the member's whole map. Suggestions and routes on it are those of the whole map
    (``engines.network`` reads only these ties for them), without reading the whole map."""

    view: MapView
    whole: Centrality
    steps: int

    @property
    def by_id(self) -> dict[int, Stakeholder]:
        return self.view.by_id

    def suggestions(self, target: Stakeholder, theme: Theme | None) -> Suggestions:
        return suggestions(
            self.view.network,
            target=target.pk,
            theme=theme_key(theme.pk) if theme else None,
            centrality=self.whole,
            limit=3,
        )

    def paths(self, source: Stakeholder, target: Stakeholder) -> tuple[InfluencePath, ...]:
        return influence_paths(
            self.view.network, source=source.pk, target=target.pk, max_steps=self.steps, limit=10
        )


def neighbourhood_for(
    member: Membership, person: Stakeholder, *, steps: int = 2, also: Stakeholder | None = None
) -> Neighbourhood:
    """The member's view of the map around ``person`` (see ``Neighbourhood``), ``also``
    included (e.g. the start of routes asked for). The stored centrality (two small queries
    while it is cached), one query per step, the people and their stances: the number of
    queries does not depend on the size of the map."""
    counters = revision(member.workspace_id)  # read once for the centrality and the view
    whole = _centrality_at(member, counters)
    seen = set(whole.ids)
    walked: set[int] = set()
    frontier = {person.pk}
    rows: list[tuple[int, int, int, int, str, int]] = []
    for _step in range(steps):
        found = [
            row
            for row in Influence.objects.filter(
                workspace=member.workspace_id, listener__in=sorted(frontier)
            ).values_list("pk", "influencer_id", "listener_id", "strength", "note", "version")
            if row[1] in seen
        ]
        rows.extend(found)
        walked |= frontier
        frontier = {row[1] for row in found} - walked
        if not frontier:
            break
    near = walked | frontier | {person.pk} | ({also.pk} if also is not None else set())
    view = _map(
        member.workspace_id,
        visible(member).filter(pk__in=sorted(near)),
        stances=True,
        few=True,
        counters=counters,
    )
    ids = view.by_id
    view.given_ties = [Tied(*row) for row in sorted(rows) if row[1] in ids and row[2] in ids]
    return Neighbourhood(view=view, whole=whole, steps=steps)


def warm_shared_centrality(workspace_id: int) -> None:
    """Compute the centrality that every editor without private stakeholders sees (the
    non-private people), after a change, so the next page need not. Owners and keepers of
    private people compute their own on their first visit. Several writes in one transaction
    each leave this for after the commit; the first computes, the others find it cached."""
    ids = tuple(
        Stakeholder.objects.filter(workspace=workspace_id, private_to__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    key = _centrality_key(workspace_id, revision(workspace_id), "shared")
    found = cache.get(key)
    if found is None or found.ids != ids:
        _computed(workspace_id, ids, key)


# --- relationship care ------------------------------------------------------------------


def last_conversations(ids: list[int] | set[int]) -> dict[int, date]:
    """The day of the latest conversation per stakeholder, for the given ones."""
    return dict(
        Conversation.objects.filter(stakeholder__in=list(ids))
        .values("stakeholder")
        .annotate(last=Max("day"))
        .values_list("stakeholder", "last")
        .order_by()
    )


def weeks_since(day: date | None, today: date) -> float | None:
    return None if day is None else (today - day).days / 7


@dataclass(frozen=True)
class Attention:
    person: Stakeholder
    last_spoken: date | None
    weeks: float | None
    gap: int | None
    priority: analyses.TalkPriority


def attention(view: MapView, today: date) -> list[Attention]:
    """Everyone seen, with the engagement gap, the last conversation and this week's talk
    priority."""
    last = last_conversations(view.by_id.keys())
    out = []
    for person in view.people:
        day = last.get(person.pk)
        weeks = weeks_since(day, today)
        gap = person.engagement_gap
        out.append(
            Attention(
                person=person,
                last_spoken=day,
                weeks=weeks,
                gap=gap,
                priority=analyses.talk_priority(gap=gap, power=person.power, weeks=weeks),
            )
        )
    return out


def needing_attention(rows: list[Attention]) -> list[Attention]:
    """Behind the engagement wanted, the largest gap and the most power first."""
    behind = [row for row in rows if row.gap]
    return sorted(behind, key=lambda r: (-(r.gap or 0), -(r.person.power or 0), r.person.name))


def silent_key_players(rows: list[Attention], weeks: int) -> list[Attention]:
    """Key players (manage closely) not spoken to for ``weeks`` weeks or more, or never;
    the longest silence first."""
    found = [
        row
        for row in rows
        if row.person.quadrant == analyses.MANAGE_CLOSELY
        and (row.weeks is None or row.weeks >= weeks)
    ]
    return sorted(found, key=lambda r: (r.weeks is not None, -(r.weeks or 0), r.person.name))


def talk_this_week(rows: list[Attention], user_id: int, *, limit: int = 7) -> list[Attention]:
    """The member's own week: people whose relationship they own, due for a conversation,
    the highest priority first."""
    mine = [row for row in rows if row.person.relationship_owner_id == user_id and row.priority.due]
    return sorted(mine, key=lambda r: (-r.priority.score, r.person.name))[:limit]


# --- the communication plan ---------------------------------------------------------------


@dataclass(frozen=True)
class PlanRow:
    item: PlanItem
    members: list[Stakeholder]
    due: date
    overdue: bool


def plan_rows(member: Membership, today: date, *, owner_id: int | None = None) -> list[PlanRow]:
    """The plan rows the member sees (a row for a hidden stakeholder is left out; a group
    shows only the members the member sees), the next due day first."""
    seen = visible(member)
    items = (
        PlanItem.objects.filter(workspace=member.workspace_id)
        .filter(Q(stakeholder__isnull=True) | Q(stakeholder__in=seen))
        .select_related("stakeholder", "owner")
        .prefetch_related(Prefetch("members", queryset=seen.order_by("name")))
    )
    if owner_id is not None:
        items = items.filter(owner=owner_id)
    rows = [
        PlanRow(
            item=item,
            members=list(item.members.all()),
            due=item.next_due(),
            overdue=item.is_overdue(today),
        )
        for item in items
    ]
    return sorted(rows, key=lambda r: (r.due, r.item.pk))


def due_within(rows: list[PlanRow], today: date, days: int = 7) -> list[PlanRow]:
    return [row for row in rows if row.due <= today + timedelta(days=days)]
