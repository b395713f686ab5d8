"""Writes for strategy: metrics and their data, cycles, objectives, key results and
check-ins. Views, the API, the demo and the reminder command all call these."""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leitstern.accounts.models import User
from leitstern.activity import kinds
from leitstern.activity.services import activity_record, diff_fields, snapshot
from leitstern.products.models import Product
from leitstern.strategy import periods, scoring
from leitstern.strategy.models import (
    Annotation,
    CheckIn,
    Cycle,
    KeyResult,
    Metric,
    MetricTarget,
    MetricValue,
    Objective,
    ObjectiveKind,
    ReminderPreference,
    ValueSource,
)
from leitstern.workspaces.models import Workspace

METRIC_CREATED = kinds.register("strategy.metric.created", gettext_lazy("created a metric"))
METRIC_UPDATED = kinds.register("strategy.metric.updated", gettext_lazy("changed a metric"))
METRIC_VALUES = kinds.register("strategy.metric.values", gettext_lazy("recorded metric values"))
METRIC_VALUE_DELETED = kinds.register(
    "strategy.metric.value_deleted", gettext_lazy("deleted a metric value")
)
METRIC_TARGET = kinds.register("strategy.metric.target", gettext_lazy("set a metric target"))
ANNOTATION = kinds.register("strategy.annotation", gettext_lazy("annotated metric charts"))
CYCLE_CREATED = kinds.register("strategy.cycle.created", gettext_lazy("created an OKR cycle"))
CYCLE_UPDATED = kinds.register("strategy.cycle.updated", gettext_lazy("changed an OKR cycle"))
CYCLE_CLOSED = kinds.register("strategy.cycle.closed", gettext_lazy("closed an OKR cycle"))
OBJECTIVE_CREATED = kinds.register(
    "strategy.objective.created", gettext_lazy("created an objective")
)
OBJECTIVE_UPDATED = kinds.register(
    "strategy.objective.updated", gettext_lazy("changed an objective")
)
OBJECTIVE_CARRIED = kinds.register(
    "strategy.objective.carried", gettext_lazy("carried an objective forward")
)
KEY_RESULT_CREATED = kinds.register(
    "strategy.key_result.created", gettext_lazy("added a key result")
)
KEY_RESULT_UPDATED = kinds.register(
    "strategy.key_result.updated", gettext_lazy("changed a key result")
)
CHECKED_IN = kinds.register("strategy.check_in", gettext_lazy("checked in on a key result"))


def _check_fields(data: Mapping[str, Any], allowed: list[str]) -> None:
    unknown = set(data) - set(allowed)
    if unknown:
        raise ValidationError({name: _("This field cannot be set.") for name in sorted(unknown)})


def _check_member(workspace: Workspace, user: User | None, field: str) -> None:
    if user is not None and not user.memberships.filter(workspace=workspace).exists():
        raise ValidationError({field: _("Choose a member of this workspace.")})


def _finite(value: float | None, field: str) -> None:
    if value is not None and not math.isfinite(value):
        raise ValidationError({field: _("Enter a finite number.")})


# --- metrics ----------------------------------------------------------------------------


@transaction.atomic
def metric_create(*, actor: User, product: Product, **data: Any) -> Metric:
    _check_fields(data, Metric.EDITABLE_FIELDS)
    metric = Metric(product=product, **data)
    metric.full_clean()
    metric.save()
    activity_record(
        workspace=product.workspace,
        actor=actor,
        kind=METRIC_CREATED,
        target=metric,
        product=product,
    )
    return metric


@transaction.atomic
def metric_update(*, actor: User, metric: Metric, note: str = "", **data: Any) -> Metric:
    _check_fields(data, Metric.EDITABLE_FIELDS)
    before = snapshot(metric, Metric.EDITABLE_FIELDS)
    for field, value in data.items():
        setattr(metric, field, value)
    metric.full_clean()
    changes = diff_fields(metric, before, Metric.EDITABLE_FIELDS)
    if not changes:
        return metric
    metric.save()
    activity_record(
        workspace=metric.product.workspace,
        actor=actor,
        kind=METRIC_UPDATED,
        target=metric,
        product=metric.product,
        changes=changes,
        note=note,
    )
    return metric


