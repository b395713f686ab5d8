"""Nordwind's discovery for the demo: the Storefront's checkout-conversion key result as the
outcome of an opportunity solution tree with twelve opportunities, twenty solutions, fifteen
hypotheses and eight finished experiments (a clear win, a clear loss, two underpowered
inconclusive ones, one with a sample-ratio mismatch, a second win and two judged by the
team), each with its learning card, plus RICE scores and a scoring session. Everything goes
through the services, so verdicts are the statistics engine's own."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from leitstern.core.seeding import DemoContext
from leitstern.discovery import services
from leitstern.discovery.models import Hypothesis, Opportunity, Solution
from leitstern.research import selectors as research_selectors
from leitstern.strategy import services as strategy_services
from leitstern.strategy.models import Cycle

# Opportunities: key, title, parent key, stage, description.
OPPORTUNITIES = [
    ("cost", "I find out what I really pay only at the very end", None, "now",
     "Shipping and fees appear on the last step; shoppers feel tricked and leave."),
    ("shipping", "I don't know whether shipping is free for my order", "cost", "now", ""),
    ("fees", "Payment fees surprise me at the last step", "cost", "next", ""),
    ("trust", "I am not sure this shop is safe to pay in", None, "next",
     "Small shops on Nordwind look unfamiliar; shoppers hesitate to enter card details."),
    ("reviews", "I cannot tell whether other buyers were happy", "trust", "later", ""),
    ("payment", "My preferred way to pay is missing", None, "now",
     "Interviews in Austria and Switzerland keep naming invoice and TWINT."),
    ("invoice", "I want to pay after the parcel has arrived", "payment", "next", ""),
    ("effort", "Checkout takes too long on my phone", None, "now",
     "Typing an address on a phone is the step most shoppers abandon."),
    ("address", "Typing my address on a phone is tedious", "effort", "validated", ""),
    ("account", "I am forced to create an account before paying", "effort", "validated", ""),
    ("delivery", "I don't know when my parcel will arrive", None, "later", ""),
    ("returns", "I worry that returning something is a hassle", None, "not_now", ""),
]  # fmt: skip

# Solutions: key, opportunity key, title, status.
SOLUTIONS = [
    ("shipping_bar", "shipping", "Free-shipping progress bar in the cart", "shipped"),
    ("shipping_pdp", "shipping", "Shipping cost on the product page", "testing"),
    ("fees_early", "fees", "Show payment fees with each method from the start", "idea"),
    ("total_sticky", "cost", "Sticky order total with everything included", "dropped"),
    ("trust_badges", "trust", "Payment security badges next to the pay button", "dropped"),
    ("shop_profile", "trust", "Shop profile with years on Nordwind and order count", "idea"),
    ("review_stars", "reviews", "Star ratings in the checkout summary", "testing"),
    ("photo_reviews", "reviews", "Buyer photos with reviews", "idea"),
    ("paypal_express", "payment", "PayPal Express on the product page", "testing"),
    ("twint", "payment", "TWINT for Swiss shoppers", "idea"),
    ("invoice_klarna", "invoice", "Pay by invoice through a partner", "building"),
    ("invoice_own", "invoice", "Our own invoice payment with credit check", "idea"),
    ("one_page", "effort", "One-page checkout", "testing"),
    ("autocomplete", "address", "Address autocomplete", "shipped"),
    ("scan_address", "address", "Fill the address from a photo of a letter", "dropped"),
    ("guest", "account", "Guest checkout as the default", "shipped"),
    ("apple_pay", "effort", "Apple Pay and Google Pay on every shop", "building"),
    ("eta", "delivery", "Delivery date estimate in the cart", "idea"),
    ("tracking", "delivery", "Live parcel tracking page", "idea"),
    ("free_returns", "returns", "Free returns label in the parcel", "idea"),
]

# Hypotheses: key, solution key, statement, baseline %, target %, category, importance,
# evidence, weekly traffic.
HYPOTHESES = [
    ("bar", "shipping_bar",
     "A free-shipping progress bar lifts checkout conversion from 3.2% to 3.6%",
     3.2, 3.6, "desirability", 5, 2, 60_000),
    ("pdp", "shipping_pdp",
     "Shipping cost on the product page lifts checkout conversion from 3.2% to 3.5%",
     3.2, 3.5, "desirability", 4, 2, 60_000),
    ("badges", "trust_badges",
     "Security badges next to the pay button lift checkout conversion from 3.2% to 3.5%",
     3.2, 3.5, "desirability", 3, 1, 60_000),
    ("stars", "review_stars",
     "Star ratings in the summary lift checkout conversion from 3.2% to 3.6%",
     3.2, 3.6, "desirability", 4, 2, 8_000),
    ("express", "paypal_express",
     "PayPal Express on the product page lifts checkout conversion from 3.2% to 3.7%",
     3.2, 3.7, "desirability", 4, 3, 8_000),
    ("invoice", "invoice_klarna",
     "Invoice payment lifts checkout conversion in Austria from 3.0% to 3.6%",
     3.0, 3.6, "desirability", 5, 3, 20_000),
    ("invoice_cost", "invoice_klarna",
     "The partner's fee stays below 2% of the order value",
     None, None, "viability", 4, 2, None),
    ("one_page", "one_page",
     "A one-page checkout lifts checkout conversion on phones from 2.4% to 2.8%",
     2.4, 2.8, "usability", 5, 2, 40_000),
    ("autocomplete", "autocomplete",
     "Address autocomplete lifts checkout conversion on phones from 2.4% to 2.7%",
     2.4, 2.7, "usability", 4, 3, 40_000),
    ("guest", "guest",
     "Guest checkout as the default lifts checkout conversion from 3.0% to 3.4%",
     3.0, 3.4, "desirability", 5, 3, 60_000),
    ("sticky", "total_sticky",
     "A sticky order total lifts checkout conversion from 3.2% to 3.5%",
     3.2, 3.5, "usability", 3, 2, 60_000),
    ("twint", "twint",
     "Swiss shoppers choose TWINT for at least a quarter of their orders",
     None, None, "desirability", 3, 1, None),
    ("apple_pay", "apple_pay",
     "Wallet payments lift checkout conversion on phones from 2.4% to 2.8%",
     2.4, 2.8, "desirability", 4, 3, 40_000),
    ("eta", "eta",
     "A delivery date estimate lifts checkout conversion from 3.2% to 3.4%",
     3.2, 3.4, "desirability", 2, 1, 60_000),
    ("scan", "scan_address",
     "Shoppers trust us with a photo of a letter to fill their address",
     None, None, "ethical", 4, 1, None),
]  # fmt: skip

# Finished experiments: title, kind, hypothesis keys, results, learning card.
FINISHED = [
    (
        "Free-shipping bar A/B test",
        "ab_test",
        ["bar"],
        {"conversions_a": 1920, "visitors_a": 60_000, "conversions_b": 2226, "visitors_b": 60_100},
        (
            "A visible path to free shipping makes shoppers finish.",
            "Conversion rose from 3.2% to 3.7% with 60,000 shoppers per group.",
            "Knowing the shipping cost early matters more than its size.",
            "Ship the bar to every shop; test shipping cost on the product page next.",
        ),
    ),
    (
        "Security badges A/B test",
        "ab_test",
        ["badges"],
        {"conversions_a": 1950, "visitors_a": 60_000, "conversions_b": 1812, "visitors_b": 59_950},
        (
            "Badges reassure hesitant shoppers.",
            "Conversion fell from 3.25% to 3.0%.",
            "Badges near the button read as a warning: they raise the doubt they meant to calm.",
            "Drop the badges; look at the shop's own track record instead.",
        ),
    ),
    (
        "Star ratings in the summary",
        "ab_test",
        ["stars"],
        {"conversions_a": 128, "visitors_a": 4000, "conversions_b": 141, "visitors_b": 4010},
        (
            "Ratings at the last step calm doubts about the shop.",
            "A small rise that is well within chance: 4,000 shoppers per group were far too few.",
            "The shop-level traffic cannot show a lift this size in a fortnight.",
            "Run it across all shops for six weeks, as the sample size says.",
        ),
    ),
    (
        "PayPal Express on the product page",
        "ab_test",
        ["express"],
        {"conversions_a": 130, "visitors_a": 4100, "conversions_b": 150, "visitors_b": 4080},
        (
            "Paying in two taps from the product page lifts conversion.",
            "More shoppers paid with Express, but the interval is wide and includes no change.",
            "Underpowered: we stopped when the campaign ended.",
            "Repeat with the planned sample size before deciding.",
        ),
    ),
    (
        "Sticky order total A/B test",
        "ab_test",
        ["sticky"],
        {"conversions_a": 1960, "visitors_a": 61_200, "conversions_b": 1950, "visitors_b": 57_300},
        (
            "Seeing the full total at all times removes the last-step surprise.",
            "Group B received 57,300 shoppers instead of about 59,000: the split was broken.",
            "A caching rule sent returning shoppers to group A; the numbers cannot be compared.",
            "Fix the assignment and run again; until then the result says nothing.",
        ),
    ),
    (
        "Guest checkout as the default",
        "ab_test",
        ["guest"],
        {"conversions_a": 1800, "visitors_a": 60_000, "conversions_b": 2130, "visitors_b": 60_050},
        (
            "Forcing an account costs us buyers.",
            "Conversion rose from 3.0% to 3.55%.",
            "An account is welcome after the purchase, not before it.",
            "Make guest checkout the default and offer the account on the thank-you page.",
        ),
    ),
    (
        "TWINT interviews in Zurich",
        "interviews",
        ["twint"],
        {"judgement": "inconclusive"},
        (
            "Swiss shoppers want TWINT.",
            "Five of eight shoppers use TWINT, but only for small amounts.",
            "Eight interviews in one city are not enough to size the demand.",
            "Ask the Swiss shops for their payment mix before building.",
        ),
    ),
    (
        "Address photo prototype test",
        "prototype",
        ["scan"],
        {"judgement": "invalidated"},
        (
            "Filling the address from a photo saves typing.",
            "Seven of nine testers refused to photograph a letter with their name on it.",
            "Convenience does not outweigh the feeling of being watched.",
            "Drop the photo idea; autocomplete does the job without the photo.",
        ),
    ),
]

# RICE inputs per solution: reach per quarter, impact (0.25–3), effort in person-weeks,
# and an overriding confidence with its reason where the team knows better than the rule.
RICE = {
    "shipping_pdp": (120_000, 1, 3, None),
    "fees_early": (60_000, 1, 2, None),
    "shop_profile": (90_000, 0.5, 4, None),
    "review_stars": (90_000, 1, 2, None),
    "photo_reviews": (40_000, 0.5, 6, None),
    "paypal_express": (80_000, 2, 5, None),
    "twint": (15_000, 1, 4, None),
    "invoice_klarna": (45_000, 2, 6, (80, "The Austrian shops' own invoice pilot showed it.")),
    "invoice_own": (45_000, 2, 20, None),
    "one_page": (150_000, 2, 10, None),
    "apple_pay": (110_000, 1, 4, None),
    "eta": (120_000, 0.5, 3, None),
    "tracking": (70_000, 0.25, 8, None),
    "free_returns": (50_000, 1, 5, None),
}


def _key_result(context: DemoContext, product, owner):
    """The Storefront's checkout-conversion key result in the running cycle."""
    cycle = (
        Cycle.objects.filter(workspace=context.workspace, closed_at__isnull=True)
        .order_by("-starts_on")
        .first()
    )
    if cycle is None:
        cycle = strategy_services.cycle_create(actor=owner, workspace=context.workspace)
    objective = strategy_services.objective_create(
        actor=owner,
        cycle=cycle,
        title="Shoppers who start checkout finish it",
        owner=owner,
        product=product,
    )
    key_result = strategy_services.key_result_create(
        actor=owner,
        objective=objective,
        title="Raise checkout conversion from 3.2% to 3.6%",
        baseline=3.2,
        target=3.6,
        unit="%",
    )
    # Weekly check-ins so far: conversion creeps up as the first wins ship.
    today = timezone.localdate()
    weeks = [week for week in cycle.weeks() if week <= today]
    for n, week in enumerate(weeks):
        strategy_services.check_in_record(
            actor=owner,
            key_result=key_result,
            confidence=min(8, 5 + n // 3),
            value=round(3.2 + 0.03 * n, 2),
            week=week,
            comment="",
        )
    return key_result


# The research the opportunities cite: insights by title (research's demo), and quotes of
# second-hand feedback by the title of their conversation.
CITED_INSIGHTS = {
    "cost": ["Shipping costs surprise buyers too late"],
    "shipping": ["Shipping costs surprise buyers too late"],
    "payment": [
        "Buyers abandon checkout when PayPal is not first",
        "Instalment payments raise basket sizes",
    ],
    "invoice": ["Buyers abandon checkout when PayPal is not first"],
    "effort": ["Shop owners lose mobile baskets when they switch apps"],
    "delivery": ["Delivery dates are the most asked question"],
    "reviews": ["Size guidance would cut fashion returns"],
}
CITED_FEEDBACK = {
    "invoice": ["Sales: a prospect wants invoice payment"],
    # Resting on what support relayed alone: the card flags it.
    "returns": ["Support: returns labels cause confusion"],
}
# A contributor proposes second-hand evidence; it waits for an editor.
PROPOSED_FEEDBACK = {"fees": "Sales: marketplace sellers ask about fees"}
LEA = "lea.hoffmann@nordwind.example"


def _cite_research(context: DemoContext, opportunities, *, editor, contributor) -> None:
    """Link the Storefront's opportunities to the research demo's insights and quotes
    (read through research's selectors). Without research's demo, nothing is linked."""
    insights = {i.title: i for i in research_selectors.insights_to_cite(context.workspace)}
    feedback: dict[str, list] = {}
    for quote in research_selectors.quotes_to_cite(
        editor, context.workspace, second_hand_only=True
    ):
        feedback.setdefault(quote.conversation.title, []).append(quote)
    for key, titles in CITED_INSIGHTS.items():
        for title in titles:
            if title in insights:
                services.evidence_link(
                    actor=editor, opportunity=opportunities[key], insight=insights[title]
                )
    for key, titles in CITED_FEEDBACK.items():
        for title in titles:
            for quote in feedback.get(title, []):
                services.evidence_link(actor=editor, opportunity=opportunities[key], quote=quote)
    if contributor is not None:
        for key, title in PROPOSED_FEEDBACK.items():
            for quote in feedback.get(title, []):
                services.evidence_link(
                    actor=contributor, opportunity=opportunities[key], quote=quote, propose=True
                )


def seed(context: DemoContext) -> None:
    people = context.people
    mira = people["mira.okafor@nordwind.example"]
    jonas = people["jonas.keller@nordwind.example"]
    sofia = people["sofia.marin@nordwind.example"]
    lukas = people["lukas.brandt@nordwind.example"]
    product = context.products["Storefront"]
    today = timezone.localdate()

    key_result = _key_result(context, product, mira)
    outcome = services.outcome_create(
        actor=mira,
        product=product,
        key_result=key_result,
        description="Half of all shoppers who start checkout leave before paying.",
    )

    opportunities: dict[str, Opportunity] = {}
    for key, title, parent, stage, description in OPPORTUNITIES:
        opportunities[key] = services.opportunity_create(
            actor=mira,
            product=product,
            outcome=outcome,
            parent=opportunities.get(parent) if parent else None,
            title=title,
            description=description,
            stage=stage,
        )
    # A contributor's proposal waiting for an editor, and a need not yet placed in a tree.
    services.opportunity_propose(
        actor=sofia,
        product=product,
        outcome=outcome,
        title="I want to split the payment into instalments",
        description="Raised by three merchants' support teams this month.",
    )
    services.opportunity_create(
        actor=mira, product=product, title="I cannot find the gift-wrapping option"
    )

    _cite_research(context, opportunities, editor=mira, contributor=people.get(LEA))

    solutions: dict[str, Solution] = {}
    for key, opportunity, title, status in SOLUTIONS:
        solutions[key] = services.solution_create(
            actor=mira, opportunity=opportunities[opportunity], title=title, status=status
        )

    hypotheses: dict[str, Hypothesis] = {}
    for (
        key,
        solution,
        statement,
        baseline,
        target,
        category,
        importance,
        evidence,
        traffic,
    ) in HYPOTHESES:
        rule = {}
        if baseline is not None:
            rule = {
                "key_result": key_result,
                "metric_kind": "rate",
                "baseline": baseline,
                "target": target,
                "target_date": today + timedelta(weeks=10),
                "weekly_traffic": traffic,
            }
        hypotheses[key] = services.hypothesis_create(
            actor=mira,
            product=product,
            solution=solutions[solution],
            statement=statement,
            category=category,
            importance=importance,
            evidence=evidence,
            **rule,
        )

    for n, (title, kind, keys, results, card) in enumerate(FINISHED):
        experiment = services.experiment_create(
            actor=jonas,
            product=product,
            title=title,
            kind=kind,
            hypotheses=[hypotheses[key] for key in keys],
            starts_on=today - timedelta(weeks=12 - n),
            ends_on=today - timedelta(weeks=10 - n),
        )
        services.experiment_start(actor=jonas, experiment=experiment)
        services.experiment_update(actor=jonas, experiment=experiment, **results)
        believed, observed, learned, next_step = card
        services.experiment_close(
            actor=mira,
            experiment=experiment,
            believed=believed,
            observed=observed,
            learned=learned,
            next_step=next_step,
        )
    # Running and planned bets: their rules are fixed once they start.
    running = services.experiment_create(
        actor=jonas,
        product=product,
        title="One-page checkout on phones",
        hypotheses=[hypotheses["one_page"], hypotheses["autocomplete"]],
        starts_on=today - timedelta(weeks=2),
        ends_on=today + timedelta(weeks=4),
    )
    services.experiment_start(actor=jonas, experiment=running)
    services.experiment_create(
        actor=jonas,
        product=product,
        title="Invoice payment in Austria",
        hypotheses=[hypotheses["invoice"]],
        starts_on=today + timedelta(weeks=1),
        ends_on=today + timedelta(weeks=7),
    )

    for key, (reach, impact, effort, override) in RICE.items():
        extra = {}
        if override is not None:
            extra = {"confidence": override[0], "confidence_reason": override[1]}
        services.score_set(
            actor=mira, item=solutions[key], reach=reach, impact=impact, effort=effort, **extra
        )

    # Priority poker: three people score three payment solutions independently.
    session = services.session_create(
        actor=mira,
        product=product,
        title="Payment options for the next quarter",
        method="rice",
        solutions=[solutions["paypal_express"], solutions["twint"], solutions["apple_pay"]],
    )
    # Each person's (reach, impact, effort) for PayPal Express, TWINT and Apple Pay.
    votes = {
        mira: [(80_000, 2, 5), (15_000, 1, 4), (110_000, 1, 4)],
        jonas: [(70_000, 1, 6), (20_000, 2, 3), (100_000, 1, 5)],
        lukas: [(90_000, 3, 4), (10_000, 0.5, 6), (120_000, 1, 4)],
    }
    for person, scores in votes.items():
        for key, (reach, impact, effort) in zip(
            ["paypal_express", "twint", "apple_pay"], scores, strict=True
        ):
            services.vote_record(
                actor=person,
                session=session,
                solution=solutions[key],
                reach=reach,
                impact=impact,
                effort=effort,
            )
    context.extra["discovery_outcome"] = outcome
