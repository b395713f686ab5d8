"""Writes for OKRs: cycles and their close, objectives, key results and check-ins."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any, TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from leitstern.accounts.models import User
from leitstern.activity.services import activity_record
from leitstern.core.versioning import unique_race_as_error, update_versioned
from leitstern.products.models import Product
from leitstern.strategy import periods
from leitstern.strategy.models import (
    CheckIn,
    Cycle,
    KeyResult,
    KeyResultDirection,
    Metric,
    Objective,
    ObjectiveKind,
    ReminderPreference,
    ValueSource,
)
from leitstern.strategy.services._common import (
    CHECK_IN_DELETED,
    CHECKED_IN,
    CYCLE_CLOSED,
    CYCLE_CREATED,
    CYCLE_UPDATED,
    KEY_RESULT_CREATED,
    KEY_RESULT_DELETED,
    KEY_RESULT_UPDATED,
    OBJECTIVE_CARRIED,
    OBJECTIVE_CREATED,
    OBJECTIVE_DELETED,
    OBJECTIVE_UPDATED,
    _finite,
    can_own,
    check_owner,
)
from leitstern.strategy.services.metrics import metric_values_record
from leitstern.strategy.services.scores import scores_lock, scores_refresh
from leitstern.teams.models import Team
from leitstern.workspaces.models import Workspace

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
    cycle = Cycle(  # type: ignore[misc]  # a date left out: full_clean names it
        workspace=workspace, name=name, starts_on=starts_on, ends_on=ends_on
    )
    cycle.full_clean()
    with unique_race_as_error(cycle):
        cycle.save()
    activity_record(workspace=workspace, actor=actor, kind=CYCLE_CREATED, target=cycle)
    return cycle


@transaction.atomic
def cycle_update(
    *,
    actor: User,
    cycle: Cycle,
    version: int | None = None,
    name: str | None = None,
    starts_on: date | None = None,
    ends_on: date | None = None,
) -> Cycle:
    """Change what is given (``None``: unchanged) of an open cycle, and only that; with
    ``version``, a field someone else changed since that version raises ``EditConflict``."""
    cycle.ensure_open()
    fields = {
        field: value
        for field, value in (("name", name), ("starts_on", starts_on), ("ends_on", ends_on))
        if value is not None
    }
    changes = update_versioned(cycle, fields, version=version)
    if changes.keys() & {"starts_on", "ends_on"}:
        # The dates bound the metric values and the trend every key result reads.
        scores_refresh(key_results=KeyResult.objects.filter(objective__cycle=cycle))
    if changes:
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
        if pk not in by_id or not by_id[pk].may_carry_forward:
            errors.append(_("Only aspirational objectives of this cycle can be carried forward."))
    # What each key result and objective will be frozen at, written once all are valid.
    finals: list[tuple[Objective, list[tuple[KeyResult, dict]], dict]] = []
    for objective in objectives:
        krs: list[tuple[KeyResult, dict[str, Any]]] = [
            (kr, {"final_value": kr.current_value, "final_score": kr.score_detail().score})
            for kr in objective.key_results.all()
        ]
        score = objective.score_from([final["final_score"] for _kr, final in krs])
        review = {
            "learnings": (learnings.get(objective.pk) or objective.learnings).strip(),
            "postmortem": (postmortems.get(objective.pk) or objective.postmortem).strip(),
            "final_score": score,
        }
        if objective.needs_postmortem(score) and not review["postmortem"]:
            errors.append(
                _("“%(title)s” is committed and below 1.0: write a short post-mortem.")
                % {"title": objective.title}
            )
        finals.append((objective, krs, review))
    if errors:
        raise ValidationError({"postmortem": errors})
    for objective, krs, review in finals:
        for kr, final in krs:
            update_versioned(kr, final, clean=False)
        update_versioned(objective, review, clean=False)
    update_versioned(cycle, {"closed_at": timezone.now(), "closed_by": actor}, clean=False)
    activity_record(workspace=cycle.workspace, actor=actor, kind=CYCLE_CLOSED, target=cycle)
    if carry:
        target_cycle = _next_cycle(actor=actor, cycle=cycle)
        for pk in carry:
            objective_carry_forward(actor=actor, objective=by_id[pk], cycle=target_cycle)
    return cycle


# --- objectives and key results --------------------------------------------------------


class ObjectiveChanges(TypedDict, total=False):
    """What ``objective_update`` may change (``Objective.EDITABLE_FIELDS`` and the review,
    ``Objective.REVIEW_FIELDS``); only the fields given change."""

    title: str
    description: str
    kind: str  # ObjectiveKind
    owner: User
    product: Product | None
    team: Team | None
    parent: Objective | None
    learnings: str
    postmortem: str


@transaction.atomic
def objective_create(
    *,
    actor: User,
    cycle: Cycle,
    title: str,
    owner: User,
    description: str = "",
    kind: str = ObjectiveKind.COMMITTED,
    product: Product | None = None,
    team: Team | None = None,
    parent: Objective | None = None,
) -> Objective:
    """An objective of an open cycle, on the level of ``product``, ``team`` or (with
    neither) the whole workspace; ``owner`` must be able to check in (``check_owner``)."""
    cycle.ensure_open()
    objective = Objective(
        cycle=cycle,
        title=title,
        owner=owner,
        description=description,
        kind=kind,
        product=product,
        team=team,
        parent=parent,
    )
    check_owner(workspace=cycle.workspace, user=owner)
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
    *,
    actor: User,
    objective: Objective,
    version: int | None = None,
    note: str = "",
    **fields: Unpack[ObjectiveChanges],
) -> Objective:
    """Change the given fields of an objective, and only those; with ``version``, a field
    someone else changed since that version raises ``EditConflict``. Learnings and the
    post-mortem may still be written after its cycle closed, everything else only while
    it is open (``Objective.ensure_changeable``)."""
    objective.ensure_changeable(fields)
    if "owner" in fields:
        check_owner(workspace=objective.cycle.workspace, user=fields["owner"])
    if "kind" in fields:
        # The kind decides its key results' kept risks: lock them before the objective,
        # in the order scores_refresh locks (key results, then objectives), so a check-in
        # at the same moment waits for this change instead of deadlocking with it.
        scores_lock(objective.key_results.all())
    changes = update_versioned(objective, fields, version=version)
    if not changes:
        return objective
    if "kind" in changes:  # a committed key result is at risk when its trend falls short
        scores_refresh(key_results=objective.key_results.all())
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
def objective_delete(*, actor: User, obj: Objective, note: str = "") -> None:
    """Delete a wrongly created objective with its key results and their check-ins; only
    in an open cycle (``Objective.ensure_deletable``). Objectives that contributed to it
    stand on their own afterwards; metric data its key results followed stays."""
    obj.ensure_deletable()
    key_results = obj.key_results.count()
    check_ins = CheckIn.objects.filter(key_result__objective=obj).count()
    changes = {"key_results": [str(key_results), ""], "check_ins": [str(check_ins), ""]}
    activity_record(
        workspace=obj.cycle.workspace,
        actor=actor,
        kind=OBJECTIVE_DELETED,
        target=obj,
        product=obj.product,
        changes={field: change for field, change in changes.items() if change[0] != "0"},
        note=note,
    )
    obj.delete()


@transaction.atomic
def objective_carry_forward(*, actor: User, objective: Objective, cycle: Cycle) -> Objective:
    """A copy of ``objective`` in ``cycle`` with the key results it did not reach. Each
    keeps its baseline and target (so its title, "from 22% to 30%", stays true) and starts
    from the value it ended with: its score carries on from where it stood instead of
    starting again at 0.0. See docs/strategy.md."""
    if cycle.pk == objective.cycle_id:
        raise ValidationError({"cycle": _("Choose another cycle to carry the objective to.")})
    # An owner who can no longer check in (now a viewer, or gone) hands it to the actor.
    owner = objective.owner if can_own(workspace=cycle.workspace, user=objective.owner) else actor
    copy = objective_create(
        actor=actor,
        cycle=cycle,
        title=objective.title,
        description=objective.description,
        kind=objective.kind,
        owner=owner,
        product=objective.product,
        team=objective.team,
    )
    update_versioned(copy, {"carried_from": objective}, clean=False)
    key_results = objective.key_results.with_metric_current().select_related(
        "objective__cycle", "metric", "owner"
    )
    for kr in key_results:
        if kr.is_reached:
            continue  # nothing left to carry: this key result was achieved
        key_result_create(
            actor=actor,
            objective=copy,
            title=kr.title,
            metric=kr.metric,
            baseline=kr.baseline,
            target=kr.target,
            current=None if kr.metric_id else kr.current_value,
            unit=kr.unit,
            direction=kr.direction,
            owner=kr.owner if can_own(workspace=cycle.workspace, user=kr.owner) else None,
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


class KeyResultChanges(TypedDict, total=False):
    """What ``key_result_update`` may change (``KeyResult.EDITABLE_FIELDS``); only the
    fields given change."""

    title: str
    metric: Metric | None
    baseline: float | None
    target: float
    current: float | None
    unit: str
    direction: str  # KeyResultDirection
    owner: User | None


def _finite_numbers(numbers: KeyResultChanges) -> None:
    # NaN and Infinity would be stored and then answered as invalid JSON.
    _finite(numbers.get("baseline"), "baseline")
    _finite(numbers.get("target"), "target")
    _finite(numbers.get("current"), "current")


@transaction.atomic
def key_result_create(
    *,
    actor: User,
    objective: Objective,
    title: str,
    target: float,
    baseline: float | None = None,
    current: float | None = None,
    metric: Metric | None = None,
    unit: str = "",
    direction: str = KeyResultDirection.HIGHER,
    owner: User | None = None,
) -> KeyResult:
    """A key result of an objective in an open cycle: from ``baseline`` to ``target`` in
    ``direction``, its value entered (``current``) or read from ``metric``; ``owner`` (or,
    without one, the objective's owner) checks in every week."""
    objective.cycle.ensure_open()
    _finite_numbers({"baseline": baseline, "target": target, "current": current})
    check_owner(workspace=objective.cycle.workspace, user=owner)
    key_result = KeyResult(
        objective=objective,
        title=title,
        target=target,
        baseline=baseline,
        current=current,
        metric=metric,
        unit=unit,
        direction=direction,
        owner=owner,
    )
    key_result.full_clean()
    key_result.save()
    scores_refresh(key_results=[key_result])
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
    *,
    actor: User,
    key_result: KeyResult,
    version: int | None = None,
    note: str = "",
    **fields: Unpack[KeyResultChanges],
) -> KeyResult:
    """Change the given fields of a key result in an open cycle, and only those; with
    ``version``, a field someone else changed since that version raises ``EditConflict``."""
    objective = key_result.objective
    objective.cycle.ensure_open()
    _finite_numbers(fields)
    if "owner" in fields:
        check_owner(workspace=objective.cycle.workspace, user=fields["owner"])
    changes = update_versioned(key_result, fields, version=version)
    if not changes:
        return key_result
    scores_refresh(key_results=[key_result])
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
def key_result_delete(*, actor: User, obj: KeyResult, note: str = "") -> None:
    """Delete a key result with its check-ins, only in an open cycle. A followed
    metric keeps its data, including values that check-ins recorded."""
    obj.ensure_deletable()
    objective = obj.objective
    check_ins = obj.check_ins.count()
    activity_record(
        workspace=objective.cycle.workspace,
        actor=actor,
        kind=KEY_RESULT_DELETED,
        target=obj,
        product=objective.product,
        changes={"check_ins": [str(check_ins), ""]} if check_ins else {},
        note=note,
    )
    obj.delete()
    scores_refresh(objectives=[objective])


