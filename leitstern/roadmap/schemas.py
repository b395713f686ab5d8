"""The roadmap API's schemas: what each operation reads and answers. Inputs derive from
``api.types.In`` (every value bounded); PATCH inputs change only the fields sent."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from ninja import Field, Schema

from leitstern.api.types import Count, Day, Id, In, Line, Name, Text, unchanged
from leitstern.api.versions import VERSION_FIELD

HorizonName = Literal["now", "next", "later", "parked", "not_doing"]
StatusName = Literal["exploring", "validating", "building", "released", "measuring", "done"]
LevelName = Literal["outcome", "problem", "solution"]
SizeName = Literal["", "xs", "s", "m", "l", "xl"]
VisibilityName = Literal["internal", "public"]
HardDateKindName = Literal["", "regulatory", "event", "contract", "other"]
PresetName = Literal["management", "development", "sales", "customers", "custom"]
FieldName = Literal[
    "outcome", "level", "status", "confidence", "window", "hard_date", "owner", "team", "size",
    "tags", "key_results", "notes", "reason",
]  # fmt: skip
PauseKindName = Literal["consolidation", "feature_pause"]
Percent = Annotated[int, Field(ge=0, le=100)]
SizeItems = Annotated[int, Field(ge=1, le=100_000)]
Ids = Annotated[list[Id], Field(max_length=200)]


# --- roadmaps and items ------------------------------------------------------------------


class RoadmapOut(Schema):
    id: int
    product_id: int | None
    name: str
    wip_limit: int | None
    version: int


class RoadmapItemOut(Schema):
    id: int
    roadmap_id: int
    title: str
    outcome: str
    description: str
    level: str
    horizon: str
    status: str
    confidence: int | None
    size: str
    size_items: int | None
    owner_id: int | None
    team_id: int | None
    visibility: str
    tags: str
    window_start: dt.date | None
    window_end: dt.date | None
    hard_date: dt.date | None
    hard_date_kind: str
    hard_date_note: str
    reason: str
    revisit_on: dt.date | None
    position: float
    removed: bool
    version: int

    @staticmethod
    def resolve_removed(obj) -> bool:
        return obj.removed_at is not None


class RoadmapItemDetailOut(RoadmapItemOut):
    key_result_ids: list[int]
    objective_ids: list[int]


class RoadmapItemIn(In):
    title: Name(200)
    outcome: Text = ""
    horizon: HorizonName = "next"
    why: Text = ""
    limit_reason: Text = ""
    revisit_on: Day | None = None


class RoadmapItemPatch(In):
    """Only the fields sent change. ``owner_id``, ``team_id``, ``confidence``,
    ``size_items``, the window and the hard date may be null (to clear them)."""

    title: Name(200) = unchanged()
    outcome: Text = unchanged()
    description: Text = unchanged()
    level: LevelName = unchanged()
    status: StatusName = unchanged()
    confidence: Percent | None = Field(None, description="null: the horizon's default.")
    size: SizeName = unchanged()
    size_items: SizeItems | None = Field(None, description="null: no size in work items.")
    owner_id: Id | None = Field(None, description="null: no owner.")
    team_id: Id | None = Field(None, description="null: no team.")
    visibility: VisibilityName = unchanged()
    tags: Line(300) = unchanged()
    window_start: Day | None = Field(None, description="First day of the first month.")
    window_end: Day | None = Field(None, description="Last day of the last month.")
    hard_date: Day | None = Field(None, description="Only a real one; never in the past.")
    hard_date_kind: HardDateKindName = unchanged()
    hard_date_note: Line(200) = unchanged()
    key_result_ids: Ids = unchanged()
    objective_ids: Ids = unchanged()
    why: Text = Field("", description="Why it changed (optional for edits).")
    pause_reason: Text = Field(
        "", description="Needed when the new schedule falls into a consolidation period."
    )
    version: int | None = VERSION_FIELD


class RoadmapMoveIn(In):
    horizon: HorizonName
    why: Text = ""
    limit_reason: Text = ""
    revisit_on: Day | None = None
    before_id: Id | None = Field(None, description="Place it right before this item.")
    at_top: bool = False


class WhyIn(In):
    why: Text = ""


class RoadmapCommentIn(In):
    text: Text


# --- the living document -------------------------------------------------------------------


class RoadmapChangeOut(Schema):
    id: int
    item_id: int | None
    at: dt.datetime
    actor_id: int | None
    kind: str
    why: str
    changes: dict[str, list[str]]
    title: str
    horizon: str
    status: str
    confidence: int | None


class ItemStateOut(Schema):
    title: str
    outcome: str
    horizon: str
    status: str
    confidence: int | None
    level: str
    visibility: str
    window_start: dt.date | None
    window_end: dt.date | None
    hard_date: dt.date | None


class ComparedItemOut(Schema):
    item_id: int
    categories: list[str]
    before: ItemStateOut | None
    after: ItemStateOut | None
    why: str
    who: str


class MomentOut(Schema):
    change_id: int
    at: dt.datetime | None
    snapshot_id: int | None


class ComparisonOut(Schema):
    before: MomentOut
    after: MomentOut
    counts: dict[str, int]
    items: list[ComparedItemOut]


class RoadmapSnapshotOut(Schema):
    id: int
    name: str
    note: str
    taken_at: dt.datetime


class RoadmapSnapshotIn(In):
    name: Name(120)
    note: Text = ""


# --- decisions and pauses ------------------------------------------------------------------


class RoadmapDecisionOut(Schema):
    id: int
    title: str
    context: str
    options: str
    decided_by_id: int | None
    decided_on: dt.date
    revisit_on: dt.date | None
    item_ids: list[int]
    version: int


class RoadmapDecisionIn(In):
    title: Name(200)
    context: Text = ""
    options: Text = Field("", description="One option per line.")
    decided_by_id: Id | None = Field(None, description="Empty: whoever logs it.")
    decided_on: Day | None = Field(None, description="Empty: today.")
    revisit_on: Day | None = None
    item_ids: Ids = []


class RoadmapDecisionPatch(In):
    title: Name(200) = unchanged()
    context: Text = unchanged()
    options: Text = unchanged()
    decided_by_id: Id | None = Field(None, description="null: nobody named.")
    decided_on: Day = unchanged()
    revisit_on: Day | None = Field(None, description="null: no revisit date.")
    item_ids: Ids = unchanged()
    note: Text = ""
    version: int | None = VERSION_FIELD


class RoadmapPauseOut(Schema):
    id: int
    roadmap_id: int
    title: str
    kind: str
    starts_on: dt.date
    ends_on: dt.date
    purpose: str
    version: int


class RoadmapPauseIn(In):
    title: Name(120)
    kind: PauseKindName = "consolidation"
    starts_on: Day
    ends_on: Day
    purpose: Text = ""


class RoadmapPausePatch(In):
    title: Name(120) = unchanged()
    kind: PauseKindName = unchanged()
    starts_on: Day = unchanged()
    ends_on: Day = unchanged()
    purpose: Text = unchanged()
    version: int | None = VERSION_FIELD


# --- audiences and share links -------------------------------------------------------------


class AudienceOut(Schema):
    id: int
    name: str
    preset: str
    description: str
    item_fields: list[str]
    horizons: list[str]
    levels: list[str]
    include_internal: bool
    roadmap_ids: list[int]
    version: int


class AudienceIn(In):
    """What is left out comes from the preset (customers: outcomes and problems only, no
    owners, no confidence, no internal items)."""

    name: Name(120)
    preset: PresetName = "custom"
    description: Text = ""
    item_fields: Annotated[list[FieldName], Field(max_length=20)] | None = None
    horizons: Annotated[list[HorizonName], Field(max_length=10)] | None = None
    levels: Annotated[list[LevelName], Field(max_length=10)] | None = None
    include_internal: bool | None = None
    roadmap_ids: Ids = Field([], description="Empty: every roadmap of the workspace.")


class AudiencePatch(In):
    name: Name(120) = unchanged()
    description: Text = unchanged()
    item_fields: Annotated[list[FieldName], Field(max_length=20)] = unchanged()
    horizons: Annotated[list[HorizonName], Field(max_length=10)] = unchanged()
    levels: Annotated[list[LevelName], Field(max_length=10)] = unchanged()
    include_internal: bool = unchanged()
    roadmap_ids: Ids = unchanged()
    version: int | None = VERSION_FIELD


class ShareLinkOut(Schema):
    id: int
    audience_id: int
    label: str
    created_at: dt.datetime
    expires_at: dt.datetime | None
    revoked_at: dt.datetime | None
    working: bool

    @staticmethod
    def resolve_working(obj) -> bool:
        return obj.is_active


class ShareLinkCreatedOut(ShareLinkOut):
    url: str = Field(..., description="The link's address; shown this once, never again.")


class ShareLinkIn(In):
    label: Line(120) = ""
    days: Annotated[Count, Field(ge=1, le=365)] = Field(90, description="Valid for 1–365 days.")
