"""The strategy API: metrics and their values (with bulk push), cycles, objectives, key
results and check-ins. Every write goes through the same services as the pages."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from ninja import Router, Status

from leitstern.api.operations import operation
from leitstern.api.types import Id, Limit, Offset, Slug, sent
from leitstern.api.versions import (
    IF_MATCH,
    conflict_answer,
    conflict_schema,
    expected_version,
    tag,
)
from leitstern.core import limits
from leitstern.core.http import WorkspaceRequest
from leitstern.core.versioning import EditConflict
from leitstern.products.access import get_product_for
from leitstern.strategy import selectors, services
from leitstern.strategy.access import (
    get_check_in_for,
    get_cycle_for,
    get_key_result_for,
    get_metric_for,
    get_objective_for,
)
from leitstern.strategy.models import (
    CheckIn,
    Cycle,
    KeyResult,
    Metric,
    Objective,
    ValueSource,
)
from leitstern.strategy.schemas import (
    CheckInIn,
    CheckInOut,
    CloseIn,
    CycleIn,
    CycleOut,
    KeyResultIn,
    KeyResultOut,
    KeyResultPatch,
    MetricIn,
    MetricOut,
    MetricPatch,
    ObjectiveIn,
    ObjectiveOut,
    ObjectivePatch,
    ValueOut,
    ValuesIn,
    ValuesResult,
)
from leitstern.teams.access import get_team_for
from leitstern.teams.models import Team
from leitstern.workspaces.models import Membership, Need

router = Router(tags=["strategy"])
W = "/workspaces/{slug}"


def _kr_out(kr: KeyResult) -> dict:
    info = kr.info
    return {
        "id": kr.pk,
        "objective_id": kr.objective_id,
        "title": kr.title,
        "metric_id": kr.metric_id,
        "baseline": kr.baseline,
        "target": kr.target,
        "current_value": kr.current_value,
        "unit": kr.unit,
        "direction": kr.direction,
        "score": round(info.score, 4),
        "score_method": str(info.detail.method),
        "band": info.band,
        "confidence": info.confidence,
        "at_risk": [str(risk) for risk in info.risks],
        "version": kr.version,
    }


def _objective_out(objective: Objective) -> dict:
    return {
        "id": objective.pk,
        "cycle_id": objective.cycle_id,
        "product_id": objective.product_id,
        "team_id": objective.team_id,
        "parent_id": objective.parent_id,
        "title": objective.title,
        "description": objective.description,
        "kind": objective.kind,
        "owner_id": objective.owner_id,
        "score": None if objective.info.score is None else round(objective.info.score, 4),
        "expected_score": objective.info.expected,
        "band": objective.info.band,
        "learnings": objective.learnings,
        "postmortem": objective.postmortem,
        "key_results": [_kr_out(kr) for kr in objective.krs],
        "version": objective.version,
    }


def _scored_objective(objective: Objective) -> dict:
    (scored,) = selectors.scored_objectives(
        Objective.objects.filter(pk=objective.pk), today=timezone.localdate()
    )
    return _objective_out(scored)


def _team(member: Membership, team_id: int | None) -> Team | None:
    """A team of the workspace by id (404 for any other)."""
    return get_team_for(member, team_id) if team_id is not None else None


def _owner(member: Membership, user_id: int | None):
    """An owner by user id among the workspace's members who can check in (422 naming
    ``owner_id`` for anyone else)."""
    if user_id is None:
        return None
    found = Membership.objects.filter(workspace=member.workspace, user_id=user_id).first()
    if found is None:
        raise ValidationError({"owner_id": _("Choose a member of this workspace.")})
    services.check_owner(workspace=member.workspace, user=found.user, field="owner_id")
    return found.user


# The API names related objects by id.
API_NAMES = {"owner": "owner_id", "product": "product_id", "team": "team_id", "metric": "metric_id"}


# --- metrics ---------------------------------------------------------------------------


@router.get(W + "/metrics", response=list[MetricOut])
@operation(need=Need.VIEW)
def metric_list(
    request: WorkspaceRequest,
    slug: Slug,
    product_id: Id | None = None,
    limit: Limit() = limits.PAGE_SIZE,
    offset: Offset = 0,
):
    """Metrics with their latest value, by product, role and name; paged."""
    metrics = Metric.objects.filter(product__workspace=request.workspace).with_latest()
    if product_id is not None:
        metrics = metrics.filter(product_id=product_id)
    return metrics.order_by("product__name", "product_id", "role", "name")[offset : offset + limit]


@router.post(W + "/products/{product_id}/metrics", response={201: MetricOut})
@operation(need=Need.EDIT)
def metric_create(request: WorkspaceRequest, slug: Slug, product_id: Id, payload: MetricIn):
    product = get_product_for(request.member, product_id)
    metric = services.metric_create(
        actor=request.user,
        product=product,
        name=payload.name,
        description=payload.description,
        unit=payload.unit,
        direction=payload.direction,
        range_low=payload.range_low,
        range_high=payload.range_high,
        role=payload.role,
        input_kind=payload.input_kind,
        value_statement=payload.value_statement,
        ns_expresses_value=payload.ns_expresses_value,
        ns_reflects_strategy=payload.ns_reflects_strategy,
        ns_leading=payload.ns_leading,
        ns_actionable=payload.ns_actionable,
        ns_understandable=payload.ns_understandable,
        ns_measurable=payload.ns_measurable,
        ns_not_vanity=payload.ns_not_vanity,
    )
    return Status(201, metric)


@router.get(W + "/metrics/{metric_id}", response=MetricOut)
@operation(need=Need.VIEW)
def metric_detail(request: WorkspaceRequest, slug: Slug, metric_id: Id, response: HttpResponse):
    metric = Metric.objects.with_latest().get(pk=get_metric_for(request.member, metric_id).pk)
    tag(response, metric.version)
    return metric


@router.patch(
    W + "/metrics/{metric_id}",
    response={200: MetricOut, 409: conflict_schema(MetricOut)},
)
@operation(need=Need.EDIT)
def metric_update(
    request: WorkspaceRequest,
    slug: Slug,
    metric_id: Id,
    payload: MetricPatch,
    response: HttpResponse,
    if_match: str | None = IF_MATCH,
):
    """Change the fields sent, and only those. With If-Match (or ``version``), a field
    someone else changed since that version answers 409 and nothing is saved."""
    metric = get_metric_for(request.member, metric_id)
    version = expected_version(if_match, payload.version)
    try:
        services.metric_update(
            actor=request.user,
            metric=metric,
            version=version,
            note=payload.note,
            **sent(payload, services.MetricChanges),
        )
    except EditConflict as conflict:
        tag(response, conflict.version)
        current = Metric.objects.with_latest().get(pk=metric.pk)
        return conflict_answer(conflict, current)
    tag(response, metric.version)
    return Metric.objects.with_latest().get(pk=metric.pk)


@router.delete(W + "/metrics/{metric_id}", response={204: None})
@operation(need=Need.EDIT)
def metric_delete(request: WorkspaceRequest, slug: Slug, metric_id: Id):
    """Delete with its values, targets and annotations; refused (422) while a key result
    follows it."""
    services.metric_delete(actor=request.user, obj=get_metric_for(request.member, metric_id))
    return Status(204, None)


@router.get(W + "/metrics/{metric_id}/values", response=list[ValueOut])
@operation(need=Need.VIEW)
def metric_values(
    request: WorkspaceRequest,
    slug: Slug,
    metric_id: Id,
    since: dt.date | None = None,
    until: dt.date | None = None,
    limit: Limit() = limits.MAX_PAGE_SIZE,
    offset: Offset = 0,
):
    """Values in date order, from ``since`` up to ``until``; paged, 1,000 by default."""
    values = get_metric_for(request.member, metric_id).values.order_by("day")
    if since:
        values = values.filter(day__gte=since)
    if until:
        values = values.filter(day__lte=until)
    return values[offset : offset + limit]


@router.post(
    W + "/metrics/{metric_id}/values",
    response={200: ValuesResult},
    summary="Push values (bulk): a day that has a value gets the new one; all or nothing",
)
@operation(need=Need.EDIT)
def metric_values_push(request: WorkspaceRequest, slug: Slug, metric_id: Id, payload: ValuesIn):
    metric = get_metric_for(request.member, metric_id)
    stored = services.metric_values_record(
        actor=request.user,
        metric=metric,
        values=[(v.date, v.value, v.note) for v in payload.values],
        source=ValueSource.API,
    )
    return {"stored": stored}


# --- cycles ----------------------------------------------------------------------------


@router.get(W + "/cycles", response=list[CycleOut])
@operation(need=Need.VIEW)
def cycle_list(
    request: WorkspaceRequest, slug: Slug, limit: Limit() = limits.PAGE_SIZE, offset: Offset = 0
):
    """Cycles, the latest first; paged."""
    return Cycle.objects.filter(workspace=request.workspace).order_by("-starts_on", "-id")[
        offset : offset + limit
    ]


@router.post(W + "/cycles", response={201: CycleOut})
@operation(need=Need.EDIT)
def cycle_create(request: WorkspaceRequest, slug: Slug, payload: CycleIn):
    cycle = services.cycle_create(
        actor=request.user,
        workspace=request.workspace,
        name=payload.name,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
    )
    return Status(201, cycle)


@router.get(W + "/cycles/{cycle_id}", response=CycleOut)
@operation(need=Need.VIEW)
def cycle_detail(request: WorkspaceRequest, slug: Slug, cycle_id: Id, response: HttpResponse):
    cycle = get_cycle_for(request.member, cycle_id)
    tag(response, cycle.version)
    return cycle


@router.post(
    W + "/cycles/{cycle_id}/close",
    response=CycleOut,
    summary="Close: freeze scores, keep learnings and post-mortems, carry objectives forward",
)
@operation(need=Need.EDIT)
def cycle_close(request: WorkspaceRequest, slug: Slug, cycle_id: Id, payload: CloseIn):
    cycle = get_cycle_for(request.member, cycle_id)
    return services.cycle_close(
        actor=request.user,
        cycle=cycle,
        learnings=payload.learnings,
        postmortems=payload.postmortems,
        carry_forward=payload.carry_forward,
    )


# --- objectives and key results --------------------------------------------------------


@router.get(W + "/objectives", response=list[ObjectiveOut])
@operation(need=Need.VIEW)
def objective_list(
    request: WorkspaceRequest,
    slug: Slug,
    cycle_id: Id | None = None,
    product_id: Id | None = None,
    team_id: Id | None = None,
    limit: Limit(limits.MAX_OBJECTIVES_PAGE_SIZE) = limits.OBJECTIVES_PAGE_SIZE,
    offset: Offset = 0,
):
    """Objectives with their key results and scores, the latest cycle first; paged, 50 by
    default and at most 100 a page (each carries its key results)."""
    objectives = Objective.objects.filter(cycle__workspace=request.workspace)
    if cycle_id is not None:
        objectives = objectives.filter(cycle_id=cycle_id)
    if product_id is not None:
        objectives = objectives.filter(product_id=product_id)
    if team_id is not None:
        objectives = objectives.filter(team_id=team_id)
    page = list(objectives.values_list("pk", flat=True)[offset : offset + limit])
    scored = selectors.scored_objectives(
        Objective.objects.filter(pk__in=page), today=timezone.localdate(), check_ins=False
    )
    return [_objective_out(o) for o in scored]


@router.post(W + "/cycles/{cycle_id}/objectives", response={201: ObjectiveOut})
@operation(need=Need.EDIT)
def objective_create(request: WorkspaceRequest, slug: Slug, cycle_id: Id, payload: ObjectiveIn):
    cycle = get_cycle_for(request.member, cycle_id)
    product = get_product_for(request.member, payload.product_id) if payload.product_id else None
    parent = get_objective_for(request.member, payload.parent_id) if payload.parent_id else None
    objective = services.objective_create(
        actor=request.user,
        cycle=cycle,
        title=payload.title,
        description=payload.description,
        kind=payload.kind,
        owner=_owner(request.member, payload.owner_id) or request.user,
        product=product,
        team=_team(request.member, payload.team_id),
        parent=parent,
    )
    return Status(201, _scored_objective(objective))


@router.get(W + "/objectives/{objective_id}", response=ObjectiveOut)
@operation(need=Need.VIEW)
def objective_detail(
    request: WorkspaceRequest, slug: Slug, objective_id: Id, response: HttpResponse
):
    objective = get_objective_for(request.member, objective_id)
    tag(response, objective.version)
    return _scored_objective(objective)


@router.patch(
    W + "/objectives/{objective_id}",
    response={200: ObjectiveOut, 409: conflict_schema(ObjectiveOut)},
)
@operation(need=Need.EDIT)
def objective_update(
    request: WorkspaceRequest,
    slug: Slug,
    objective_id: Id,
    payload: ObjectivePatch,
    response: HttpResponse,
    if_match: str | None = IF_MATCH,
):
    """Change the fields sent, and only those. With If-Match (or ``version``), a field
    someone else changed since that version answers 409 and nothing is saved."""
    objective = get_objective_for(request.member, objective_id)
    version = expected_version(if_match, payload.version)
    changes = sent(payload, services.ObjectiveChanges)
    # Related objects travel as ids; the level may be cleared with null.
    given = payload.model_fields_set
    if "owner_id" in given:
        changes["owner"] = _owner(request.member, payload.owner_id)
    if "product_id" in given:
        changes["product"] = (
            get_product_for(request.member, payload.product_id) if payload.product_id else None
        )
    if "team_id" in given:
        changes["team"] = _team(request.member, payload.team_id)
    try:
        services.objective_update(
            actor=request.user, objective=objective, version=version, note=payload.note, **changes
        )
    except EditConflict as conflict:
        tag(response, conflict.version)
        return conflict_answer(conflict, _scored_objective(objective), names=API_NAMES)
    tag(response, objective.version)
    return _scored_objective(objective)


@router.delete(W + "/objectives/{objective_id}", response={204: None})
@operation(need=Need.EDIT)
def objective_delete(request: WorkspaceRequest, slug: Slug, objective_id: Id):
    """Delete with its key results and check-ins; refused (422) in a closed cycle."""
    objective = get_objective_for(request.member, objective_id)
    services.objective_delete(actor=request.user, obj=objective)
    return Status(204, None)


@router.post(
    W + "/objectives/{objective_id}/key-results",
    response={201: KeyResultOut},
)
@operation(need=Need.EDIT)
def key_result_create(
    request: WorkspaceRequest, slug: Slug, objective_id: Id, payload: KeyResultIn
):
    objective = get_objective_for(request.member, objective_id)
    kr = services.key_result_create(
        actor=request.user,
        objective=objective,
        title=payload.title,
        target=payload.target,
        baseline=payload.baseline,
        current=payload.current,
        metric=get_metric_for(request.member, payload.metric_id) if payload.metric_id else None,
        unit=payload.unit,
        direction=payload.direction,
        owner=_owner(request.member, payload.owner_id),
    )
    return Status(201, _kr_out(_scored_kr(request.member, kr.pk)))


def _scored_kr(member: Membership, key_result_id: int) -> KeyResult:
    kr = get_key_result_for(member, key_result_id, queryset=selectors.key_results_queryset())
    return selectors.scored_key_result(kr, today=timezone.localdate())


@router.get(W + "/key-results/{key_result_id}", response=KeyResultOut)
@operation(need=Need.VIEW)
def key_result_detail(
    request: WorkspaceRequest, slug: Slug, key_result_id: Id, response: HttpResponse
):
    kr = _scored_kr(request.member, key_result_id)
    tag(response, kr.version)
    return _kr_out(kr)


@router.patch(
    W + "/key-results/{key_result_id}",
    response={200: KeyResultOut, 409: conflict_schema(KeyResultOut)},
)
@operation(need=Need.EDIT)
def key_result_update(
    request: WorkspaceRequest,
    slug: Slug,
    key_result_id: Id,
    payload: KeyResultPatch,
    response: HttpResponse,
    if_match: str | None = IF_MATCH,
):
    """Change the fields sent, and only those. With If-Match (or ``version``), a field
    someone else changed since that version answers 409 and nothing is saved."""
    kr = _scored_kr(request.member, key_result_id)
    version = expected_version(if_match, payload.version)
    try:
        services.key_result_update(
            actor=request.user,
            key_result=kr,
            version=version,
            note=payload.note,
            **sent(payload, services.KeyResultChanges),
        )
    except EditConflict as conflict:
        current = _scored_kr(request.member, key_result_id)
        tag(response, current.version)
        return conflict_answer(conflict, _kr_out(current), names=API_NAMES)
    current = _scored_kr(request.member, key_result_id)
    tag(response, current.version)
    return _kr_out(current)


@router.delete(W + "/key-results/{key_result_id}", response={204: None})
@operation(need=Need.EDIT)
def key_result_delete(request: WorkspaceRequest, slug: Slug, key_result_id: Id):
    """Delete with its check-ins; refused (422) in a closed cycle."""
    kr = get_key_result_for(request.member, key_result_id)
    services.key_result_delete(actor=request.user, obj=kr)
    return Status(204, None)


@router.get(
    W + "/key-results/{key_result_id}/check-ins",
    response=list[CheckInOut],
)
@operation(need=Need.VIEW)
def check_in_list(
    request: WorkspaceRequest,
    slug: Slug,
    key_result_id: Id,
    limit: Limit() = limits.PAGE_SIZE,
    offset: Offset = 0,
):
    """Check-ins by week; paged."""
    kr = get_key_result_for(request.member, key_result_id)
    return CheckIn.objects.filter(key_result=kr).order_by("week")[offset : offset + limit]


@router.post(
    W + "/key-results/{key_result_id}/check-ins",
    response={201: CheckInOut},
)
@operation(need=Need.CONTRIBUTE)
def check_in_create(request: WorkspaceRequest, slug: Slug, key_result_id: Id, payload: CheckInIn):
    kr = _scored_kr(request.member, key_result_id)
    check_in = services.check_in_record(
        actor=request.user,
        key_result=kr,
        confidence=payload.confidence,
        value=payload.value,
        comment=payload.comment,
        week=payload.week,
    )
    return Status(201, check_in)


@router.delete(W + "/check-ins/{check_in_id}", response={204: None})
@operation(need=Need.EDIT)
def check_in_delete(request: WorkspaceRequest, slug: Slug, check_in_id: Id):
    """Delete one check-in; refused (422) in a closed cycle."""
    check_in = get_check_in_for(request.member, check_in_id)
    services.check_in_delete(actor=request.user, obj=check_in)
    return Status(204, None)