@transaction.atomic
def metric_values_record(
    *,
    actor: User,
    metric: Metric,
    values: Iterable[tuple[date, float, str]],
    source: str = ValueSource.MANUAL,
    note: str = "",
) -> int:
    """Store ``(day, value, note)`` triples; a day that has a value already gets the new
    one. All or nothing: one bad value and nothing is stored. Returns how many."""
    rows = list(values)
    errors, seen = [], set()
    for index, (day, value, _note) in enumerate(rows, start=1):
        if not isinstance(value, int | float) or not math.isfinite(value):
            errors.append(_("Row %(row)d: the value is not a finite number.") % {"row": index})
        if day in seen:
            errors.append(_("Row %(row)d: the date appears twice.") % {"row": index})
        seen.add(day)
    if errors:
        raise ValidationError({"values": errors})
    existing = {v.day: v for v in metric.values.filter(day__in=seen)}
    for day, value, row_note in rows:
        record = existing.get(day) or MetricValue(metric=metric, day=day)
        record.value, record.note = float(value), (row_note or "")[:300]
        record.source, record.recorded_by = source, actor
        record.full_clean(validate_constraints=False)
        record.save()
    if rows:
        activity_record(
            workspace=metric.product.workspace,
            actor=actor,
            kind=METRIC_VALUES,
            target=metric,
            product=metric.product,
            changes={"values": ["", str(len(rows))], "source": ["", str(source)]},
            note=note,
        )
    return len(rows)


def metric_value_set(
    *,
    actor: User,
    metric: Metric,
    day: date,
    value: float,
    note: str = "",
    source: str = ValueSource.MANUAL,
) -> MetricValue:
    metric_values_record(actor=actor, metric=metric, values=[(day, value, note)], source=source)
    return metric.values.get(day=day)


@transaction.atomic
def metric_value_delete(*, actor: User, value: MetricValue) -> None:
    metric = value.metric
    label = str(value)
    value.delete()
    activity_record(
        workspace=metric.product.workspace,
        actor=actor,
        kind=METRIC_VALUE_DELETED,
        target=metric,
        product=metric.product,
        changes={"value": [label, ""]},
    )


@transaction.atomic
def metric_target_add(
    *, actor: User, metric: Metric, day: date, value: float, label: str = ""
) -> MetricTarget:
    _finite(value, "value")
    target = MetricTarget(metric=metric, day=day, value=value, label=label)
    target.full_clean()
    target.save()
    activity_record(
        workspace=metric.product.workspace,
        actor=actor,
        kind=METRIC_TARGET,
        target=metric,
        product=metric.product,
        changes={"target": ["", str(target)]},
    )
    return target


@transaction.atomic
def annotation_add(
    *, actor: User, product: Product, day: date, text: str, metric: Metric | None = None
) -> Annotation:
    if metric is not None and metric.product_id != product.pk:
        raise ValidationError({"metric": _("Choose a metric of this product.")})
    annotation = Annotation(product=product, metric=metric, day=day, text=text)
    annotation.full_clean()
    annotation.save()
    activity_record(
        workspace=product.workspace,
        actor=actor,
        kind=ANNOTATION,
        target=annotation,
        product=product,
    )
    return annotation


# --- cycles -----------------------------------------------------------------------------


@transaction.atomic
def cycle_create(
    *,
    actor: User,
    workspace: Workspace,
    name: str = "",
    starts_on: date | None = None,
    ends_on: date | None = None,
) -> Cycle:
    """A cycle; without dates it is the quarter of today, named like "Q3 2026"."""
    if starts_on is None and ends_on is None:
        starts_on, ends_on = periods.quarter_bounds(timezone.localdate())
    name = name or (periods.quarter_name(starts_on) if starts_on else "")
    cycle = Cycle(workspace=workspace, name=name, starts_on=starts_on, ends_on=ends_on)
    cycle.full_clean()
    cycle.save()
    activity_record(workspace=workspace, actor=actor, kind=CYCLE_CREATED, target=cycle)
    return cycle


