"""Reads that span discovery's models, and what other modules may call.

For other modules (roadmap, the strategy pages' panels): ``hypothesis_summaries`` (a
hypothesis with its latest verdict), ``opportunity_summaries`` (an opportunity with its
evidence counts), ``key_result_bets`` and ``objective_bets``. Each takes ids or objects the
caller has already resolved through its own access module, and costs a fixed number of
queries however many it is given."""

from __future__ import annotations

import dataclasses
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import NamedTuple

from django.db.models import (
    Case,
    Count,
    F,
    IntegerField,
    Prefetch,
    Q,
    QuerySet,
    Value,
    When,
    Window,
)
from django.db.models.functions import Coalesce, RowNumber
from django.utils import timezone

from leitstern.discovery import duplicates, prioritisation
from leitstern.discovery.models import (
    SETTLED_SOLUTIONS,
    SETTLED_STAGES,
    DiscoverySettings,
    EvidenceLink,
    Experiment,
    Hypothesis,
    HypothesisStatus,
    Opportunity,
    Outcome,
    Review,
    Score,
    ScoringSession,
    Solution,
    Verdict,
)
from leitstern.products.models import Product
from leitstern.research import selectors as research_selectors

# --- settings --------------------------------------------------------------------------


def settings_for(product: Product) -> DiscoverySettings:
    """The product's settings, or the defaults (unsaved: reading never writes)."""
    found = DiscoverySettings.objects.filter(product=product).first()
    return found or DiscoverySettings(product=product)


# --- evidence ------------------------------------------------------------------------


def opportunity_evidence(
    opportunity_ids: Iterable[int], *, scope: QuerySet | None = None
) -> dict[int, prioritisation.Evidence]:
    """What each opportunity rests on: the research insights and quotes it cites (accepted
    links; counted by research, each quote once) and the verdicts of its own hypotheses.
    Four queries, however many opportunities; ``scope`` (a query of the same ids) spares
    sending a long list of ids."""
    ids = list(opportunity_ids)
    within = scope if scope is not None else ids
    groups: dict[int, tuple[list[int], list[int]]] = {}
    for opp, insight, quote in (
        EvidenceLink.objects.counted()
        .filter(opportunity_id__in=within)
        .values_list("opportunity_id", "insight_id", "quote_id")
    ):
        insights, quotes = groups.setdefault(opp, ([], []))
        (insights if insight is not None else quotes).append(insight or quote)
    counted = research_selectors.evidence_by_group(groups) if groups else {}
    validated = set(
        Hypothesis.objects.filter(
            solution__opportunity_id__in=within, status=HypothesisStatus.VALIDATED
        )
        .order_by()
        .values_list("solution__opportunity_id", flat=True)
    )
    # Most opportunities cite nothing: they share one (frozen) value for each verdict state.
    bare = {False: prioritisation.Evidence(), True: prioritisation.Evidence(validated=True)}
    out = {}
    for pk in ids:
        ev = counted.get(pk)
        if ev is None:
            out[pk] = bare[pk in validated]
            continue
        out[pk] = prioritisation.Evidence(
            direct=ev.direct,
            second_hand=ev.second_hand,
            segments=len(ev.direct_segments),
            validated=pk in validated,
            organisations=ev.organisations,
            segment_names=ev.segments,
            withdrawn=ev.withdrawn,
        )
    return out


@dataclass
class CitedInsight:
    link: EvidenceLink
    evidence: research_selectors.Evidence


@dataclass
class CitedQuote:
    link: EvidenceLink
    line: research_selectors.QuoteLine | None


@dataclass
class Citations:
    """What an opportunity cites, as one reader may see it: insights with their own
    counts, quotes with their words (or ``[withdrawn]``), and proposals waiting."""

    insights: list[CitedInsight]
    quotes: list[CitedQuote]

    @property
    def proposed(self) -> list:
        return [c for c in [*self.insights, *self.quotes] if c.link.review == Review.PROPOSED]


