"""The business-case API: cases, their lines with estimates (points, calibrated 90% ranges,
three-point estimates), phases, actuals, and the simulation's result (percentiles,
sensitivity, EVPI). Every write goes through the same services and access lookups as the
pages; everyone in the workspace reads, editors change. Case edits take If-Match (or
``version``) and answer 409 when someone else changed a field sent meanwhile; line and
phase edits take the case's ``revision`` and are refused (422) when the assumptions changed
since."""

from __future__ import annotations

from typing import Any, Literal

from django.http import HttpResponse
from ninja import Field, Router, Schema, Status
from ninja.errors import HttpError
from pydantic import model_validator

from leitstern.api.operations import operation
from leitstern.api.types import Count, Id, In, Line, Name, Number, Slug, Text, sent, unchanged
from leitstern.api.versions import (
    IF_MATCH,
    VERSION_FIELD,
    conflict_answer,
    conflict_schema,
    expected_version,
    tag,
)
from leitstern.cases import actuals, selectors, services
from leitstern.cases.access import get_case_for, get_line_for, get_phase_for
from leitstern.cases.api_compare import router as compare_router
from leitstern.cases.api_uncertainty import CorrelationOut, EventOut
from leitstern.cases.api_uncertainty import router as uncertainty_router
from leitstern.cases.api_verdicts import router as verdicts_router
from leitstern.cases.models import MAX_HORIZON, MAX_TRIALS, MIN_TRIALS, BusinessCase
from leitstern.core.http import WorkspaceRequest
from leitstern.core.versioning import EditConflict
from leitstern.discovery.access import get_hypothesis_for, get_opportunity_for
from leitstern.roadmap.access import get_item_for
from leitstern.workspaces.models import Need

router = Router(tags=["cases"])
router.add_router("", uncertainty_router)
router.add_router("", compare_router)
router.add_router("", verdicts_router)
W = "/workspaces/{slug}"

CategoryName = Literal[
    "people",
    "infrastructure",
    "inference",
    "data",
    "evaluation",
    "support",
    "other",
    "revenue",
    "savings",
    "risk",
]
DriverName = Literal["staff", "amount", "usage", "revenue", "savings", "risk"]
KindName = Literal["cost", "benefit"]
TemplateName = Literal["ai-initiative", "blank"]


class EstimateIn(In):
    """One of: ``{"point": 12}``; a calibrated 90% range ``{"lower": 8, "upper": 20}``; a
    three-point estimate ``{"low": 8, "likely": 12, "high": 20}``."""

    point: Number | None = None
    lower: Number | None = None
    upper: Number | None = None
    low: Number | None = None
    likely: Number | None = None
    high: Number | None = None

    @model_validator(mode="after")
    def _one_shape(self) -> EstimateIn:
        given = {
            k
            for k in ("point", "lower", "upper", "low", "likely", "high")
            if getattr(self, k) is not None
        }
        if given not in ({"point"}, {"lower", "upper"}, {"low", "likely", "high"}):
            raise ValueError("give point, or lower and upper, or low, likely and high")
        if given == {"lower", "upper"} and self.upper < self.lower:  # type: ignore[operator]  # both given
            raise ValueError("upper_below_lower: the upper bound is below the lower bound")
        if given == {"low", "likely", "high"} and not (
            self.low <= self.likely <= self.high  # type: ignore[operator]  # all three given
        ):
            raise ValueError("three_point_order: give low <= likely <= high")
        return self

    def kept(self) -> dict[str, float]:
        return {k: v for k, v in self.model_dump().items() if v is not None}


class StepUpIn(In):
    phase: Name(40)
    factor: EstimateIn


class CaseOut(Schema):
    id: int
    name: str
    question: str
    horizon_months: int
    discount_rate: float
    currency: str
    trials: int
    seed: int
    template: str
    roadmap_item_id: int | None
    opportunity_id: int | None
    hypothesis_id: int | None
    revision: int
    result_current: bool
    version: int

    @staticmethod
    def resolve_result_current(obj: BusinessCase) -> bool:
        return obj.result_is_current


class CaseIn(In):
    name: Name(120)
    template: TemplateName = "blank"
    question: Text = ""
    horizon_months: int | None = Field(None, ge=1, le=MAX_HORIZON)
    discount_rate: float | None = Field(None, ge=-0.5, le=1.0)
    currency: Line(3) = ""
    trials: int | None = Field(None, ge=MIN_TRIALS, le=MAX_TRIALS)
    seed: Count | None = None
    roadmap_item_id: Id | None = None
    opportunity_id: Id | None = None
    hypothesis_id: Id | None = None


