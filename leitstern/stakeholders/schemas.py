"""Input and output schemas of the stakeholders API."""

from __future__ import annotations

import datetime as dt

from ninja import Field, Schema

from leitstern.api.types import Day, Id, In, Line, Name, Number, Text, unchanged
from leitstern.api.versions import VERSION_FIELD
from leitstern.core.limits import MAX_LIST_ITEMS

ENGAGEMENT = "unaware, resistant, neutral, supportive or leading; empty while unknown"


class StakeholderIn(In):
    name: Name(160)
    title: Line(160) = ""
    department: Line(120) = ""
    organisation: Line(160) = ""
    email: Line(254) = ""
    notes: Text = ""
    member_id: Id | None = Field(None, description="User id of a member of the workspace")
    relationship_owner_id: Id | None = Field(None, description="User id of an editor or owner")
    reports_to_id: Id | None = Field(None, description="The official reporting line")
    product_ids: list[Id] = Field(default_factory=list, max_length=MAX_LIST_ITEMS)
    theme_ids: list[Id] = Field(default_factory=list, max_length=MAX_LIST_ITEMS)
    private: bool = Field(False, description="Visible to the caller alone")


class StakeholderPatch(In):
    """Only the fields sent change; ``member_id``, ``relationship_owner_id`` and
    ``reports_to_id`` may be null (none), no other field may."""

    name: Name(160) = unchanged()
    title: Line(160) = unchanged()
    department: Line(120) = unchanged()
    organisation: Line(160) = unchanged()
    email: Line(254) = unchanged()
    notes: Text = unchanged()
    member_id: Id | None = None
    relationship_owner_id: Id | None = None
    reports_to_id: Id | None = None
    product_ids: list[Id] = unchanged(max_length=MAX_LIST_ITEMS)
    theme_ids: list[Id] = unchanged(max_length=MAX_LIST_ITEMS)
    private: bool = unchanged()
    note: Text = ""
    version: int | None = VERSION_FIELD


class StakeholderOut(Schema):
    id: int
    name: str
    title: str
    department: str
    organisation: str
    email: str
    notes: str
    member_id: int | None
    relationship_owner_id: int | None
    reports_to_id: int | None
    product_ids: list[int]
    theme_ids: list[int]
    private: bool
    power: float | None
    interest: float | None
    quadrant: str | None = Field(
        description="manage_closely, keep_satisfied, keep_informed or monitor; null unplaced"
    )
    salience: dict[str, bool]
    salience_class: str
    engagement: str
    desired_engagement: str
    engagement_gap: int | None
    attitudes: dict[str, str] = Field(description="Theme id → supports, neutral or opposes")
    version: int


class GridIn(In):
    power: Number = Field(description="0 to 10")
    interest: Number = Field(description="0 to 10")
    day: Day | None = Field(None, description="As of (default today; not in the future)")
    note: Line(300) = ""


class SalienceIn(In):
    power: bool
    legitimacy: bool
    urgency: bool
    day: Day | None = None
    note: Line(300) = ""


class EngagementIn(In):
    engagement: Line(12) = Field("", description=ENGAGEMENT)
    desired_engagement: Line(12) = Field("", description=ENGAGEMENT)
    day: Day | None = None
    note: Line(300) = ""


class AttitudeIn(In):
    theme_id: Id
    attitude: Line(10) = Field(description="supports, neutral or opposes")
    day: Day | None = None
    note: Line(300) = ""


class PositionOut(Schema):
    id: int
    stakeholder_id: int
    analysis: str
    day: dt.date
    power: float | None
    interest: float | None
    has_power: bool | None
    has_legitimacy: bool | None
    has_urgency: bool | None
    engagement: str
    desired_engagement: str
    theme_id: int | None
    attitude: str
    note: str
    recorded_by_id: int | None


class InfluenceIn(In):
    influencer_id: Id = Field(description="The one listened to")
    listener_id: Id = Field(description="The one who listens")
    strength: int = Field(2, description="1 (weak), 2 (medium) or 3 (strong)")
    note: Line(300) = ""


class InfluencePatch(In):
    strength: int = unchanged(description="1 (weak), 2 (medium) or 3 (strong)")
    note: Line(300) = unchanged()
    version: int | None = VERSION_FIELD


class InfluenceOut(Schema):
    id: int
    influencer_id: int
    listener_id: int
    strength: int
    note: str
    version: int


class PersonNumbers(Schema):
    id: int
    name: str
    influence: float
    listens: float
    betweenness: float = Field(description="Normalized by (n − 1)(n − 2)")
    reach: float = Field(description="PageRank of the 'listens to' graph; all sum to 1")


class NetworkOut(Schema):
    people: list[PersonNumbers]
    ties: list[InfluenceOut]


class SuggestionOut(Schema):
    stakeholder_id: int
    sentence: str
    route: list[int]
    strengths: list[int]
    score: float


class SuggestionsOut(Schema):
    stakeholder_id: int
    theme_id: int | None
    candidates: list[SuggestionOut]
    opposing: list[SuggestionOut]


class StakeholderConversationIn(In):
    topic: Name(200)
    day: Day | None = Field(None, description="Default today; not in the future")
    outcome: Text = ""
    next_step: Line(300) = ""
    next_step_due: Day | None = None


class StakeholderConversationPatch(In):
    """Only the fields sent change; ``next_step_due`` may be null."""

    topic: Name(200) = unchanged()
    day: Day = unchanged()
    outcome: Text = unchanged()
    next_step: Line(300) = unchanged()
    next_step_due: Day | None = None
    version: int | None = VERSION_FIELD


class StakeholderConversationOut(Schema):
    id: int
    stakeholder_id: int
    day: dt.date
    topic: str
    outcome: str
    next_step: str
    next_step_due: dt.date | None
    recorded_by_id: int | None
    version: int


class PlanIn(In):
    information: Name(300)
    stakeholder_id: Id | None = Field(None, description="One stakeholder, or …")
    group_name: Line(120) = Field("", description="… a named group of member_ids")
    member_ids: list[Id] = Field(default_factory=list, max_length=MAX_LIST_ITEMS)
    frequency: Line(12) = Field("monthly", description="weekly, fortnightly, monthly, quarterly")
    channel: Line(12) = Field(
        "email", description="one_to_one, meeting, email, newsletter, chat, report or demo"
    )
    owner_id: Id | None = Field(None, description="User id of an editor or owner")
    starts_on: Day | None = Field(None, description="First due on (default today)")


class PlanPatch(In):
    """Only the fields sent change; ``stakeholder_id`` and ``owner_id`` may be null."""

    information: Name(300) = unchanged()
    stakeholder_id: Id | None = None
    group_name: Line(120) = unchanged()
    member_ids: list[Id] = unchanged(max_length=MAX_LIST_ITEMS)
    frequency: Line(12) = unchanged()
    channel: Line(12) = unchanged()
    owner_id: Id | None = None
    starts_on: Day = unchanged()
    version: int | None = VERSION_FIELD


class PlanOut(Schema):
    id: int
    stakeholder_id: int | None
    group_name: str
    member_ids: list[int]
    information: str
    frequency: str
    channel: str
    owner_id: int | None
    starts_on: dt.date
    last_sent_on: dt.date | None
    next_due: dt.date
    overdue: bool
    version: int


class SentIn(In):
    day: Day | None = Field(None, description="Default today")


class ThemeIn(In):
    name: Name(120)
    product_id: Id | None = None
    description: Text = ""


class ThemeOut(Schema):
    id: int
    name: str
    product_id: int | None
    description: str
    version: int
