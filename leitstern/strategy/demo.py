"""Nordwind's strategy for the demo: the Storefront's North Star with four inputs and a
year of weekly values, Checkout metrics, and two quarters of OKRs with weekly check-ins,
the previous one closed with learnings. Dates follow today, so the demo never goes stale."""

from __future__ import annotations

import math
import random
from datetime import date, timedelta

from django.utils import timezone

from leitstern.core.seeding import DemoContext
from leitstern.strategy import periods, services
from leitstern.strategy.models import Objective, ValueSource

# name, role, input kind, unit, direction, start, weekly growth, noise
STOREFRONT_METRICS = [
    ("Weekly purchasing shoppers", "north_star", "", "shoppers", "higher", 41_000, 0.006, 0.02),
    ("Weekly active shoppers", "input", "breadth", "shoppers", "higher", 180_000, 0.004, 0.02),
    ("Products viewed per session", "input", "depth", "products", "higher", 4.1, 0.003, 0.03),
    ("Purchases per buyer per month", "input", "frequency", "orders", "higher", 1.32, 0.002, 0.02),
    ("Search to cart", "input", "efficiency", "seconds", "lower", 74, -0.004, 0.03),
]


def _series(start: float, growth: float, noise: float, weeks: int, rng: random.Random):
    value = start
    for week in range(weeks):
        seasonal = 1 + 0.03 * math.sin(week / 52 * 2 * math.pi)
        yield value * seasonal * (1 + rng.gauss(0, noise))
        value *= 1 + growth