def citations(opportunity: Opportunity, user) -> Citations:
    """The opportunity's evidence links (accepted and proposed) for ``user``."""
    links = list(
        EvidenceLink.objects.filter(opportunity=opportunity)
        .exclude(review=Review.DECLINED)
        .select_related("insight", "added_by")
    )
    insight_links = [link for link in links if link.insight_id]
    quote_links = [link for link in links if link.quote_id]
    by_insight = research_selectors.evidence_by_insight([lk.insight_id for lk in insight_links])
    lines = research_selectors.quote_lines(user, [lk.quote_id for lk in quote_links])
    return Citations(
        insights=[CitedInsight(lk, by_insight[lk.insight_id]) for lk in insight_links],
        quotes=[CitedQuote(lk, lines.get(lk.quote_id)) for lk in quote_links],
    )


def solution_evidence(
    solutions: Iterable[Solution], *, scope: QuerySet | None = None
) -> dict[int, prioritisation.Evidence]:
    """A solution rests on its opportunity's evidence and its own validated hypotheses.
    ``scope`` (a query of the same solutions) spares sending a long list of ids."""
    solutions = list(solutions)
    by_opportunity = opportunity_evidence(
        {s.opportunity_id for s in solutions},
        scope=scope.values("opportunity_id") if scope is not None else None,
    )
    validated = set(
        Hypothesis.objects.filter(
            solution__in=scope.values("pk") if scope is not None else solutions,
            status=HypothesisStatus.VALIDATED,
        )
        .order_by()
        .values_list("solution_id", flat=True)
    )
    empty = prioritisation.Evidence()
    # Solutions of one opportunity share its evidence: one value per opportunity and state.
    shared: dict[tuple[int, bool], prioritisation.Evidence] = {}
    out = {}
    for solution in solutions:
        key = (solution.opportunity_id, solution.pk in validated)
        evidence = shared.get(key)
        if evidence is None:
            base = by_opportunity.get(solution.opportunity_id, empty)
            evidence = shared[key] = dataclasses.replace(base, validated=key[1])
        out[solution.pk] = evidence
    return out


# --- verdicts ------------------------------------------------------------------------


def latest_verdicts(hypothesis_ids: Iterable[int]) -> dict[int, Verdict]:
    """The most recent verdict of each hypothesis (one query)."""
    latest: dict[int, Verdict] = {}
    verdicts = (
        Verdict.objects.filter(hypothesis_id__in=list(hypothesis_ids))
        .select_related("experiment")
        .order_by("hypothesis_id", "-decided_at", "-id")
    )
    for verdict in verdicts:
        latest.setdefault(verdict.hypothesis_id, verdict)
    return latest


@dataclass
class HypothesisSummary:
    """A hypothesis with its latest verdict, for any page that shows the bet."""

    hypothesis: Hypothesis
    verdict: Verdict | None

    @property
    def status(self) -> str:
        return self.hypothesis.status


def hypothesis_summaries(hypotheses: Iterable[Hypothesis]) -> list[HypothesisSummary]:
    hypotheses = list(hypotheses)
    latest = latest_verdicts(h.pk for h in hypotheses)
    return [HypothesisSummary(h, latest.get(h.pk)) for h in hypotheses]


@dataclass
class OpportunitySummary:
    """An opportunity with what it rests on."""

    opportunity: Opportunity
    evidence: prioritisation.Evidence

    @property
    def only_second_hand(self) -> bool:
        return self.evidence.only_second_hand


def opportunity_summaries(opportunities: Iterable[Opportunity]) -> list[OpportunitySummary]:
    opportunities = list(opportunities)
    evidence = opportunity_evidence(o.pk for o in opportunities)
    for o in opportunities:
        o.counted_evidence = evidence[o.pk]  # type: ignore[attr-defined]  # see evidence_of
    return [OpportunitySummary(o, evidence[o.pk]) for o in opportunities]


def evidence_of(opportunity: Opportunity) -> prioritisation.Evidence:
    """One opportunity's evidence, counted once per request: an opportunity's page counts it
    for its summary, and the panels other modules add to the page read the same count."""
    found = getattr(opportunity, "counted_evidence", None)
    if found is None:
        found = opportunity_evidence([opportunity.pk])[opportunity.pk]
        opportunity.counted_evidence = found  # type: ignore[attr-defined]  # kept for the page
    return found


