"""The large workspace's discovery (see ``leitstern.core.large``): on the first product, one
desired outcome (a key result of the running cycle) with ``scale.discovery_opportunities``
opportunities — a fifth broad needs, each broken down into four smaller ones — and
``scale.discovery_solutions`` solutions spread evenly over them, a hypothesis on every
second solution, RICE scores on every fourth solution, and a few experiments closed
through the services (so their verdicts are the engine's own).

Rows are written with ``bulk_create`` shaped as the services write them (version 1,
nothing changed since creation, the creator named) and each creation has its activity
entry. Every third opportunity cites one to three research insights and every fifth two
quotes (``research/large.py`` made them), as editors link evidence."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from leitstern.activity.large import entry
from leitstern.core.large import LargeContext
from leitstern.discovery import services
from leitstern.discovery.models import (
    EvidenceLink,
    Hypothesis,
    Opportunity,
    Outcome,
    Score,
    Solution,
)
from leitstern.discovery.services import _common as kinds
from leitstern.research.models import Insight, Quote
from leitstern.strategy.models import KeyResult

NEEDS = [
    "I don't know what delivery costs until the end",
    "Paying on my phone takes too long",
    "I am not sure the shop is trustworthy",
    "My preferred way to pay is missing",
    "I cannot find the product I saw yesterday",
    "Returning something feels like a hassle",
    "I don't know when my parcel arrives",
    "I have to type my address again every time",
]
STAGES = ["identified", "later", "next", "now"]
STATUSES = ["idea", "idea", "testing", "building", "shipped"]
CLOSED_EXPERIMENTS = 20


def generate(context: LargeContext) -> None:
    scale, rng = context.scale, context.rng
    product = context.products[0]
    owner = context.owner
    editors = context.editors()
    # The key result whose objective the query-budget guard and the benchmark open (the
    # current cycle's first objective, aspirational ones first): its page shows the bets.
    today = timezone.localdate()
    key_result = (
        KeyResult.objects.filter(
            objective__cycle__workspace=context.workspace,
            objective__cycle__starts_on__lte=today,
        )
        .order_by("-objective__cycle__starts_on", "objective__kind", "objective__pk", "pk")
        .first()
    )
    outcome = services.outcome_create(
        actor=owner,
        product=product,
        key_result=key_result,
        title="Raise checkout conversion" if key_result is None else "",
    ) if key_result is not None else Outcome.objects.create(
        product=product, title="Raise checkout conversion", created_by=owner
    )  # fmt: skip
    now = timezone.now()
    start = now - timedelta(days=365)

    def moment() -> timezone.datetime:
        return start + timedelta(seconds=rng.random() * 365 * 86_400)

    broad_count = max(1, scale.discovery_opportunities // 5)
    smaller_count = scale.discovery_opportunities - broad_count
    broad = Opportunity.objects.bulk_create(
        Opportunity(
            product=product, outcome=outcome, title=f"{NEEDS[n % len(NEEDS)]} ({n + 1})",
            stage=rng.choice(STAGES), created_by=rng.choice(editors),
        )
        for n in range(broad_count)
    )  # fmt: skip
    smaller = Opportunity.objects.bulk_create(
        Opportunity(
            product=product, outcome=outcome, parent=broad[n % broad_count],
            title=f"{NEEDS[n % len(NEEDS)]}, part {n // broad_count + 1} ({n % broad_count + 1})",
            stage=rng.choice(STAGES), created_by=rng.choice(editors),
        )
        for n in range(smaller_count)
    )  # fmt: skip
    opportunities = [*broad, *smaller]
    solutions = Solution.objects.bulk_create(
        Solution(
            product=product, opportunity=opportunities[n % len(opportunities)],
            title=f"Solution {n + 1} for “{opportunities[n % len(opportunities)].title[:60]}”",
            status=rng.choice(STATUSES), created_by=rng.choice(editors),
        )
        for n in range(scale.discovery_solutions)
    )  # fmt: skip
    hypotheses = Hypothesis.objects.bulk_create(
        Hypothesis(
            product=product, solution=solution,
            statement=f"{solution.title} lifts checkout conversion from 3.2% to 3.6%",
            key_result=key_result, metric_kind="rate", baseline=3.2, target=3.6,
            weekly_traffic=60_000, planned_n_per_arm=32_223, created_by=solution.created_by,
        )
        for solution in solutions[::2]
    )  # fmt: skip
    scores = Score.objects.bulk_create(
        Score(
            product=product, solution=solution, reach=rng.randint(100, 50_000),
            impact=rng.choice([0.25, 0.5, 1, 2, 3]), effort=rng.choice([0.5, 1, 2, 4, 8]),
            scored_by=rng.choice(editors),
        )
        for solution in solutions[::4]
    )  # fmt: skip
    for n, hypothesis in enumerate(hypotheses[:CLOSED_EXPERIMENTS]):
        experiment = services.experiment_create(
            actor=owner, product=product, title=f"A/B test {n + 1}", hypotheses=[hypothesis],
            conversions_a=1920, visitors_a=60_000, conversions_b=1920 + 4 * n, visitors_b=60_000,
        )  # fmt: skip
        services.experiment_close(
            actor=owner, experiment=experiment, believed="The change helps.",
            observed="See the verdict.", learned="See the verdict.", next_step="Decide.",
        )  # fmt: skip

    links = _evidence(context, opportunities)
    for link in links:
        context.activity.append(
            entry(
                kind=kinds.EVIDENCE_LINKED, actor_id=link.added_by_id,
                target_type="discovery.opportunity", target_id=link.opportunity_id,
                label=str(link.opportunity)[:200], at=moment(), product_id=product.pk,
                changes={"evidence": ["", str(link)]},
            )
        )  # fmt: skip
    made = [
        (kinds.OPPORTUNITY_CREATED, "discovery.opportunity", opportunities),
        (kinds.SOLUTION_CREATED, "discovery.solution", solutions),
        (kinds.HYPOTHESIS_CREATED, "discovery.hypothesis", hypotheses),
    ]
    for kind, target_type, rows in made:
        for row in rows:
            context.activity.append(
                entry(
                    kind=kind, actor_id=row.created_by_id, target_type=target_type,
                    target_id=row.pk, label=str(row)[:200], at=moment(), product_id=product.pk,
                )
            )  # fmt: skip
    for label, rows in [
        ("discovery.Opportunity", opportunities),
        ("discovery.Solution", solutions),
        ("discovery.Hypothesis", hypotheses),
        ("discovery.Score", scores),
        ("discovery.EvidenceLink", links),
    ]:
        context.counts[label] = context.counts.get(label, 0) + len(rows)


def _evidence(context: LargeContext, opportunities: list[Opportunity]) -> list[EvidenceLink]:
    """Research evidence cited by a share of the opportunities: insights of the workspace
    and quotes that still have their words."""
    rng = context.rng
    insights = list(
        Insight.objects.filter(workspace=context.workspace)
        .order_by("pk")
        .values_list("pk", flat=True)[:500]
    )
    quotes = list(
        Quote.objects.filter(conversation__workspace=context.workspace, redacted_at__isnull=True)
        .order_by("pk")
        .values_list("pk", flat=True)[:5_000]
    )
    links = []
    for n, opportunity in enumerate(opportunities):
        cited = rng.sample(insights, min(len(insights), rng.randint(1, 3))) if n % 3 == 0 else []
        said = rng.sample(quotes, min(len(quotes), 2)) if n % 5 == 0 else []
        links += [
            EvidenceLink(opportunity=opportunity, insight_id=pk, added_by=opportunity.created_by)
            for pk in cited
        ]
        links += [
            EvidenceLink(opportunity=opportunity, quote_id=pk, added_by=opportunity.created_by)
            for pk in said
        ]
    return EvidenceLink.objects.bulk_create(links)