@transaction.atomic
def check_in_delete(*, actor: User, obj: CheckIn, note: str = "") -> None:
    """Delete one check-in, only in an open cycle. The value it recorded stays where it
    went (the key result's current value or the metric's data): the check-in is the
    record of that week's confidence, not the value's only copy."""
    obj.ensure_deletable()
    key_result = obj.key_result
    # The entry points at the key result, which remains, and names the deleted week.
    activity_record(
        workspace=key_result.objective.cycle.workspace,
        actor=actor,
        kind=CHECK_IN_DELETED,
        target=key_result,
        product=key_result.objective.product,
        changes={"check_in": [str(obj), ""]},
        note=note,
    )
    obj.delete()
    scores_refresh(key_results=[key_result])


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
        if key_result.metric is not None:
            metric_values_record(
                actor=actor,
                metric=key_result.metric,
                values=[(day, value, _("check-in"))],
                source=ValueSource.CHECK_IN,
            )
        else:
            update_versioned(key_result, {"current": value}, clean=False)
    recorded = key_result.current_value if value is None else value
    check_in = CheckIn(
        key_result=key_result,
        week=week,
        value=recorded,
        confidence=confidence,
        comment=comment.strip(),
        author=actor,
    )
    check_in.full_clean(validate_unique=False, validate_constraints=False)
    # One statement that inserts the week's check-in or replaces it: two people checking
    # in at the same moment both succeed, the later one's values stay, no unique error.
    CheckIn.objects.bulk_create(
        [check_in],
        update_conflicts=True,
        unique_fields=["key_result", "week"],
        update_fields=["value", "confidence", "comment", "author", "created_at"],
    )
    scores_refresh(key_results=[key_result])
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
