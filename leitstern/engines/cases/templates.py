"""Starting points for new cases, as data: an AI initiative and a blank case.

``TEMPLATES`` maps a stable name to a ``Case``; the app copies one and lets people change
every number. Amounts are in euros for a company in Germany, 2024-2026, and deliberately
conservative (wide ranges, costs rather high, benefits rather low and late). Every line has
a ``note`` saying where its numbers come from; replace them with your own as soon as you
have them. The sources:

* **Salaries.** gehalt.de (StepStone), "Machine Learning Engineer": median gross €5,536 a
  month at 40 hours, quartiles €4,890-€6,267. Salary overviews for Germany (digitaldefynd,
  2026) give €65-95k a year for ML engineers and €60-90k for data scientists.
* **Loaded cost.** Employers pay about 21% on top of gross salary for social insurance
  (pension 18.6%, unemployment 2.6%, health 14.6% plus surcharge, care 3.6%, half each;
  21-25% in total, vonengelhardt.com). Workplace, equipment, management and hiring add an
  assumed 15-35%. So a loaded monthly cost is gross x 1.21 x 1.15-1.35, e.g. ML engineers
  €4,890 x 1.39 ≈ €6,800 to €7,900 x 1.63 ≈ €12,900.
* **Tokens.** Published list prices per million tokens (2025-2026): small models about
  $0.15 in / $0.60 out, large ones $1.25-2.50 in / $8-15 out; a blend of three input to one
  output token costs about €0.25 to €6 — the range is widened to €0.30-10.
* **Phase probabilities.** Gartner (July 2024): at least 30% of generative AI projects will be
  abandoned after proof of concept by the end of 2025. RAND (RR-A2680-1, August 2024): by
  some estimates more than 80% of AI projects fail, twice the rate of other IT projects. The
  template takes a one-in-two chance that a pilot reaches production.
* **Everything else** (FTE per phase, step-ups, infrastructure, data, monitoring, the
  placeholder benefit) is a stated assumption, not a measurement.
"""

from __future__ import annotations

from .model import (
    Amount,
    BenefitLine,
    Case,
    Correlation,
    CostLine,
    Phase,
    Range,
    Savings,
    Staff,
    StepUp,
    Usage,
)

__all__ = ["AI_INITIATIVE", "BLANK", "TEMPLATES", "template"]

_SALARY = (
    "Loaded monthly cost: gross salary (gehalt.de/StepStone, salary overviews 2024-2026) "
    "x 1.21 employer social insurance x 1.15-1.35 overhead (assumed)."
)

