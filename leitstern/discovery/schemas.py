"""Input and output schemas of the discovery API."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from ninja import Field, Schema
from pydantic import BeforeValidator

from leitstern.api.types import Day, Id, In, Line, Name, Number, Text, unchanged
from leitstern.api.versions import VERSION_FIELD

Stage = Literal["identified", "not_now", "later", "next", "now", "validated", "invalidated"]
SolutionStatus = Literal["idea", "testing", "building", "shipped", "dropped"]
Category = Literal["desirability", "viability", "feasibility", "usability", "ethical"]
MetricKind = Literal["rate", "mean"]
Direction = Literal["higher", "lower"]
Scale = Literal["absolute", "relative"]
Criterion = Literal[
    "interval_excludes_zero", "estimate_reaches_minimum", "lower_bound_reaches_minimum"
]
ExperimentKind = Literal[
    "ab_test", "fake_door", "concierge", "prototype", "interviews", "data_analysis"
]
ResultKind = Literal["counts", "means", "before_after", "judgement"]
Judgement = Literal["", "validated", "invalidated", "inconclusive"]
# Importance and evidence run from 1 to 5.
OneToFive = Annotated[int, Field(ge=1, le=5)]


def _no_bool(value: Any) -> Any:
    """``true`` is no count (pydantic would read it as 1)."""
    if isinstance(value, bool):
        raise ValueError("Enter a whole number.")
    return value


# A count as entered: negative ones reach the statistics engine, which says why it refuses.
Whole = Annotated[int, Field(ge=-(2**63), le=2**63 - 1), BeforeValidator(_no_bool)]

# --- outcomes -------------------------------------------------------------------------


class OutcomeIn(In):
    title: Line(200) = Field("", description="Empty: the key result's (or metric's) name.")
    description: Text = ""
    key_result_id: Id | None = None
    metric_id: Id | None = None


class OutcomePatch(In):
    title: Name(200) = unchanged()
    description: Text = unchanged()
    key_result_id: Id | None = None
    metric_id: Id | None = None
    note: Text = ""
    version: int | None = VERSION_FIELD


class OutcomeOut(Schema):
    id: int
    product_id: int
    title: str
    description: str
    key_result_id: int | None
    metric_id: int | None
    version: int


# --- opportunities and solutions -------------------------------------------------------


class EvidenceOut(Schema):
    direct: int = Field(description="Quotes heard directly (research), each counted once.")
    second_hand: int
    segments: int = Field(description="Distinct segments of the direct quotes.")
    segment_names: list[str] = Field(description="Segments of all cited quotes.")
    organisations: int
    withdrawn: int = Field(description="Quotes whose words were withdrawn; still counted.")
    validated: bool
    only_second_hand: bool


class EvidenceLinkIn(In):
    insight_id: Id | None = None
    quote_id: Id | None = None


class EvidenceLinkOut(Schema):
    id: int
    opportunity_id: int
    insight_id: int | None
    insight_title: str
    quote_id: int | None
    quote_text: str = Field(description="Empty when withdrawn or not readable by the caller.")
    withdrawn: bool
    hidden: bool
    second_hand: bool | None
    review: Literal["accepted", "proposed", "declined"]


class OpportunityIn(In):
    title: Name(200)
    description: Text = ""
    outcome_id: Id | None = None
    parent_id: Id | None = None
    stage: Stage = Field("identified", description="Ignored for a contributor's proposal.")
    insight_id: Id | None = Field(
        None, description="A research insight it grows out of and cites (editors)."
    )


class OpportunityPatch(In):
    title: Name(200) = unchanged()
    description: Text = unchanged()
    outcome_id: Id | None = None
    parent_id: Id | None = None
    stage: Stage = unchanged()
    note: Text = ""
    version: int | None = VERSION_FIELD


class ProposalDecisionIn(In):
    accept: bool
    note: Text = ""


class OpportunityOut(Schema):
    id: int
    product_id: int
    outcome_id: int | None
    parent_id: int | None
    title: str
    description: str
    stage: str
    review: str
    evidence: EvidenceOut
    version: int


class SolutionIn(In):
    title: Name(200)
    description: Text = ""
    status: SolutionStatus = "idea"


class SolutionPatch(In):
    title: Name(200) = unchanged()
    description: Text = unchanged()
    opportunity_id: Id = unchanged()
    status: SolutionStatus = unchanged()
    note: Text = ""
    version: int | None = VERSION_FIELD


class SolutionOut(Schema):
    id: int
    product_id: int
    opportunity_id: int
    title: str
    description: str
    status: str
    version: int


class TreeNodeOut(Schema):
    kind: str
    id: int
    title: str
    state: str = Field(description="An opportunity's stage, a solution's or hypothesis' status.")
    verdict: str | None = None
    children: list[TreeNodeOut] = []


class TreeOut(Schema):
    outcome: OutcomeOut
    opportunities: int
    solutions: int
    hypotheses: int
    nodes: list[TreeNodeOut]


# --- hypotheses --------------------------------------------------------------------------


class HypothesisIn(In):
    statement: Text = Field(..., min_length=1)
    change: Line(300) = ""
    audience: Line(200) = ""
    solution_id: Id | None = None
    key_result_id: Id | None = None
    metric_id: Id | None = None
    metric_kind: MetricKind = "rate"
    baseline: Number | None = Field(None, description="A rate in percent (10 = 10%).")
    target: Number | None = None
    target_date: Day | None = None
    category: Category = "desirability"
    importance: OneToFive = 3
    evidence: OneToFive = 1
    direction: Direction = "higher"
    minimum_effect: Number | None = Field(
        None,
        description="In points or units, or in percent of the baseline when effect_scale is "
        "relative. Empty: the distance from baseline to target.",
    )
    effect_scale: Scale = "absolute"
    alpha: Number = 0.05
    power: Number = 0.8
    criterion: Criterion = "interval_excludes_zero"
    rule_text: Text = ""
    sd: Number | None = None
    weekly_traffic: Number | None = None


class HypothesisPatch(In):
    """Only the fields sent change. The decision rule's fields refuse a change (422) once an
    experiment testing the hypothesis has started."""

    statement: Text = unchanged(min_length=1)
    change: Line(300) = unchanged()
    audience: Line(200) = unchanged()
    solution_id: Id | None = None
    key_result_id: Id | None = None
    metric_id: Id | None = None
    metric_kind: MetricKind = unchanged()
    baseline: Number | None = None
    target: Number | None = None
    target_date: Day | None = None
    category: Category = unchanged()
    importance: OneToFive = unchanged()
    evidence: OneToFive = unchanged()
    direction: Direction = unchanged()
    minimum_effect: Number | None = None
    effect_scale: Scale = unchanged()
    alpha: Number = unchanged()
    power: Number = unchanged()
    criterion: Criterion = unchanged()
    rule_text: Text = unchanged()
    sd: Number | None = None
    weekly_traffic: Number | None = None
    note: Text = ""
    version: int | None = VERSION_FIELD


class VerdictBrief(Schema):
    experiment_id: int
    outcome: str
    reason: str
    decided_at: dt.datetime


class HypothesisOut(Schema):
    id: int
    product_id: int
    solution_id: int | None
    statement: str
    change: str
    audience: str
    key_result_id: int | None
    metric_id: int | None
    metric_kind: str
    baseline: float | None
    target: float | None
    target_date: dt.date | None
    category: str
    importance: int
    evidence: int
    direction: str
    minimum_effect: float | None
    effect_scale: str
    alpha: float
    power: float
    criterion: str
    rule_text: str
    sd: float | None
    weekly_traffic: float | None
    planned_n_per_arm: int | None
    status: str
    rule_fixed_at: dt.datetime | None
    latest_verdict: VerdictBrief | None
    version: int


class SampleSizeIn(In):
    metric_kind: MetricKind = "rate"
    baseline: Number | None = Field(None, description="A rate in percent, or the current average.")
    target: Number | None = None
    minimum_effect: Number | None = None
    effect_scale: Scale = "absolute"
    direction: Direction | None = Field(None, description="Empty: from baseline and target.")
    sd: Number | None = None
    alpha: Number = 0.05
    power: Number = 0.8
    weekly_traffic: Number | None = None


class SampleSizeOut(Schema):
    kind: str
    method: str
    n_per_arm: int
    total: int
    alpha: float
    power: float
    achieved_power: float
    weeks: int | None
    weeks_exact: float | None
    notes: list[str]


# --- experiments -----------------------------------------------------------------------


class ExperimentIn(In):
    title: Name(200)
    kind: ExperimentKind = "ab_test"
    hypothesis_ids: list[Id] = Field(..., min_length=1, max_length=1000)
    starts_on: Day | None = None
    ends_on: Day | None = None
    description: Text = ""
    result_kind: ResultKind | None = Field(None, description="Empty: the kind's usual way.")
    share_b: Number = 50


class ExperimentPatch(In):
    title: Name(200) = unchanged()
    kind: ExperimentKind = unchanged()
    hypothesis_ids: list[Id] = unchanged(min_length=1, max_length=1000)
    starts_on: Day | None = None
    ends_on: Day | None = None
    description: Text = unchanged()
    note: Text = ""
    version: int | None = VERSION_FIELD


class ResultsIn(In):
    """The results; fields left out keep their value, ``null`` clears one. Counts are whole
    numbers; nothing is clipped."""

    result_kind: ResultKind = unchanged()
    share_b: Number = unchanged()
    conversions_a: Whole | None = None
    visitors_a: Whole | None = None
    conversions_b: Whole | None = None
    visitors_b: Whole | None = None
    mean_a: Number | None = None
    sd_a: Number | None = None
    n_a: Whole | None = None
    mean_b: Number | None = None
    sd_b: Number | None = None
    n_b: Whole | None = None
    result_metric_id: Id | None = None
    before_from: Day | None = None
    change_on: Day | None = None
    after_to: Day | None = None
    judgement: Judgement = unchanged()
    note: Text = ""
    version: int | None = VERSION_FIELD


class ExperimentCloseIn(In):
    believed: Text = Field(..., min_length=1)
    observed: Text = Field(..., min_length=1)
    learned: Text = Field(..., min_length=1)
    next_step: Text = Field(..., min_length=1)


class ExperimentOut(Schema):
    id: int
    product_id: int
    hypothesis_ids: list[int]
    title: str
    kind: str
    status: str
    starts_on: dt.date | None
    ends_on: dt.date | None
    description: str
    result_kind: str
    share_b: float
    conversions_a: int | None
    visitors_a: int | None
    conversions_b: int | None
    visitors_b: int | None
    mean_a: float | None
    sd_a: float | None
    n_a: int | None
    mean_b: float | None
    sd_b: float | None
    n_b: int | None
    result_metric_id: int | None
    before_from: dt.date | None
    change_on: dt.date | None
    after_to: dt.date | None
    judgement: str
    believed: str
    observed: str
    learned: str
    next_step: str
    closed_at: dt.datetime | None
    version: int


class MessageOut(Schema):
    code: str
    part: str
    text: str


class VerdictOut(Schema):
    hypothesis_id: int
    experiment_id: int
    stored: bool = Field(description="True once the experiment is closed; else a preview.")
    outcome: str | None
    reason: str | None
    problem: str | None = Field(None, description="Why no verdict can be given yet.")
    messages: list[MessageOut]
    data: dict[str, Any] | None = Field(None, description="Every number behind the verdict.")


# --- scores ----------------------------------------------------------------------------


class ScoreIn(In):
    """The inputs of the product's method; fields left out keep their value. ``confidence``
    overrides what the evidence gives (in %) and needs ``confidence_reason``; ``null`` goes
    back to the evidence."""

    reach: Number | None = None
    impact: Number | None = None
    confidence: Number | None = None
    confidence_reason: Line(300) = ""
    effort: Number | None = None
    ease: Number | None = None
    business_value: Number | None = None
    time_criticality: Number | None = None
    risk_reduction: Number | None = None
    job_size: Number | None = None
    value: Number | None = None
    note: Text = ""


class RankedOut(Schema):
    kind: str
    id: int
    title: str
    method: str
    score: float | None
    formula: str
    missing: list[str]
    confidence: float
    confidence_from_evidence: float
    confidence_basis: str
    confidence_overridden: bool