# --- bets on strategy's key results -------------------------------------------------------


# A key result's page shows this many of its bets, an objective's page this many per key
# result: decided ones first, then the most recently changed. A large workspace bets a
# thousand hypotheses on one key result; the rest are counted and linked.
BETS_ON_KEY_RESULT_PAGE = 20
BETS_PER_KEY_RESULT_ON_OBJECTIVE_PAGE = 5
DECIDED = [
    HypothesisStatus.VALIDATED,
    HypothesisStatus.INVALIDATED,
    HypothesisStatus.INCONCLUSIVE,
]


def _bets_on(key_result_ids: list[int]):
    return Hypothesis.objects.filter(
        Q(key_result_id__in=key_result_ids)
        | Q(
            key_result__isnull=True,
            solution__opportunity__outcome__key_result_id__in=key_result_ids,
        )
    ).annotate(
        # The key result a hypothesis bets on: its own, or its tree's outcome's.
        bet_key_result=Coalesce(
            F("key_result_id"), F("solution__opportunity__outcome__key_result_id")
        ),
        undecided=Case(
            When(status__in=DECIDED, then=Value(0)), default=Value(1), output_field=IntegerField()
        ),
    )


BET_ORDER = (F("undecided").asc(), F("updated_at").desc(), F("id").desc())


@dataclass
class Bets:
    """The bets shown for one key result and how many there are in all."""

    shown: list
    total: int

    @property
    def more(self) -> int:
        return self.total - len(self.shown)

    def __bool__(self) -> bool:
        return self.total > 0

    def __iter__(self):
        return iter(self.shown)


def key_result_bets(key_result_ids: Iterable[int], *, limit: int) -> dict[int, Bets]:
    """The hypotheses betting on each key result — bound to it directly, or through the
    outcome their solution's tree grows from — with their latest verdicts: at most ``limit``
    per key result, and how many in all (three queries for any number of key results)."""
    ids = list(key_result_ids)
    per_key_result = {"partition_by": [F("bet_key_result")]}
    # Rank ids only (the window runs over every bet: narrow rows keep it cheap), then read
    # the few shown in full.
    ranked = list(
        _bets_on(ids)
        .annotate(
            rank=Window(RowNumber(), order_by=BET_ORDER, **per_key_result),
            bets_in_all=Window(Count("id"), **per_key_result),
        )
        .filter(rank__lte=limit)
        .order_by(*BET_ORDER)
        .values_list("pk", "bet_key_result", "bets_in_all")
    )
    rows = Hypothesis.objects.filter(pk__in=[pk for pk, _kr, _n in ranked]).select_related(
        "solution__opportunity__outcome", "product"
    )
    by_id = {summary.hypothesis.pk: summary for summary in hypothesis_summaries(rows)}
    out = {pk: Bets([], 0) for pk in ids}
    for pk, kr, total in ranked:
        out[kr].shown.append(by_id[pk])
        out[kr].total = total
    return out


@dataclass
class Bet:
    summary: HypothesisSummary
    evidence: prioritisation.Evidence | None


def objective_bets(key_results: Iterable, *, limit: int) -> list[tuple[object, Bets]]:
    """For each key result (in the given order): its first ``limit`` bets with the evidence
    of their opportunities, and how many it has in all."""
    key_results = list(key_results)
    bets = key_result_bets((kr.pk for kr in key_results), limit=limit)
    opportunity_ids = {
        s.hypothesis.solution.opportunity_id
        for found in bets.values()
        for s in found
        if s.hypothesis.solution_id
    }
    evidence = opportunity_evidence(opportunity_ids)
    return [
        (
            kr,
            Bets(
                [
                    Bet(
                        s,
                        evidence.get(s.hypothesis.solution.opportunity_id)
                        if s.hypothesis.solution_id
                        else None,
                    )
                    for s in bets[kr.pk]
                ],
                bets[kr.pk].total,
            ),
        )
        for kr in key_results
    ]


