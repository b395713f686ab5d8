"""Writes for OKRs: cycles and their close, objectives, key results and check-ins."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from leitstern.accounts.models import User
from leitstern.activity.services import activity_record
from leitstern.core.services import reject_unknown_fields
from leitstern.core.versioning import unique_race_as_error, update_versioned
from leitstern.strategy import periods, scoring
from leitstern.strategy.models import (
    CheckIn,
    Cycle,
    KeyResult,
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
from leitstern.strategy.services.scores import scores_refresh
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
    cycle = Cycle(workspace=workspace, name=name, starts_on=starts_on, ends_on=ends_on)
    cycle.full_clean()
    with unique_race_as_error(cycle):
        cycle.save()
    activity_record(workspace=workspace, actor=actor, kind=CYCLE_CREATED, target=cycle)
    return cycle


@transaction.atomic
def cycle_update(*, actor: User, cycle: Cycle, version: int | None = None, **data: Any) -> Cycle:
    """Change the given fields of an open cycle, and only those; with ``version``, a field
    someone else changed since that version raises ``EditConflict``."""
    reject_unknown_fields(data, ["name", "starts_on", "ends_on"])
    cycle.ensure_open()
    changes = update_versioned(cycle, data, version=version)
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
    # What each key result and objective will be frozen at, written once all are valid.
    finals: list[tuple[Objective, list[tuple[KeyResult, dict]], dict]] = []
    for objective in objectives:
        krs = [
            (kr, {"final_value": kr.current_value, "final_score": kr.score_detail().score})
            for kr in objective.key_results.all()
        ]
        score = scoring.objective_score([final["final_score"] for _kr, final in krs])
        review = {
            "learnings": (learnings.get(objective.pk) or objective.learnings).strip(),
            "postmortem": (postmortems.get(objective.pk) or objective.postmortem).strip(),
            "final_score": score,
        }
        if postmortem_needed(objective, score) and not review["postmortem"]:
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


@transaction.atomic
def objective_create(*, actor: User, cycle: Cycle, **data: Any) -> Objective:
    reject_unknown_fields(data, Objective.EDITABLE_FIELDS)
    cycle.ensure_open()
    objective = Objective(cycle=cycle, **data)
    check_owner(cycle.workspace, data.get("owner"))
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
    **data: Any,
) -> Objective:
    """Change the given fields of an objective, and only those; with ``version``, a field
    someone else changed since that version raises ``EditConflict``. Learnings and the
    post-mortem may still be written after its cycle closed, everything else only while
    it is open."""
    review = ["learnings", "postmortem"]
    reject_unknown_fields(data, Objective.EDITABLE_FIELDS + review)
    if set(data) - set(review):
        objective.cycle.ensure_open()
    if "owner" in data:
        check_owner(objective.cycle.workspace, data["owner"])
    changes = update_versioned(objective, data, version=version)
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
    copy = objective_create(
        actor=actor,
        cycle=cycle,
        title=objective.title,
        description=objective.description,
        kind=objective.kind,
        # An owner who can no longer check in (now a viewer, or gone) hands it to the actor.
        owner=objective.owner if can_own(cycle.workspace, objective.owner) else actor,
        product=objective.product,
        team=objective.team,
    )
    update_versioned(copy, {"carried_from": objective}, clean=False)
    for kr in objective.key_results.select_related("objective__cycle", "metric", "owner"):
        ended = kr.current_value
        reached = ended is not None and (
            (kr.direction == "higher" and ended >= kr.target)
            or (kr.direction == "lower" and ended <= kr.target)
        )
        if reached:
            continue  # nothing left to carry: this key result was achieved
        key_result_create(
            actor=actor,
            objective=copy,
            title=kr.title,
            metric=kr.metric,
            baseline=kr.baseline,
            target=kr.target,
            current=None if kr.metric_id else ended,
            unit=kr.unit,
            direction=kr.direction,
            owner=kr.owner if can_own(cycle.workspace, kr.owner) else None,
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
    reject_unknown_fields(data, KeyResult.EDITABLE_FIELDS)
    objective.cycle.ensure_open()
    for field in ("baseline", "target", "current"):
        _finite(data.get(field), field)
    check_owner(objective.cycle.workspace, data.get("owner"))
    key_result = KeyResult(objective=objective, **data)
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
    **data: Any,
) -> KeyResult:
    """Change the given fields of a key result in an open cycle, and only those; with
    ``version``, a field someone else changed since that version raises ``EditConflict``."""
    reject_unknown_fields(data, KeyResult.EDITABLE_FIELDS)
    objective = key_result.objective
    objective.cycle.ensure_open()
    for field in ("baseline", "target", "current"):
        _finite(data.get(field), field)
    if "owner" in data:
        check_owner(objective.cycle.workspace, data["owner"])
    changes = update_versioned(key_result, data, version=version)
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
        if key_result.metric_id:
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