class CasePatch(In):
    name: Name(120) = unchanged()
    question: Text = unchanged()
    horizon_months: int = unchanged(ge=1, le=MAX_HORIZON)
    discount_rate: float = unchanged(ge=-0.5, le=1.0)
    currency: Line(3) = unchanged()
    trials: int = unchanged(ge=MIN_TRIALS, le=MAX_TRIALS)
    seed: Count = unchanged()
    why: Line() = ""
    version: int | None = VERSION_FIELD


class PhaseOut(Schema):
    id: int
    key: str
    name: str
    start_month: int
    end_month: int
    probability: float
    if_missed: str


class PhasePatch(In):
    name: Name(120) = unchanged()
    start_month: int = unchanged(ge=1, le=MAX_HORIZON)
    end_month: int = unchanged(ge=1, le=MAX_HORIZON)
    probability: float = unchanged(ge=0, le=1)
    if_missed: Literal["stop", "skip"] = unchanged()
    why: Line() = ""
    revision: int | None = Field(None, ge=0, le=2**31)


class LineOut(Schema):
    id: int
    key: str
    kind: str
    name: str
    category: str
    driver: str
    values: dict[str, Any]
    phase: str
    until: str
    start_month: int | None
    end_month: int | None
    recurring: bool
    event: str
    step_ups: list[dict[str, Any]]
    lag_months: dict[str, Any] | None
    ramp_months: dict[str, Any] | None
    note: str


class LineIn(In):
    kind: KindName
    driver: DriverName
    name: Name(120)
    category: CategoryName = "other"
    values: dict[
        Literal[
            "fte",
            "monthly_cost",
            "amount",
            "volume",
            "unit_price",
            "growth",
            "users",
            "conversion",
            "price",
            "hours",
            "rate",
            "adoption",
            "probability",
            "impact",
        ],
        EstimateIn,
    ] = Field(..., max_length=3)
    phase: Line(40) = ""
    until: Line(40) = ""
    start_month: int | None = Field(None, ge=1, le=MAX_HORIZON)
    end_month: int | None = Field(None, ge=1, le=MAX_HORIZON)
    recurring: bool = True
    event: Line(40) = ""
    step_ups: list[StepUpIn] = Field(default_factory=list, max_length=10)
    lag_months: EstimateIn | None = None
    ramp_months: EstimateIn | None = None
    note: Text = ""
    why: Line() = ""
    revision: int | None = Field(None, ge=0, le=2**31)


class LinePatch(In):
    name: Name(120) = unchanged()
    category: CategoryName = unchanged()
    values: dict[
        Literal[
            "fte",
            "monthly_cost",
            "amount",
            "volume",
            "unit_price",
            "growth",
            "users",
            "conversion",
            "price",
            "hours",
            "rate",
            "adoption",
            "probability",
            "impact",
        ],
        EstimateIn,
    ] = unchanged(max_length=3)
    phase: Line(40) = unchanged()
    until: Line(40) = unchanged()
    start_month: int | None = unchanged(ge=1, le=MAX_HORIZON)
    end_month: int | None = unchanged(ge=1, le=MAX_HORIZON)
    recurring: bool = unchanged()
    event: Line(40) = unchanged()
    step_ups: list[StepUpIn] = unchanged(max_length=10)
    lag_months: EstimateIn = unchanged()
    ramp_months: EstimateIn = unchanged()
    note: Text = unchanged()
    why: Line() = ""
    revision: int | None = Field(None, ge=0, le=2**31)


class ActualOut(Schema):
    id: int
    month: int
    cost: float
    benefit: float
    cost_by_category: dict[str, float]
    note: str


CostCategoryName = Literal[
    "people", "infrastructure", "inference", "data", "evaluation", "support", "other"
]


class ActualIn(In):
    month: int = Field(..., ge=1, le=MAX_HORIZON)
    cost: float | None = Field(
        None, ge=0, le=1e12, description="Left out: the sum of cost_by_category."
    )
    benefit: float = Field(0, ge=0, le=1e12)
    cost_by_category: dict[CostCategoryName, float] = Field(
        default_factory=dict,
        max_length=7,
        description="The cost split by cost category; adds up to cost when both are given.",
    )
    note: Line() = ""

    @model_validator(mode="after")
    def _a_cost(self) -> ActualIn:
        if self.cost is None and not self.cost_by_category:
            raise ValueError("give cost or cost_by_category")
        if any(not 0 <= v <= 1e12 for v in self.cost_by_category.values()):
            raise ValueError("costs by category lie between 0 and 10^12")
        return self