def recent_verdicts_for_key_result(key_result_id: int, *, limit: int = 3) -> list[Verdict]:
    """The latest verdicts of the bets on one key result (for the check-in form)."""
    hypotheses = _bets_on([key_result_id]).order_by().values("pk")
    return list(
        Verdict.objects.filter(hypothesis_id__in=hypotheses)
        .select_related("hypothesis", "experiment")
        .order_by("-decided_at", "-id")[:limit]
    )


# --- the tree ------------------------------------------------------------------------


# Rows of the tree are named tuples: built straight from the database's tuples, thousands
# of them cost a fraction of what frozen dataclasses (or model instances) cost.


class OpportunityRow(NamedTuple):
    """What the tree shows of an opportunity."""

    id: int
    title: str
    stage: str
    review: str
    parent_id: int | None

    @property
    def pk(self) -> int:
        return self.id


class SolutionRow(NamedTuple):
    id: int
    title: str
    status: str
    opportunity_id: int

    @property
    def pk(self) -> int:
        return self.id


class HypothesisRow(NamedTuple):
    id: int
    statement: str
    status: str
    solution_id: int
    experiment_count: int

    @property
    def pk(self) -> int:
        return self.id

    def __str__(self) -> str:
        return Hypothesis.short(self.statement)


@dataclass(frozen=True, slots=True)
class VerdictRow:
    """What the tree shows of a verdict: its outcome."""

    outcome: str


def _latest_outcomes(hypotheses: QuerySet) -> dict[int, VerdictRow]:
    """The outcome of each hypothesis' latest verdict (one query, no stored engine answer
    decoded: the tree shows the outcome only); ``hypotheses``: a query of their ids."""
    latest: dict[int, VerdictRow] = {}
    rows = (
        Verdict.objects.filter(hypothesis_id__in=hypotheses)
        .order_by("hypothesis_id", "-decided_at", "-id")
        .values_list("hypothesis_id", "outcome")
    )
    for hypothesis_id, outcome in rows:
        if hypothesis_id not in latest:
            latest[hypothesis_id] = VerdictRow(outcome)
    return latest


@dataclass(slots=True)
class Node:
    """One entry of a rendered tree: an opportunity, a solution or a hypothesis."""

    kind: str
    obj: object
    depth: int
    children: list[Node] = field(default_factory=list)
    verdict: Verdict | VerdictRow | None = None
    evidence: prioritisation.Evidence | None = None
    experiments: int = 0

    @property
    def has_children(self) -> bool:
        return bool(self.children)


@dataclass
class Token:
    """``open`` or ``close`` of a node, for rendering a nested list in one flat loop."""

    action: str
    node: Node


@dataclass
class Tree:
    outcome: Outcome | None
    roots: list[Node]
    counts: dict[str, int]

    def tokens(self) -> list[Token]:
        out: list[Token] = []
        stack: list[tuple[Node, bool]] = [(node, False) for node in reversed(self.roots)]
        while stack:
            node, closing = stack.pop()
            if closing:
                out.append(Token("close", node))
                continue
            out.append(Token("open", node))
            stack.append((node, True))
            stack.extend((child, False) for child in reversed(node.children))
        return out


