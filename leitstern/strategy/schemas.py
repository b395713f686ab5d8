"""Input and output schemas of the strategy API."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from leitstern.api.versions import VERSION_FIELD


class MetricFields(Schema):
    description: str = ""
    unit: str = Field("", max_length=32)
    direction: str = Field("higher", description="higher, lower or range")
    range_low: float | None = None
    range_high: float | None = None
    role: str = Field("other", description="north_star, input or other")
    input_kind: str = Field("", description="breadth, depth, frequency or efficiency")
    value_statement: str = ""
    ns_expresses_value: bool = False
    ns_reflects_strategy: bool = False
    ns_leading: bool = False
    ns_actionable: bool = False
    ns_understandable: bool = False
    ns_measurable: bool = False
    ns_not_vanity: bool = False


class MetricIn(MetricFields):
    name: str = Field(..., min_length=1, max_length=160)


class MetricPatch(Schema):
    name: str | None = Field(None, min_length=1, max_length=160)
    description: str | None = None
    unit: str | None = None
    direction: str | None = None
    range_low: float | None = None
    range_high: float | None = None
    role: str | None = None
    input_kind: str | None = None
    value_statement: str | None = None
    note: str = ""
    version: int | None = VERSION_FIELD


class MetricOut(MetricFields):
    id: int
    product_id: int
    name: str
    version: int
    latest_value: float | None = None
    latest_day: dt.date | None = None


class ValueIn(Schema):
    date: dt.date
    value: float
    note: str = Field("", max_length=300)


class ValuesIn(Schema):
    values: list[ValueIn] = Field(..., min_length=1, max_length=20_000)


class ValueOut(Schema):
    date: dt.date = Field(..., alias="day")
    value: float
    note: str
    source: str


class ValuesResult(Schema):
    stored: int


class CycleIn(Schema):
    name: str = Field("", max_length=60, description="Empty: named after the quarter.")
    starts_on: dt.date | None = Field(None, description="Empty with ends_on: this quarter.")
    ends_on: dt.date | None = None


class CycleOut(Schema):
    id: int
    name: str
    starts_on: dt.date
    ends_on: dt.date
    closed_at: dt.datetime | None
    version: int


class CloseIn(Schema):
    learnings: dict[int, str] = Field(default_factory=dict, description="objective id → text")
    postmortems: dict[int, str] = Field(default_factory=dict, description="objective id → text")
    carry_forward: list[int] = Field(default_factory=list, description="objective ids")


class ObjectiveIn(Schema):
    title: str = Field(..., min_length=1, max_length=200)
    description: str = ""
    kind: str = Field("committed", description="committed or aspirational")
    owner_id: int | None = Field(None, description="Empty: the token's owner.")
    product_id: int | None = Field(None, description="A product objective; not with team_id.")
    team_id: int | None = Field(None, description="A team objective; not with product_id.")
    parent_id: int | None = None


class ObjectivePatch(Schema):
    title: str | None = Field(None, min_length=1, max_length=200)
    description: str | None = None
    kind: str | None = None
    owner_id: int | None = None
    product_id: int | None = Field(None, description="null: no product (workspace or team).")
    team_id: int | None = Field(None, description="null: no team (workspace or product).")
    learnings: str | None = None
    postmortem: str | None = None
    note: str = ""
    version: int | None = VERSION_FIELD


class KeyResultIn(Schema):
    title: str = Field(..., min_length=1, max_length=240)
    metric_id: int | None = None
    baseline: float | None = None
    target: float
    current: float | None = None
    unit: str = Field("", max_length=32)
    direction: str = Field("higher", description="higher or lower")
    owner_id: int | None = None


class KeyResultPatch(Schema):
    title: str | None = Field(None, min_length=1, max_length=240)
    baseline: float | None = None
    target: float | None = None
    current: float | None = None
    unit: str | None = None
    note: str = ""
    version: int | None = VERSION_FIELD


class KeyResultOut(Schema):
    id: int
    objective_id: int
    title: str
    metric_id: int | None
    baseline: float | None
    target: float
    current_value: float | None
    unit: str
    direction: str
    score: float = Field(..., description="0.0–1.0 from progress between baseline and target")
    score_method: str
    band: str
    confidence: int | None
    at_risk: list[str]
    version: int


class ObjectiveOut(Schema):
    id: int
    cycle_id: int
    product_id: int | None
    team_id: int | None
    parent_id: int | None
    title: str
    description: str
    kind: str
    owner_id: int
    score: float | None = Field(None, description="Mean of the key result scores")
    expected_score: float
    band: str
    learnings: str
    postmortem: str
    key_results: list[KeyResultOut]
    version: int


class CheckInIn(Schema):
    confidence: int = Field(..., ge=0, le=10)
    value: float | None = Field(None, description="Empty: the current value as it stands.")
    comment: str = Field("", max_length=500)
    week: dt.date | None = Field(None, description="Any day of the week; empty: this week.")


class CheckInOut(Schema):
    id: int
    week: dt.date
    value: float | None
    confidence: int
    comment: str
    author_id: int | None