@transaction.atomic
def cycle_update(*, actor: User, cycle: Cycle, **data: Any) -> Cycle:
    fields = ["name", "starts_on", "ends_on"]
    _check_fields(data, fields)
    cycle.ensure_open()
    before = snapshot(cycle, fields)
    for field, value in data.items():
        setattr(cycle, field, value)
    cycle.full_clean()
    changes = diff_fields(cycle, before, fields)
    if changes:
        cycle.save()
        activity_record(
            workspace=cycle.workspace,
            actor=actor,
            kind=CYCLE_UPDATED,
            target=cycle,
            changes=changes,
        )
    return cycle


def _next_cycle(*, actor: User, cycle: Cycle) -> Cycle:
    later = (
        Cycle.objects.open()
        .filter(workspace=cycle.workspace, starts_on__gt=cycle.starts_on)
        .order_by("starts_on")
        .first()
    )
    if later is not None:
        return later
    starts_on, ends_on = cycle.ends_on + timedelta(days=1), None
    quarter_start, quarter_end = periods.quarter_bounds(starts_on)
    ends_on = quarter_end if quarter_start == starts_on else starts_on + timedelta(days=90)
    name = periods.quarter_name(starts_on)
    if Cycle.objects.filter(workspace=cycle.workspace, name=name).exists():
        name = f"{name} ({starts_on:%Y-%m-%d})"
    return cycle_create(
        actor=actor, workspace=cycle.workspace, name=name, starts_on=starts_on, ends_on=ends_on
    )


def postmortem_needed(objective: Objective, score: float | None) -> bool:
    """A committed objective is expected at 1.0; missing it (as shown, one decimal) asks
    for a short post-mortem."""
    return objective.is_committed and (score is None or scoring.shown(score) < 1.0)


@transaction.atomic
def cycle_close(
    *,
    actor: User,
    cycle: Cycle,
    learnings: Mapping[int, str] | None = None,
    postmortems: Mapping[int, str] | None = None,
    carry_forward: Iterable[int] = (),
) -> Cycle:
    """Score every key result and objective as they stand, freeze those scores, keep the
    learnings and post-mortems, and carry the chosen aspirational objectives into the next
    cycle (created as the following quarter when there is none). Closing twice is a no-op."""
    if cycle.is_closed:
        return cycle
    learnings, postmortems = learnings or {}, postmortems or {}
    objectives = list(
        cycle.objectives.prefetch_related(
            "key_results__metric", "key_results__objective__cycle"
        ).select_related("cycle")
    )
    by_id = {objective.pk: objective for objective in objectives}
    carry = [int(pk) for pk in carry_forward]
    errors = []
    for pk in carry:
        if pk not in by_id or by_id[pk].kind != ObjectiveKind.ASPIRATIONAL:
            errors.append(_("Only aspirational objectives of this cycle can be carried forward."))
    scores: dict[int, float | None] = {}
    for objective in objectives:
        krs = list(objective.key_results.all())
        for kr in krs:
            kr.final_value = kr.current_value
            kr.final_score = kr.score_detail().score
        scores[objective.pk] = scoring.objective_score([kr.final_score for kr in krs])
        objective.learnings = (learnings.get(objective.pk) or objective.learnings).strip()
        objective.postmortem = (postmortems.get(objective.pk) or objective.postmortem).strip()
        if postmortem_needed(objective, scores[objective.pk]) and not objective.postmortem:
            errors.append(
                _("“%(title)s” is committed and below 1.0: write a short post-mortem.")
                % {"title": objective.title}
            )
        objective.final_score = scores[objective.pk]
        objective.krs = krs
    if errors:
        raise ValidationError({"postmortem": errors})
    for objective in objectives:
        for kr in objective.krs:
            kr.save(update_fields=["final_value", "final_score", "updated_at"])
        objective.save(update_fields=["learnings", "postmortem", "final_score", "updated_at"])
    cycle.closed_at, cycle.closed_by = timezone.now(), actor
    cycle.save(update_fields=["closed_at", "closed_by"])
    activity_record(workspace=cycle.workspace, actor=actor, kind=CYCLE_CLOSED, target=cycle)
    if carry:
        target_cycle = _next_cycle(actor=actor, cycle=cycle)
        for pk in carry:
            objective_carry_forward(actor=actor, objective=by_id[pk], cycle=target_cycle)
    return cycle