def tree(product: Product, outcome: Outcome | None) -> Tree:
    """The tree of ``outcome`` (or the product's unplaced opportunities when ``None``):
    opportunities nested as the team nested them, with their solutions and each solution's
    hypotheses, the latest verdict of each hypothesis, experiment counts and evidence. A
    fixed number of queries, however large the tree."""
    # Plain rows, not model instances: a tree of thousands of nodes builds in milliseconds.
    # Each level is chosen by a subquery of the one above: no list of thousands of ids is
    # sent back to the database (turning each into a parameter costs more than the query).
    in_tree = Opportunity.objects.in_tree().filter(product=product, outcome=outcome)
    opportunities = list(
        map(
            OpportunityRow._make,
            in_tree.values_list("id", "title", "stage", "review", "parent_id"),
        )
    )
    ids = [o.pk for o in opportunities]
    of_tree = Solution.objects.filter(opportunity__in=in_tree.values("pk"))
    solutions = list(
        map(
            SolutionRow._make,
            of_tree.order_by("created_at", "id").values_list(
                "id", "title", "status", "opportunity_id"
            ),
        )
    )
    bets = Hypothesis.objects.filter(solution__in=of_tree.values("pk"))
    # Experiments are few next to hypotheses: counted from the link table on their own
    # instead of joining every hypothesis to its experiments and grouping.
    tested = dict(
        Experiment.hypotheses.through.objects.filter(hypothesis__in=bets.values("pk"))
        .order_by()
        .values("hypothesis_id")
        .annotate(n=Count("id"))
        .values_list("hypothesis_id", "n")
    )
    hypotheses = [
        HypothesisRow(pk, statement, status, solution_id, tested.get(pk, 0))
        for pk, statement, status, solution_id in bets.order_by("created_at", "id").values_list(
            "id", "statement", "status", "solution_id"
        )
    ]
    verdicts = _latest_outcomes(bets.values("pk")) if hypotheses else {}
    evidence = opportunity_evidence(ids, scope=in_tree.values("pk"))
    by_parent: dict[int | None, list[OpportunityRow]] = defaultdict(list)
    known = set(ids)
    for o in opportunities:
        by_parent[o.parent_id if o.parent_id in known else None].append(o)
    solutions_of: dict[int, list[SolutionRow]] = defaultdict(list)
    for s in solutions:
        solutions_of[s.opportunity_id].append(s)
    hypotheses_of: dict[int, list[HypothesisRow]] = defaultdict(list)
    for h in hypotheses:
        hypotheses_of[h.solution_id].append(h)

    def build(o: OpportunityRow, depth: int, seen: set[int]) -> Node:
        seen.add(o.pk)
        node = Node("opportunity", o, depth, evidence=evidence.get(o.pk))
        for child in by_parent.get(o.pk, []):
            if child.pk not in seen:
                node.children.append(build(child, depth + 1, seen))
        for s in solutions_of.get(o.pk, []):
            sol = Node("solution", s, depth + 1)
            for h in hypotheses_of.get(s.pk, []):
                sol.children.append(
                    Node(
                        "hypothesis",
                        h,
                        depth + 2,
                        verdict=verdicts.get(h.pk),
                        experiments=h.experiment_count,
                    )
                )
            node.children.append(sol)
        return node

    seen: set[int] = set()
    roots = [build(o, 0, seen) for o in by_parent.get(None, [])]
    counts = {
        "opportunities": len(opportunities),
        "solutions": len(solutions),
        "hypotheses": len(hypotheses),
        "proposals": sum(1 for o in opportunities if o.review == Review.PROPOSED),
    }
    return Tree(outcome=outcome, roots=roots, counts=counts)


def product_overview(product: Product) -> list[tuple[Outcome, dict[str, int]]]:
    """The product's outcomes with counts of opportunities, solutions and hypotheses."""
    outcomes = list(
        Outcome.objects.filter(product=product)
        .select_related("key_result", "metric")
        .annotate(
            opportunity_count=Count(
                "opportunities",
                filter=~Q(opportunities__review=Review.DECLINED),
                distinct=True,
            ),
            solution_count=Count("opportunities__solutions", distinct=True),
        )
    )
    return outcomes


# --- prioritisation ------------------------------------------------------------------


@dataclass
class Ranked:
    """One row of the ranked list: the item, its score inputs, the confidence it uses and
    where that comes from, and the result with the formula's numbers."""

    kind: str
    item: Solution | Opportunity
    score: Score | None
    confidence: prioritisation.Confidence
    result: prioritisation.Result

    @property
    def value(self) -> float | None:
        return self.result.value


def _inputs(score: Score | None) -> dict:
    from leitstern.discovery.models import INPUT_FIELDS

    return {name: getattr(score, name) if score else None for name in INPUT_FIELDS}