class CaseDetailOut(CaseOut):
    phases: list[PhaseOut]
    lines: list[LineOut]
    events: list[EventOut]
    correlations: list[CorrelationOut]
    actuals: list[ActualOut]

    @staticmethod
    def resolve_events(obj: BusinessCase) -> list:
        return list(obj.events.all())

    @staticmethod
    def resolve_correlations(obj: BusinessCase) -> list:
        return list(obj.correlations.all())

    @staticmethod
    def resolve_phases(obj: BusinessCase) -> list:
        return list(obj.phases.all())

    @staticmethod
    def resolve_lines(obj: BusinessCase) -> list:
        return list(obj.lines.all())

    @staticmethod
    def resolve_actuals(obj: BusinessCase) -> list:
        return list(obj.actuals.all())


class InputOut(Schema):
    key: str
    label: str
    npv_low: float
    npv_high: float
    swing: float
    evpi: float
    evpi_se: float


class ResultOut(Schema):
    current: bool = Field(description="False: the assumptions changed after this run.")
    computed_at: str | None
    trials: int
    npv: dict[str, Any]
    roi: dict[str, Any] | None
    probability_of_loss: float
    loss_se: float
    payback: dict[str, Any]
    people_share: float | None
    costs_by_category: dict[str, float]
    deterministic: dict[str, Any]
    evpi: float
    sensitivity: list[InputOut]
    summary: list[str]


# --- cases ---------------------------------------------------------------------------------


@router.get(W + "/cases", response=list[CaseOut])
@operation(need=Need.VIEW)
def case_list(request: WorkspaceRequest, slug: Slug):
    """The workspace's business cases, by name."""
    return list(selectors.cases_of(request.workspace)[:1000])


@router.post(W + "/cases", response={201: CaseDetailOut})
@operation(need=Need.EDIT)
def case_create(request: WorkspaceRequest, slug: Slug, payload: CaseIn):
    """A new case, from the AI-initiative template (phases and the usual cost lines, each
    with its source) or blank."""
    member = request.member
    case = services.case_create(
        actor=request.user,
        workspace=request.workspace,
        name=payload.name,
        template=payload.template,
        question=payload.question,
        horizon_months=payload.horizon_months,
        discount_rate=payload.discount_rate,
        currency=payload.currency,
        trials=payload.trials,
        seed=payload.seed,
        roadmap_item=get_item_for(member, payload.roadmap_item_id)
        if payload.roadmap_item_id
        else None,
        opportunity=get_opportunity_for(member, payload.opportunity_id)
        if payload.opportunity_id
        else None,
        hypothesis=get_hypothesis_for(member, payload.hypothesis_id)
        if payload.hypothesis_id
        else None,
    )
    return Status(201, case)


@router.get(W + "/cases/{case_id}", response=CaseDetailOut)
@operation(need=Need.VIEW)
def case_detail(request: WorkspaceRequest, slug: Slug, case_id: Id, response: HttpResponse):
    case = get_case_for(request.member, case_id)
    tag(response, case.version)
    return case


@router.patch(W + "/cases/{case_id}", response={200: CaseOut, 409: conflict_schema(CaseOut)})
@operation(need=Need.EDIT)
def case_update(
    request: WorkspaceRequest,
    slug: Slug,
    case_id: Id,
    payload: CasePatch,
    response: HttpResponse,
    if_match: str | None = IF_MATCH,
):
    """Change the fields sent, and only those; 409 on a field someone else changed since
    the version named."""
    case = get_case_for(request.member, case_id, need=Need.EDIT)
    version = expected_version(if_match, payload.version)
    try:
        services.case_update(
            actor=request.user,
            case=case,
            version=version,
            why=payload.why,
            **sent(payload, services.CaseChanges),
        )
    except EditConflict as conflict:
        tag(response, conflict.version)
        return conflict_answer(conflict, BusinessCase.objects.get(pk=case.pk))
    tag(response, case.version)
    return case


@router.delete(W + "/cases/{case_id}", response={204: None})
@operation(need=Need.EDIT)
def case_delete(request: WorkspaceRequest, slug: Slug, case_id: Id):
    services.case_delete(
        actor=request.user, case=get_case_for(request.member, case_id, need=Need.EDIT)
    )
    return Status(204, None)


# --- lines and phases ----------------------------------------------------------------------


def _line_data(payload: LineIn | LinePatch, given: set[str]) -> dict[str, Any]:
    data: dict[str, Any] = {}
    for name in (
        "name",
        "category",
        "phase",
        "until",
        "start_month",
        "end_month",
        "recurring",
        "event",
        "note",
    ):
        if name in given:
            data[name] = getattr(payload, name)
    if "values" in given:
        data["values"] = {name: e.kept() for name, e in payload.values.items()}
    if "step_ups" in given:
        data["step_ups"] = [{"phase": s.phase, "factor": s.factor.kept()} for s in payload.step_ups]
    for name in ("lag_months", "ramp_months"):
        if name in given:
            value = getattr(payload, name)
            data[name] = value.kept() if value is not None else None
    return data