# --- objectives and key results --------------------------------------------------------


@transaction.atomic
def objective_create(*, actor: User, cycle: Cycle, **data: Any) -> Objective:
    _check_fields(data, Objective.EDITABLE_FIELDS)
    cycle.ensure_open()
    objective = Objective(cycle=cycle, **data)
    _check_member(cycle.workspace, data.get("owner"), "owner")
    objective.full_clean()
    objective.save()
    activity_record(
        workspace=cycle.workspace,
        actor=actor,
        kind=OBJECTIVE_CREATED,
        target=objective,
        product=objective.product,
    )
    return objective


@transaction.atomic
def objective_update(
    *, actor: User, objective: Objective, note: str = "", **data: Any
) -> Objective:
    """Change an objective; learnings and the post-mortem may still be written after its
    cycle closed, everything else only while it is open."""
    review = ["learnings", "postmortem"]
    _check_fields(data, Objective.EDITABLE_FIELDS + review)
    if set(data) - set(review):
        objective.cycle.ensure_open()
    fields = Objective.EDITABLE_FIELDS + review
    before = snapshot(objective, fields)
    for field, value in data.items():
        setattr(objective, field, value)
    if "owner" in data:
        _check_member(objective.cycle.workspace, data["owner"], "owner")
    objective.full_clean()
    changes = diff_fields(objective, before, fields)
    if not changes:
        return objective
    objective.save()
    activity_record(
        workspace=objective.cycle.workspace,
        actor=actor,
        kind=OBJECTIVE_UPDATED,
        target=objective,
        product=objective.product,
        changes=changes,
        note=note,
    )
    return objective


@transaction.atomic
def objective_carry_forward(*, actor: User, objective: Objective, cycle: Cycle) -> Objective:
    """A copy of ``objective`` in ``cycle`` with its key results, each starting from where
    it ended (its last value becomes the new baseline)."""
    if cycle.pk == objective.cycle_id:
        raise ValidationError({"cycle": _("Choose another cycle to carry the objective to.")})
    copy = objective_create(
        actor=actor,
        cycle=cycle,
        title=objective.title,
        description=objective.description,
        kind=objective.kind,
        owner=objective.owner,
        product=objective.product,
    )
    copy.carried_from = objective
    copy.save(update_fields=["carried_from"])
    for kr in objective.key_results.select_related("objective__cycle", "metric"):
        ended = kr.current_value
        baseline = ended if ended is not None else kr.baseline
        reached = baseline is not None and (
            (kr.direction == "higher" and baseline >= kr.target)
            or (kr.direction == "lower" and baseline <= kr.target)
        )
        if reached:
            continue  # nothing left to carry: this key result was achieved
        key_result_create(
            actor=actor,
            objective=copy,
            title=kr.title,
            metric=kr.metric,
            baseline=baseline,
            target=kr.target,
            current=None if kr.metric_id else ended,
            unit=kr.unit,
            direction=kr.direction,
            owner=kr.owner,
        )
    activity_record(
        workspace=cycle.workspace,
        actor=actor,
        kind=OBJECTIVE_CARRIED,
        target=copy,
        product=copy.product,
        changes={"cycle": [str(objective.cycle), str(cycle)]},
    )
    return copy