def ranked(product: Product, method: str, *, kind: str = "solution") -> list[Ranked]:
    """Every open solution (or opportunity) of ``product`` scored by ``method``, best first;
    items still missing an input come last, in the order they were created.

    A fixed number of queries, each selecting by a subquery rather than a list of ids; the
    items carry only what a row shows. Many rows share a confidence (it depends only on what
    the evidence is and on an override), so each distinct one is worked out once."""
    if kind == "solution":
        open_items: QuerySet = Solution.objects.filter(product=product).exclude(
            status__in=SETTLED_SOLUTIONS
        )
        items = list(open_items.only("id", "opportunity_id", "title").order_by("created_at", "id"))
        evidence = solution_evidence(items, scope=open_items)
        score_rows = Score.objects.filter(solution__in=open_items.values("pk"))
        key = "solution_id"
    else:
        open_items = (
            Opportunity.objects.in_tree().filter(product=product).exclude(stage__in=SETTLED_STAGES)
        )
        items = list(open_items.only("id", "title").order_by("created_at", "id"))
        evidence = opportunity_evidence((o.pk for o in items), scope=open_items.values("pk"))
        score_rows = Score.objects.filter(opportunity__in=open_items.values("pk"))
        key = "opportunity_id"
    scores = {getattr(s, key): s for s in score_rows.order_by()}
    empty = prioritisation.Evidence()
    confidences: dict[tuple[prioritisation.Basis, float | None], prioritisation.Confidence] = {}
    rows = []
    for item in items:
        score = scores.get(item.pk)
        override = score.confidence if score else None
        basis = prioritisation.basis(evidence.get(item.pk, empty))
        conf = confidences.get((basis, override))
        if conf is None:
            conf = confidences[basis, override] = prioritisation.confidence_of(basis, override)
        rows.append(
            Ranked(
                kind, item, score, conf, prioritisation.score(method, _inputs(score), conf.value)
            )
        )
    scored = sorted((r for r in rows if r.value is not None), key=lambda r: -r.value)
    return scored + [r for r in rows if r.value is None]


# --- backlog care --------------------------------------------------------------------


@dataclass
class Backlog:
    stale_weeks: int
    stale: list
    without_outcome: list[Opportunity]
    without_metric: list[Solution]
    duplicate_solutions: list[list[Solution]]
    duplicate_opportunities: list[list[Opportunity]]


def backlog(product: Product, *, stale_weeks: int) -> Backlog:
    """What needs care: open items nobody changed for ``stale_weeks`` weeks, opportunities
    placed in no tree, solutions whose hypotheses name no metric or key result, and likely
    duplicates (titles sharing most of their words)."""
    cutoff = timezone.now() - timedelta(weeks=stale_weeks)
    opportunities = list(
        Opportunity.objects.in_tree()
        .filter(product=product)
        .exclude(stage__in=SETTLED_STAGES)
        .only("id", "title", "stage", "review", "outcome_id", "updated_at", "product_id")
        .order_by("updated_at", "id")
    )
    solutions = list(
        Solution.objects.filter(product=product)
        .exclude(status__in=SETTLED_SOLUTIONS)
        .only("id", "title", "status", "opportunity_id", "updated_at", "product_id")
        .prefetch_related(
            Prefetch(
                "hypotheses",
                queryset=Hypothesis.objects.only("id", "solution_id", "metric_id", "key_result_id"),
            )
        )
        .order_by("updated_at", "id")
    )
    stale = sorted(
        [o for o in opportunities if o.updated_at < cutoff]
        + [s for s in solutions if s.updated_at < cutoff],
        key=lambda item: item.updated_at,
    )
    without_metric = [
        s for s in solutions if not any(h.metric_id or h.key_result_id for h in s.hypotheses.all())
    ]
    sol_by_id = {s.pk: s for s in solutions}
    opp_by_id = {o.pk: o for o in opportunities}
    sol_pairs = duplicates.likely_duplicates((s.pk, s.title) for s in solutions)
    opp_pairs = duplicates.likely_duplicates((o.pk, o.title) for o in opportunities)
    return Backlog(
        stale_weeks=stale_weeks,
        stale=stale,
        without_outcome=[o for o in opportunities if o.outcome_id is None],
        without_metric=without_metric,
        duplicate_solutions=[[sol_by_id[pk] for pk in g] for g in duplicates.groups(sol_pairs)],
        duplicate_opportunities=[[opp_by_id[pk] for pk in g] for g in duplicates.groups(opp_pairs)],
    )