@router.post(W + "/cases/{case_id}/lines", response={201: LineOut})
@operation(need=Need.EDIT)
def line_create(request: WorkspaceRequest, slug: Slug, case_id: Id, payload: LineIn):
    """Add a cost or a benefit. The engine checks the case with it first; every problem is
    named by its field."""
    case = get_case_for(request.member, case_id, need=Need.EDIT)
    given = set(LineIn.model_fields) - {"kind", "driver", "why", "revision"}
    line = services.line_create(
        actor=request.user,
        case=case,
        kind=payload.kind,
        driver=payload.driver,
        why=payload.why,
        revision=payload.revision,
        **_line_data(payload, given),
    )
    return Status(201, line)


@router.patch(W + "/case-lines/{line_id}", response=LineOut)
@operation(need=Need.EDIT)
def line_update(request: WorkspaceRequest, slug: Slug, line_id: Id, payload: LinePatch):
    line = get_line_for(request.member, line_id, need=Need.EDIT)
    data = _line_data(payload, payload.model_fields_set - {"why", "revision"})
    return services.line_update(
        actor=request.user, line=line, why=payload.why, revision=payload.revision, **data
    )


@router.delete(W + "/case-lines/{line_id}", response={204: None})
@operation(need=Need.EDIT)
def line_delete(request: WorkspaceRequest, slug: Slug, line_id: Id):
    services.line_delete(
        actor=request.user, line=get_line_for(request.member, line_id, need=Need.EDIT)
    )
    return Status(204, None)


@router.patch(W + "/case-phases/{phase_id}", response=PhaseOut)
@operation(need=Need.EDIT)
def phase_update(request: WorkspaceRequest, slug: Slug, phase_id: Id, payload: PhasePatch):
    phase = get_phase_for(request.member, phase_id, need=Need.EDIT)
    data = {
        name: getattr(payload, name)
        for name in payload.model_fields_set
        if name not in ("why", "revision")
    }
    return services.phase_update(
        actor=request.user, phase=phase, why=payload.why, revision=payload.revision, **data
    )


# --- actuals and the simulation ------------------------------------------------------------


@router.post(W + "/cases/{case_id}/actuals", response={200: ActualOut})
@operation(need=Need.EDIT)
def actual_record(request: WorkspaceRequest, slug: Slug, case_id: Id, payload: ActualIn):
    """What one month really cost and brought; recording a month again replaces it."""
    case = get_case_for(request.member, case_id, need=Need.EDIT)
    return actuals.actual_record(
        actor=request.user,
        case=case,
        month=payload.month,
        cost=payload.cost,
        benefit=payload.benefit,
        note=payload.note,
        cost_by_category=dict(payload.cost_by_category),
    )


@router.post(W + "/cases/{case_id}/compute", response={202: CaseOut})
@operation(need=Need.EDIT)
def case_compute(request: WorkspaceRequest, slug: Slug, case_id: Id):
    """Run the simulation in the background; ``result_current`` says when it is done."""
    case = get_case_for(request.member, case_id, need=Need.EDIT)
    services.case_compute(actor=request.user, case=case)
    return Status(202, case)


@router.get(W + "/cases/{case_id}/result", response=ResultOut)
@operation(need=Need.VIEW)
def case_result(request: WorkspaceRequest, slug: Slug, case_id: Id):
    """The last simulation's numbers: NPV and ROI percentiles, the chance of a loss with its
    Monte Carlo error, payback, the people share of the cost, the spreadsheet answer, and
    per input the tornado swing and the EVPI. 404 until the case has been simulated."""
    case = get_case_for(request.member, case_id)
    result = case.result
    if not result:
        raise HttpError(404, "The case has not been simulated yet.")
    det = dict(result["deterministic"])
    det.pop("lines", None)
    return {
        "current": case.result_is_current,
        "computed_at": case.computed_at.isoformat() if case.computed_at else None,
        "trials": result["trials"],
        "npv": result["npv"],
        "roi": result["roi"],
        "probability_of_loss": result["probability_of_loss"],
        "loss_se": result["loss_se"],
        "payback": {k: v for k, v in result["payback"].items() if k != "by_month"},
        "people_share": result["costs"].get("people_share"),
        "costs_by_category": result["costs"]["by_category"],
        "deterministic": det,
        "evpi": result["evpi"],
        "sensitivity": [row.__dict__ for row in selectors.inputs(case, result)],
        "summary": selectors.summary(case, result),
    }
