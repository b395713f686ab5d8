"""Business cases for the large-workspace benchmark: five per product, each 60 months with
40 lines (the engine benchmark's size), written in bulk. One of them is simulated at its
full 100,000 trials and its result kept on every case, so the result page of any of them
reads a kept result of realistic size."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from leitstern.cases import mapping
from leitstern.cases.models import BusinessCase, CaseLine, CasePhase, LineKind
from leitstern.cases.tasks import run

CASES_PER_PRODUCT = 5
LINES = 40
HORIZON = 60


def _rows(case: BusinessCase, n: int) -> tuple[list[CasePhase], list[CaseLine]]:
    phases = [
        CasePhase(
            case=case, key="pilot", name="Pilot", start_month=1, end_month=12, probability=1.0
        ),
        CasePhase(
            case=case,
            key="production",
            name="Production",
            start_month=13,
            end_month=HORIZON,
            probability=0.6,
        ),
    ]
    lines = []
    for i in range(LINES):
        cost = i < LINES - 8
        if cost and i % 2 == 0:
            driver, category = "staff", "people"
            values: dict[str, Any] = {
                "fte": {"lower": 0.5, "upper": 2.5},
                "monthly_cost": {"lower": 6_500, "upper": 12_500},
            }
        elif cost:
            driver, category = "usage", "inference"
            values = {
                "volume": {"lower": 2, "upper": 40},
                "unit_price": {"lower": 0.3, "upper": 10},
                "growth": {"lower": 0, "upper": 0.04},
            }
        else:
            driver, category = "savings", "savings"
            values = {
                "hours": {"lower": 300 + n, "upper": 3_000},
                "rate": {"lower": 35, "upper": 65},
                "adoption": {"lower": 0.2, "upper": 0.7},
            }
        lines.append(
            CaseLine(
                case=case,
                key=f"line_{i}",
                kind=LineKind.COST if cost else LineKind.BENEFIT,
                name=f"Line {i + 1}",
                category=category,
                driver=driver,
                values=values,
                phase="pilot" if i % 3 else "production",
                step_ups=[{"phase": "production", "factor": {"lower": 1, "upper": 3}}]
                if cost and i % 3
                else [],
                lag_months={"lower": 1, "upper": 4} if not cost else None,
                ramp_months={"lower": 2, "upper": 8} if not cost else None,
                position=i,
            )
        )
    return phases, lines


def generate(context: Any) -> None:
    cases = [
        BusinessCase(
            workspace=context.workspace,
            name=f"{product} initiative {k + 1}",
            horizon_months=HORIZON,
            created_by=context.owner,
        )
        for product in context.products
        for k in range(CASES_PER_PRODUCT)
    ]
    BusinessCase.objects.bulk_create(cases)
    phases: list[CasePhase] = []
    lines: list[CaseLine] = []
    for n, case in enumerate(cases):
        p, line_rows = _rows(case, n)
        phases += p
        lines += line_rows
    CasePhase.objects.bulk_create(phases)
    CaseLine.objects.bulk_create(lines, batch_size=2_000)
    if cases:
        first = cases[0]
        mapping.engine_case(first)  # checked by the engine on the way
        result = run(first, workers=None).as_dict()
        BusinessCase.objects.filter(pk__in=[c.pk for c in cases]).update(
            result=result, result_revision=1, computed_at=timezone.now()
        )
    context.counts["business cases"] = len(cases)
    context.counts["business case lines"] = len(lines)