AI_INITIATIVE = Case(
    name="AI initiative",
    horizon_months=36,
    discount_rate=0.08,
    currency="EUR",
    phases=(
        Phase(
            key="discovery",
            name="Discovery",
            start_month=1,
            end_month=3,
            probability=1.0,
            note="Understand the problem, the data and whether AI is the right tool.",
        ),
        Phase(
            key="pilot",
            name="Pilot",
            start_month=4,
            end_month=9,
            probability=0.8,
            note="Assumption: four in five discoveries lead to a pilot.",
        ),
        Phase(
            key="production",
            name="Production",
            start_month=10,
            end_month=36,
            probability=0.5,
            note="Gartner 2024: at least 30% of GenAI projects abandoned after proof of "
            "concept; RAND 2024: over 80% of AI projects fail. Taken as one in two.",
        ),
        Phase(
            key="scale",
            name="Scale",
            start_month=19,
            end_month=36,
            probability=0.6,
            if_missed="skip",
            note="Assumption. If scaling does not happen, production simply goes on.",
        ),
    ),
    costs=(
        CostLine(
            key="ml_engineers",
            name="ML engineers",
            category="people",
            driver=Staff(fte=Range(1.0, 2.5), monthly_cost=Range(6_800, 13_000)),
            phase="pilot",
            step_ups=(StepUp(phase="production", factor=Range(1.0, 2.0)),),
            note=_SALARY + " More engineers once the system runs in production.",
        ),
        CostLine(
            key="data_scientists",
            name="Data scientists",
            category="people",
            driver=Staff(fte=Range(0.5, 1.5), monthly_cost=Range(6_500, 12_500)),
            phase="discovery",
            step_ups=(StepUp(phase="production", factor=Range(0.5, 1.0)),),
            note=_SALARY + " Less modelling work once in production.",
        ),
        CostLine(
            key="product_design",
            name="Product and design",
            category="people",
            driver=Staff(fte=Range(0.5, 1.5), monthly_cost=Range(6_500, 12_000)),
            phase="discovery",
            until="production",
            note=_SALARY,
        ),
        CostLine(
            key="engineering",
            name="Software engineering and integration",
            category="people",
            driver=Staff(fte=Range(1.0, 3.0), monthly_cost=Range(6_500, 12_000)),
            phase="pilot",
            step_ups=(StepUp(phase="production", factor=Range(1.0, 2.0)),),
            note=_SALARY + " Integration into existing systems grows in production.",
        ),
        CostLine(
            key="governance",
            name="Governance and compliance",
            category="people",
            driver=Staff(fte=Range(0.1, 0.5), monthly_cost=Range(7_000, 13_000)),
            phase="pilot",
            step_ups=(StepUp(phase="production", factor=Range(1.5, 4.0)),),
            note=_SALARY + " Documentation, risk management and audits (EU AI Act, "
            "GDPR) step up sharply in production.",
        ),
        CostLine(
            key="legal",
            name="Legal review",
            category="people",
            driver=Staff(fte=Range(0.05, 0.3), monthly_cost=Range(8_000, 20_000)),
            phase="pilot",
            step_ups=(StepUp(phase="production", factor=Range(0.3, 1.0)),),
            note=_SALARY + " Upper end allows for external counsel. Contracts and data "
            "protection impact assessment in the pilot, less afterwards.",
        ),
        CostLine(
            key="change_training",
            name="Change management and training",
            category="people",
            driver=Staff(fte=Range(0.3, 1.5), monthly_cost=Range(6_000, 11_000)),
            phase="production",
            end_month=21,
            note=_SALARY + " Training and rollout in the first year of production.",
        ),
        CostLine(
            key="infrastructure",
            name="Infrastructure and licences",
            category="infrastructure",
            driver=Amount(amount=Range(500, 4_000)),
            phase="pilot",
            step_ups=(StepUp(phase="production", factor=Range(2.0, 6.0)),),
            note="Assumption: cloud, vector store, platform licences per month.",
        ),
        CostLine(
            key="inference",
            name="Inference and tokens",
            category="inference",
            driver=Usage(volume=Range(2, 40), unit_price=Range(0.3, 10.0), growth=Range(0.0, 0.06)),
            phase="pilot",
            step_ups=(
                StepUp(phase="production", factor=Range(5.0, 30.0)),
                StepUp(phase="scale", factor=Range(1.5, 4.0)),
            ),
            note="Volume in million tokens a month; price per million tokens (blended "
            "list prices 2025-2026, widened). Production traffic is a multiple "
            "of the pilot's.",
        ),
        CostLine(
            key="data_setup",
            name="Data acquisition and labelling",
            category="data",
            driver=Amount(amount=Range(10_000, 80_000)),
            phase="pilot",
            recurring=False,
            note="Assumption: one-off cleaning, labelling and buying data.",
        ),
        CostLine(
            key="data_quality",
            name="Data quality",
            category="data",
            driver=Amount(amount=Range(1_000, 6_000)),
            phase="production",
            note="Assumption: keeping data fresh and clean as it drifts.",
        ),
        CostLine(
            key="evaluation",
            name="Evaluation and monitoring",
            category="evaluation",
            driver=Amount(amount=Range(500, 3_000)),
            phase="pilot",
            step_ups=(StepUp(phase="production", factor=Range(2.0, 5.0)),),
            note="Assumption: evaluation sets, human review, monitoring for drift.",
        ),
        CostLine(
            key="support",
            name="Support and incident response",
            category="support",
            driver=Staff(fte=Range(0.3, 1.5), monthly_cost=Range(5_000, 9_000)),
            phase="production",
            step_ups=(StepUp(phase="scale", factor=Range(1.3, 2.5)),),
            note=_SALARY + " Support roles assumed at lower salaries.",
        ),
    ),
    benefits=(
        BenefitLine(
            key="time_saved",
            name="Time saved (replace with your own benefit)",
            driver=Savings(hours=Range(300, 3_000), rate=Range(35, 65), adoption=Range(0.15, 0.6)),
            phase="production",
            lag_months=Range(1, 6),
            ramp_months=Range(3, 12),
            step_ups=(StepUp(phase="scale", factor=Range(1.5, 3.0)),),
            note="Placeholder, deliberately modest: hours saved a month at full use, "
            "loaded hourly cost of the people saving them, share who use it.",
        ),
    ),
    correlations=(Correlation("inference.volume", "time_saved.adoption", 0.5),),
)

BLANK = Case(name="", horizon_months=36, discount_rate=0.08, currency="EUR")

TEMPLATES: dict[str, Case] = {"ai-initiative": AI_INITIATIVE, "blank": BLANK}


def template(name: str) -> Case:
    """The template called ``name`` (``"ai-initiative"`` or ``"blank"``)."""
    try:
        return TEMPLATES[name]
    except KeyError:
        raise KeyError(f"no template {name!r}; choose from {sorted(TEMPLATES)}") from None
