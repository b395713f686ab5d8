"""Input and output schemas of the strategy API."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from leitstern.api.types import Day, Id, In, Line, Name, Number, Text, unchanged
from leitstern.api.versions import VERSION_FIELD
from leitstern.core import limits


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


class MetricIn(In):
    name: Name(160)
    description: Text = ""
    unit: Line(32) = ""
    direction: Line(8) = Field("higher", description="higher, lower or range")
    range_low: Number | None = None
    range_high: Number | None = None
    role: Line(12) = Field("other", description="north_star, input or other")
    input_kind: Line(12) = Field("", description="breadth, depth, frequency or efficiency")
    value_statement: Text = ""
    ns_expresses_value: bool = False
    ns_reflects_strategy: bool = False
    ns_leading: bool = False
    ns_actionable: bool = False
    ns_understandable: bool = False
    ns_measurable: bool = False
    ns_not_vanity: bool = False


class MetricPatch(In):
    """Only the fields sent change; ``range_low`` and ``range_high`` may be null (no range),
    no other field may."""

    name: Name(160) = unchanged()
    description: Text = unchanged()
    unit: Line(32) = unchanged()
    direction: Line(8) = unchanged()
    range_low: Number | None = None
    range_high: Number | None = None
    role: Line(12) = unchanged()
    input_kind: Line(12) = unchanged()
    value_statement: Text = unchanged()
    note: Text = ""
    version: int | None = VERSION_FIELD


class MetricOut(MetricFields):
    id: int
    product_id: int
    name: str
    version: int
    latest_value: float | None = None
    latest_day: dt.date | None = None


class ValueIn(In):
    date: Day
    value: Number
    note: Line(300) = ""


class ValuesIn(In):
    values: list[ValueIn] = Field(..., min_length=1, max_length=limits.MAX_BULK_VALUES)


class ValueOut(Schema):
    date: dt.date = Field(..., alias="day")
    value: float
    note: str
    source: str


class ValuesResult(Schema):
    stored: int


class CycleIn(In):
    name: Line(60) = Field("", description="Empty: named after the quarter.")
    starts_on: Day | None = Field(None, description="Empty with ends_on: this quarter.")
    ends_on: Day | None = None


class CycleOut(Schema):
    id: int
    name: str
    starts_on: dt.date
    ends_on: dt.date
    closed_at: dt.datetime | None
    version: int


class CloseIn(In):
    learnings: dict[Id, Text] = Field(
        default_factory=dict, max_length=limits.MAX_LIST_ITEMS, description="objective id → text"
    )
    postmortems: dict[Id, Text] = Field(
        default_factory=dict, max_length=limits.MAX_LIST_ITEMS, description="objective id → text"
    )
    carry_forward: list[Id] = Field(
        default_factory=list, max_length=limits.MAX_LIST_ITEMS, description="objective ids"
    )


class ObjectiveIn(In):
    title: Name(200)
    description: Text = ""
    kind: Line(12) = Field("committed", description="committed or aspirational")
    owner_id: Id | None = Field(None, description="Empty: the token's owner.")
    product_id: Id | None = Field(None, description="A product objective; not with team_id.")
    team_id: Id | None = Field(None, description="A team objective; not with product_id.")
    parent_id: Id | None = None


class ObjectivePatch(In):
    """Only the fields sent change; ``product_id`` and ``team_id`` may be null (to clear the
    level), no other field may."""

    title: Name(200) = unchanged()
    description: Text = unchanged()
    kind: Line(12) = unchanged()
    owner_id: Id = unchanged()
    product_id: Id | None = Field(None, description="null: no product (workspace or team).")
    team_id: Id | None = Field(None, description="null: no team (workspace or product).")
    learnings: Text = unchanged()
    postmortem: Text = unchanged()
    note: Text = ""
    version: int | None = VERSION_FIELD


class KeyResultIn(In):
    title: Name(240)
    metric_id: Id | None = None
    baseline: Number | None = None
    target: Number
    current: Number | None = None
    unit: Line(32) = ""
    direction: Line(8) = Field("higher", description="higher or lower")
    owner_id: Id | None = None


class KeyResultPatch(In):
    """Only the fields sent change; ``baseline`` and ``current`` may be null, ``target``,
    ``title`` and ``unit`` may not."""

    title: Name(240) = unchanged()
    baseline: Number | None = None
    target: Number = unchanged()
    current: Number | None = None
    unit: Line(32) = unchanged()
    note: Text = ""
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


class CheckInIn(In):
    confidence: int = Field(..., ge=0, le=10)
    value: Number | None = Field(None, description="Empty: the current value as it stands.")
    comment: Line(500) = ""
    week: Day | None = Field(None, description="Any day of the week; empty: this week.")


class CheckInOut(Schema):
    id: int
    week: dt.date
    value: float | None
    confidence: int
    comment: str
    author_id: int | None
