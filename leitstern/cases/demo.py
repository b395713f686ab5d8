"""Nordwind Commerce's business cases, through the services: two AI initiatives from the AI
template — an AI product-description generator (people-heavy, moderate value) and an AI
customer-service assistant (large savings, a steep step-up into production and a real chance
of a loss, with its first four months of actuals) — and one case without AI, a one-page
checkout. Each is simulated once with its default number of trials, and the two AI
initiatives are compared once."""

from __future__ import annotations

from leitstern.cases import actuals, comparison, services, uncertainty, verdicts
from leitstern.cases.models import BusinessCase, ComparisonRun, ComputeState, LineKind
from leitstern.cases.tasks import compare_cases, compute_case
from leitstern.core.seeding import DemoContext
from leitstern.discovery.models import Verdict
from leitstern.roadmap.models import RoadmapItem


def _range(lower: float, upper: float) -> dict:
    return {"lower": lower, "upper": upper}


def _item(context: DemoContext, title: str) -> RoadmapItem | None:
    return RoadmapItem.objects.filter(roadmap__workspace=context.workspace, title=title).first()


def _benefit(case: BusinessCase, actor, **data) -> None:
    services.line_create(actor=actor, case=case, kind=LineKind.BENEFIT, **data)


def _replace_placeholder(case: BusinessCase, actor) -> None:
    placeholder = case.lines.get(key="time_saved")
    services.line_delete(actor=actor, line=placeholder, why="Replaced by our own benefit")


def seed(context: DemoContext) -> None:
    anna = context.people["anna.berger@nordwind.example"]
    jonas = context.people["jonas.keller@nordwind.example"]

    descriptions = services.case_create(
        actor=jonas,
        workspace=context.workspace,
        name="AI product descriptions",
        template="ai-initiative",
        question="Should an AI draft the product descriptions that copywriters now write by "
        "hand for 40,000 new articles a year?",
        roadmap_item=_item(context, "Personal recommendations"),
    )
    _benefit(
        descriptions,
        jonas,
        driver="savings",
        name="Copywriting time saved",
        category="savings",
        values={"hours": _range(250, 900), "rate": _range(38, 60), "adoption": _range(0.4, 0.85)},
        phase="production",
        lag_months=_range(1, 3),
        ramp_months=_range(2, 6),
        note="Copywriters spend about 20 minutes per description; drafts cut that by half "
        "to two thirds (own trial, 200 articles).",
    )
    _benefit(
        descriptions,
        jonas,
        driver="revenue",
        name="More search traffic to new articles",
        category="revenue",
        values={
            "users": _range(5_000, 40_000),
            "conversion": _range(0.002, 0.01),
            "price": _range(25, 45),
        },
        phase="production",
        lag_months=_range(2, 6),
        ramp_months=_range(3, 9),
        note="Descriptions live on the day an article arrives instead of a week later.",
    )
    _replace_placeholder(descriptions, jonas)
    # A vendor's model, adapted rather than trained: a smaller team than the template's.
    for key, fte in (
        ("ml_engineers", (0.3, 1.0)),
        ("data_scientists", (0.2, 0.6)),
        ("engineering", (0.5, 1.5)),
        ("product_design", (0.3, 1.0)),
    ):
        line = descriptions.lines.get(key=key)
        services.line_update(
            actor=jonas,
            line=line,
            values={**line.values, "fte": _range(*fte)},
            why="A vendor model: we adapt it, we do not train one",
        )

    assistant = services.case_create(
        actor=anna,
        workspace=context.workspace,
        name="AI customer-service assistant",
        template="ai-initiative",
        question="Should an assistant answer the routine questions of our 60 service agents' "
        "customers (where is my order, returns, sizes)?",
        roadmap_item=_item(context, "Shoppers trust delivery dates"),
    )
    _benefit(
        assistant,
        anna,
        driver="savings",
        name="Agent hours saved",
        category="savings",
        values={
            "hours": _range(4_000, 9_000),
            "rate": _range(35, 55),
            "adoption": _range(0.4, 0.85),
        },
        phase="production",
        lag_months=_range(2, 6),
        ramp_months=_range(4, 10),
        step_ups=[{"phase": "scale", "factor": _range(1.2, 2.0)}],
        note="60 agents work 9,600 hours a month and the evening service is bought in; about "
        "half of it goes to routine questions. How many the assistant really closes is the "
        "open question.",
    )
    _replace_placeholder(assistant, anna)
    # Service assistants are a well-trodden path; the risk is in integration, not in the idea.
    for key, probability in (("pilot", 0.9), ("production", 0.7)):
        services.phase_update(
            actor=anna,
            phase=assistant.phases.get(key=key),
            probability=probability,
            why="Three vendors run such assistants for shops of our size",
        )
    # The step from pilot to production is steeper for a system that talks to customers.
    governance = assistant.lines.get(key="governance")
    services.line_update(
        actor=anna,
        line=governance,
        step_ups=[{"phase": "production", "factor": _range(2.5, 6.0)}],
        why="Customer-facing AI: transparency duties of the EU AI Act and a complaints process",
    )
    _assistant_uncertainty(assistant, anna)
    for month, cost in ((1, 24_800), (2, 27_300), (3, 31_900)):
        actuals.actual_record(
            actor=anna,
            case=assistant,
            month=month,
            cost=cost,
            benefit=0,
            note="From the cost centre report",
        )
    actuals.actual_record(
        actor=anna,
        case=assistant,
        month=4,
        benefit=0,
        cost_by_category={
            "people": 41_000,
            "infrastructure": 6_500,
            "inference": 1_900,
            "evaluation": 3_000,
        },
        note="From the cost centre report, split by cost type for the first time",
    )

    checkout = services.case_create(
        actor=jonas,
        workspace=context.workspace,
        name="One-page checkout",
        template="blank",
        question="Does rebuilding checkout as one page pay for itself through fewer "
        "abandoned carts?",
        horizon_months=24,
        hypothesis=_bar_hypothesis(context),
    )
    services.line_create(
        actor=jonas,
        case=checkout,
        kind=LineKind.COST,
        driver="staff",
        name="Checkout team",
        category="people",
        values={"fte": _range(2, 3.5), "monthly_cost": _range(7_500, 11_000)},
        until="",
        step_ups=[],
        note="Two to three engineers and a designer for half a year.",
    )
    _benefit(
        checkout,
        jonas,
        driver="revenue",
        name="Orders no longer abandoned",
        category="revenue",
        values={
            "users": _range(150_000, 200_000),
            "conversion": _range(0.005, 0.03),
            "price": {"low": 4, "likely": 6, "high": 9},
        },
        lag_months=_range(5, 7),
        ramp_months=_range(1, 3),
        note="Checkout starts 180,000 times a month and half leave; one to three more in a "
        "hundred finishing, at the margin of an order.",
    )
    _limit_team(checkout, jonas)
    offer = verdicts.offer(checkout)
    if offer is not None:
        verdicts.verdict_dismiss(
            actor=jonas,
            case=checkout,
            verdict=offer.verdict,
            why="It measured the whole shop's conversion, not the extra share of shoppers "
            "who finish a one-page checkout",
        )

    for case in (descriptions, assistant, checkout):
        case.refresh_from_db()
        compute_case.call(case_id=case.pk, revision=case.revision)
    # The two AI initiatives side by side, compared once (the comparison page's numbers).
    pair = [descriptions, assistant]
    run = ComparisonRun.objects.create(
        workspace=descriptions.workspace,
        cases=comparison.names_of(pair),
        key=comparison.key_of(pair),
        trials=comparison.trials_of(pair),
        state=ComputeState.QUEUED,
    )
    compare_cases.call(run_id=run.pk)