def seed(context: DemoContext) -> None:
    rng = random.Random(7)  # the same demo every time
    owner, people = context.owner, context.people
    mira = people["mira.okafor@nordwind.example"]
    jonas = people["jonas.keller@nordwind.example"]
    sofia = people["sofia.marin@nordwind.example"]
    storefront = context.products["Storefront"]
    checkout = context.products["Checkout & Payments"]
    today = timezone.localdate()
    first_monday = periods.week_of(today) - timedelta(weeks=51)
    weeks = [first_monday + timedelta(weeks=n) for n in range(52)]

    metrics = {}
    for name, role, kind, unit, direction, start, growth, noise in STOREFRONT_METRICS:
        data = {"role": role, "input_kind": kind, "unit": unit, "direction": direction}
        if role == "north_star":
            data.update(
                value_statement=(
                    "Shoppers who found and bought what they came for: the value our "
                    "merchants pay us for."
                ),
                description="Distinct shoppers with at least one completed order per week.",
                ns_expresses_value=True,
                ns_reflects_strategy=True,
                ns_leading=True,
                ns_actionable=True,
                ns_understandable=True,
                ns_measurable=True,
                ns_not_vanity=True,
            )
        metric = services.metric_create(actor=owner, product=storefront, name=name, **data)
        digits = 0 if start > 100 else 2
        values = [
            (day, round(value, digits), "")
            for day, value in zip(weeks, _series(start, growth, noise, 52, rng), strict=True)
        ]
        services.metric_values_record(
            actor=owner, metric=metric, values=values, source=ValueSource.CSV
        )
        metrics[name] = metric
    services.metric_target_add(
        actor=owner,
        metric=metrics["Weekly purchasing shoppers"],
        day=periods.quarter_bounds(today)[1],
        value=round(41_000 * 1.006**60),
        label="End of quarter",
    )
    services.annotation_add(
        actor=mira, product=storefront, day=weeks[20], text="New search ranking released"
    )

    conversion = services.metric_create(
        actor=jonas,
        product=checkout,
        name="Checkout conversion",
        unit="%",
        direction="higher",
        role="north_star",
        value_statement="Buyers who start paying and finish: a smooth way to pay.",
        ns_expresses_value=True,
        ns_actionable=True,
        ns_understandable=True,
        ns_measurable=True,
    )
    failures = services.metric_create(
        actor=jonas,
        product=checkout,
        name="Payment failure rate",
        unit="%",
        direction="range",
        range_low=0.0,
        range_high=1.5,
    )
    redesign = weeks[30]
    services.metric_values_record(
        actor=jonas,
        metric=conversion,
        values=[
            (day, round(61 + (4 if day >= redesign else 0) + n * 0.03 + rng.gauss(0, 0.6), 1), "")
            for n, day in enumerate(weeks)
        ],
        source=ValueSource.API,
    )
    services.metric_values_record(
        actor=jonas,
        metric=failures,
        values=[(day, round(abs(1.2 + rng.gauss(0, 0.3)), 2), "") for day in weeks],
        source=ValueSource.API,
    )
    services.annotation_add(
        actor=jonas, product=checkout, day=redesign, text="Checkout redesign released"
    )

    # Two cycles: the previous quarter (closed with learnings) and the current one.
    past_start, past_end = periods.quarter_bounds(periods.quarter_bounds(today)[0] - timedelta(1))
    past = services.cycle_create(
        actor=owner,
        workspace=context.workspace,
        name=periods.quarter_name(past_start),
        starts_on=past_start,
        ends_on=past_end,
    )
    current = services.cycle_create(actor=owner, workspace=context.workspace)

    def okr(cycle, title, product, kind, owner_, key_results, parent=None, team=None):
        objective = services.objective_create(
            actor=owner,
            cycle=cycle,
            title=title,
            kind=kind,
            owner=owner_,
            product=product,
            team=team,
            parent=parent,
        )
        krs = [
            services.key_result_create(actor=owner, objective=objective, **kr) for kr in key_results
        ]
        return objective, krs

    def check_ins(cycle, krs, progress, confidences, until: date):
        """Weekly check-ins from the cycle's start until ``until``."""
        mondays = [w for w in cycle.weeks() if w <= until]
        for kr, reach, conf in zip(krs, progress, confidences, strict=True):
            for n, week in enumerate(mondays):
                share = (n + 1) / len(cycle.weeks())
                confidence = max(
                    0, min(10, round(conf[0] + (conf[1] - conf[0]) * n / max(1, len(mondays) - 1)))
                )
                value = None
                if kr.metric_id is None:
                    value = round(kr.baseline + (kr.target - kr.baseline) * reach * share, 2)
                services.check_in_record(
                    actor=kr.responsible,
                    key_result=kr,
                    confidence=confidence,
                    value=value,
                    week=week,
                    comment="",
                )

    # --- previous quarter, closed -----------------------------------------------------
    company, _ = okr(
        past,
        "Shoppers trust Nordwind shops enough to come back",
        None,
        "aspirational",
        owner,
        [
            {
                "title": "Raise repeat purchase rate from 22% to 30%",
                "baseline": 22,
                "target": 30,
                "unit": "%",
            },
            {"title": "Lift NPS of shoppers from 31 to 45", "baseline": 31, "target": 45},
        ],
    )
    speed, speed_krs = okr(
        past,
        "Paying is faster than anywhere else",
        checkout,
        "committed",
        jonas,
        [
            {
                "title": "Cut median payment time from 48 s to 30 s",
                "baseline": 48,
                "target": 30,
                "unit": "s",
                "direction": "lower",
            },
            {
                "title": "Raise checkout conversion from 61% to 64%",
                "metric": conversion,
                "baseline": 61,
                "target": 64,
                "unit": "%",
            },
        ],
        parent=company,
    )
    _company_krs = list(company.key_results.all())
    check_ins(past, _company_krs, [0.9, 0.5], [(6, 7), (6, 4)], past_end)
    check_ins(past, speed_krs[:1], [0.8], [(8, 6)], past_end)
    check_ins(past, speed_krs[1:], [1.0], [(7, 9)], past_end)
    services.cycle_close(
        actor=owner,
        cycle=past,
        learnings={
            company.pk: "Repeat buyers respond to delivery promises more than to discounts.",
            speed.pk: "The redesign moved conversion; payment time is held back by 3-D Secure.",
        },
        postmortems={
            company.pk: "",
            speed.pk: "We underestimated bank-side 3-D Secure delays; we measure them now.",
        },
        carry_forward=[company.pk],
    )

    # --- current quarter, running ---------------------------------------------------
    carried = Objective.objects.get(carried_from=company)

    def value_at(metric, day):
        return metric.values.filter(day__lte=day).order_by("-day").first().value

    search = round(value_at(metrics["Search to cart"], current.starts_on))
    buyers = round(value_at(metrics["Weekly purchasing shoppers"], current.starts_on), -2)
    _find, find_krs = okr(
        current,
        "Shoppers find the right product in under a minute",
        storefront,
        "committed",
        mira,
        [
            {
                "title": f"Cut search-to-cart time from {search:.0f} s to {search * 0.85:.0f} s",
                "metric": metrics["Search to cart"],
                "baseline": search,
                "target": round(search * 0.85),
                "unit": "s",
                "direction": "lower",
            },
            {
                "title": f"Grow weekly buyers from {buyers:,.0f} to {buyers * 1.1:,.0f}",
                "metric": metrics["Weekly purchasing shoppers"],
                "baseline": buyers,
                "target": round(buyers * 1.1),
            },
            {
                "title": "Raise search success rate from 71% to 80%",
                "baseline": 71,
                "target": 80,
                "unit": "%",
                "owner": sofia,
            },
        ],
        parent=carried,
    )
    okr(
        current,
        "Launch the new merchant dashboard",
        context.products["Merchant Portal"],
        "aspirational",
        jonas,
        [{"title": "Release dashboard v2", "target": 1}],
    )
    check_ins(current, find_krs, [0, 0, 0.5], [(7, 7), (7, 8), (7, 4)], today)

    # A team objective for the first delivery team the teams seeder (same layer, earlier
    # in the shell's module list) created, if any.
    teams = context.extra.get("teams", {})
    team = teams[min(teams)] if teams else None
    if team is not None:
        okr(
            current,
            f"{team.name} ships small changes every day without surprises",
            None,
            "committed",
            jonas,
            [
                {
                    "title": "Cut the median cycle time from 6 days to 3",
                    "baseline": 6,
                    "target": 3,
                    "unit": "days",
                    "direction": "lower",
                }
            ],
            parent=carried,
            team=team,
        )