# --- assumption map --------------------------------------------------------------------


def assumption_map(product: Product) -> dict[tuple[int, int], list[Hypothesis]]:
    """The product's hypotheses that are not yet decided, by (importance, evidence)."""
    cells: dict[tuple[int, int], list[Hypothesis]] = defaultdict(list)
    for h in (
        Hypothesis.objects.filter(product=product)
        .exclude(status__in=[HypothesisStatus.VALIDATED, HypothesisStatus.INVALIDATED])
        .select_related("solution")
        .order_by("-importance", "evidence", "id")
    ):
        cells[(h.importance, h.evidence)].append(h)
    return cells


# --- scoring sessions ----------------------------------------------------------------


@dataclass
class SessionRow:
    solution: Solution
    votes: list  # SessionVote, in the scorers' order
    scores: list[float | None]
    spread: prioritisation.Spread
    mine: object | None
    cells: list = field(default_factory=list)


def session_rows(session: ScoringSession, user, *, evidence=None) -> list[SessionRow]:
    """Each solution of the session with the votes, the score each vote gives and their
    spread. ``evidence`` gives the confidence a vote without its own uses."""
    solutions = list(session.solutions.order_by("created_at", "id"))
    evidence = evidence if evidence is not None else solution_evidence(solutions)
    votes = list(session.votes.select_related("scorer").order_by("scorer__name", "scorer_id"))
    rows = []
    for solution in solutions:
        mine_votes = [v for v in votes if v.solution_id == solution.pk]
        scores = []
        for vote in mine_votes:
            conf = prioritisation.confidence(
                evidence.get(solution.pk, prioritisation.Evidence()), vote.confidence
            )
            scores.append(prioritisation.score(session.method, _inputs(vote), conf.value).value)
        rows.append(
            SessionRow(
                solution=solution,
                votes=mine_votes,
                scores=scores,
                spread=prioritisation.spread([s for s in scores if s is not None]),
                mine=next((v for v in mine_votes if v.scorer_id == user.pk), None),
            )
        )
    return rows


def experiments_of(product: Product):
    return (
        Experiment.objects.filter(product=product)
        .prefetch_related("hypotheses")
        .order_by("-created_at", "-id")
    )


# --- panels on strategy's pages (contributions registered in apps.py) -----------------------


def key_result_panel(request, key_result) -> dict | None:
    """The bets on a key result with their latest verdicts, for its page; nothing when no
    hypothesis bets on it."""
    bets = key_result_bets([key_result.pk], limit=BETS_ON_KEY_RESULT_PAGE)[key_result.pk]
    if not bets:
        return None
    outcomes = (
        list(Outcome.objects.filter(key_result=key_result).order_by("pk")[:5]) if bets.more else []
    )
    return {"bets": bets, "key_result": key_result, "outcomes": outcomes}


def objective_panel(request, objective) -> dict | None:
    """The bets under each of an objective's key results, with their evidence."""
    key_results = list(objective.key_results.all())
    found = objective_bets(key_results, limit=BETS_PER_KEY_RESULT_ON_OBJECTIVE_PAGE)
    rows = [(kr, bets) for kr, bets in found if bets]
    if not rows:
        return None
    return {"rows": rows}


def check_in_panel(request, key_result) -> dict | None:
    """The latest verdicts next to the confidence slider: evidence beside the gut feeling."""
    verdicts = recent_verdicts_for_key_result(key_result.pk)
    if not verdicts:
        return None
    return {"verdicts": verdicts}


def insight_panel(request, insight) -> dict:
    """On a research insight's page: the opportunities citing it, and (for editors) where
    to grow a new opportunity out of it."""
    citing = list(
        EvidenceLink.objects.filter(insight=insight)
        .exclude(review=Review.DECLINED)
        .select_related("opportunity__product")
        .order_by("opportunity__title", "opportunity_id")
    )
    products: list[Product] = []
    if request.member.can_edit:
        if insight.product_id:
            products = [insight.product]
        else:
            products = list(Product.objects.active().filter(workspace_id=insight.workspace_id)[:20])
    return {"citing": citing, "insight": insight, "products": products}