def _limit_team(case: BusinessCase, actor) -> None:
    """The checkout team works for six months: a build phase holds it."""
    services.phase_create(actor=actor, case=case, name="Build", start_month=1, end_month=6)
    line = case.lines.get(name="Checkout team")
    services.line_update(
        actor=actor, line=line, phase="build", why="The team moves on after the launch"
    )


def _assistant_uncertainty(case: BusinessCase, actor) -> None:
    """A works council agreement the assistant may need (a yes/no event with its one-off
    cost), and usage that drives both the hours saved and the tokens paid for."""
    council = uncertainty.event_create(
        actor=actor,
        case=case,
        name="Works council agreement needed",
        probability=0.4,
        note="The assistant's logs show how agents work; the council may ask for an agreement.",
    )
    services.line_create(
        actor=actor,
        case=case,
        kind=LineKind.COST,
        driver="amount",
        name="Works council agreement",
        category="other",
        values={"amount": _range(8_000, 30_000)},
        recurring=False,
        phase="production",
        event=council.key,
        note="Legal advice and two workshops, once.",
    )
    uncertainty.correlation_create(
        actor=actor,
        case=case,
        first="agent_hours_saved.adoption",
        second="inference.volume",
        rank=0.6,
        note="The more customers use the assistant, the more tokens it needs.",
        why="Usage drives both",
    )


def _bar_hypothesis(context: DemoContext):
    """The free-shipping bar's hypothesis, whose verdict the checkout case was offered."""
    verdict = Verdict.objects.filter(
        experiment__product__workspace=context.workspace,
        experiment__title="Free-shipping bar A/B test",
    ).first()
    return verdict.hypothesis if verdict else None