@transaction.atomic
def key_result_create(*, actor: User, objective: Objective, **data: Any) -> KeyResult:
    _check_fields(data, KeyResult.EDITABLE_FIELDS)
    objective.cycle.ensure_open()
    for field in ("baseline", "target", "current"):
        _finite(data.get(field), field)
    _check_member(objective.cycle.workspace, data.get("owner"), "owner")
    key_result = KeyResult(objective=objective, **data)
    key_result.full_clean()
    key_result.save()
    activity_record(
        workspace=objective.cycle.workspace,
        actor=actor,
        kind=KEY_RESULT_CREATED,
        target=key_result,
        product=objective.product,
    )
    return key_result


@transaction.atomic
def key_result_update(
    *, actor: User, key_result: KeyResult, note: str = "", **data: Any
) -> KeyResult:
    _check_fields(data, KeyResult.EDITABLE_FIELDS)
    objective = key_result.objective
    objective.cycle.ensure_open()
    for field in ("baseline", "target", "current"):
        _finite(data.get(field), field)
    if "owner" in data:
        _check_member(objective.cycle.workspace, data["owner"], "owner")
    before = snapshot(key_result, KeyResult.EDITABLE_FIELDS)
    for field, value in data.items():
        setattr(key_result, field, value)
    key_result.full_clean()
    changes = diff_fields(key_result, before, KeyResult.EDITABLE_FIELDS)
    if not changes:
        return key_result
    key_result.save()
    activity_record(
        workspace=objective.cycle.workspace,
        actor=actor,
        kind=KEY_RESULT_UPDATED,
        target=key_result,
        product=objective.product,
        changes=changes,
        note=note,
    )
    return key_result


@transaction.atomic
def check_in_record(
    *,
    actor: User,
    key_result: KeyResult,
    confidence: int,
    value: float | None = None,
    comment: str = "",
    week: date | None = None,
) -> CheckIn:
    """This week's check-in (or ``week``'s): a value and a confidence 0–10.

    The value goes where the key result's value lives: into the metric's data when the
    key result follows a metric (so the metric and the key result never disagree), else
    into the key result. Without a value, the current one is recorded as it stands."""
    objective = key_result.objective
    cycle = objective.cycle
    cycle.ensure_open()
    today = timezone.localdate()
    week = periods.week_of(week or min(today, cycle.ends_on))
    if not (periods.week_of(cycle.starts_on) <= week <= cycle.ends_on):
        raise ValidationError({"week": _("Check in on a week of the key result's cycle.")})
    _finite(value, "value")
    if value is not None:
        day = min(week + timedelta(days=6), today, cycle.ends_on)
        day = max(day, week)
        if key_result.metric_id:
            metric_values_record(
                actor=actor,
                metric=key_result.metric,
                values=[(day, value, _("check-in"))],
                source=ValueSource.CHECK_IN,
            )
        else:
            key_result.current = value
            key_result.save(update_fields=["current", "updated_at"])
    recorded = key_result.current_value if value is None else value
    check_in = CheckIn.objects.filter(key_result=key_result, week=week).first() or CheckIn(
        key_result=key_result, week=week
    )
    check_in.value, check_in.confidence = recorded, confidence
    check_in.comment, check_in.author = comment.strip(), actor
    check_in.full_clean(validate_constraints=False)
    check_in.save()
    activity_record(
        workspace=cycle.workspace,
        actor=actor,
        kind=CHECKED_IN,
        target=key_result,
        product=objective.product,
        changes={
            "confidence": ["", str(confidence)],
            "value": ["", "" if recorded is None else f"{recorded:g}"],
        },
        note=comment,
    )
    return check_in


def reminder_preference_set(
    *, actor: User, workspace: Workspace, weekly_email: bool
) -> ReminderPreference:
    """A person's own e-mail setting: deliberately not in the workspace's activity log,
    which records changes to shared work, not personal preferences."""
    preference, _created = ReminderPreference.objects.update_or_create(
        workspace=workspace, user=actor, defaults={"weekly_email": weekly_email}
    )
    return preference
