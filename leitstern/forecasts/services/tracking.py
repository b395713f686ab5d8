"""Tracking forecasts: one question recomputed every day with fresh data."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import TypedDict

from django.db import transaction
from django.tasks import task
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leitstern.accounts.models import User
from leitstern.activity import kinds
from leitstern.activity.services import activity_record
from leitstern.engines.forecast import DailySeries
from leitstern.forecasts.answers import ForecastError, Spec, compute
from leitstern.forecasts.models import Question, TrackingForecast, TrackingPoint, WorkItem
from leitstern.forecasts.selectors import today
from leitstern.teams.models import Team

TRACKING_CREATED = kinds.register(
    "forecasts.tracking_created", gettext_lazy("started tracking a forecast")
)
TRACKING_DELETED = kinds.register(
    "forecasts.tracking_deleted", gettext_lazy("stopped tracking a forecast")
)
TRACKING_MOVED = kinds.register(
    "forecasts.tracking_moved", gettext_lazy("saw a forecast date move")
)


class ScenarioOptions(TypedDict, total=False):
    """How a tracking forecast reads the history (``Spec``'s fields of the same names);
    an option left out takes the default of ``tracking_spec``."""

    window: int  # days of history
    unit: str  # "day" or "week"
    working_days: bool
    calibration: str  # "auto", "own", "reference", "widen" or "none"
    growth: bool
    engine: str  # "exact" or "montecarlo"


@transaction.atomic
def tracking_create(
    *,
    actor: User,
    team: Team,
    name: str,
    items: int,
    start: date,
    alert_days: int = 7,
    options: ScenarioOptions | None = None,
) -> TrackingForecast:
    """Track when ``items`` items, counted from ``start``, will be done: the forecast is
    recomputed every day, and a move of its calibrated 85% date by more than
    ``alert_days`` is recorded in the activity log (``tracking_refresh``)."""
    tracking = TrackingForecast(
        team=team,
        created_by=actor,
        name=name.strip(),
        items=items,
        start=start,
        alert_days=alert_days,
        options=dict(options or {}),
    )
    tracking.full_clean()
    tracking.save()
    activity_record(workspace=team.workspace, actor=actor, kind=TRACKING_CREATED, target=tracking)
    transaction.on_commit(lambda: _first_point(tracking.pk))
    return tracking


def _first_point(pk: int) -> None:
    refresh_tracking.enqueue(pk)


@transaction.atomic
def tracking_delete(*, actor: User, tracking: TrackingForecast) -> None:
    activity_record(
        workspace=tracking.team.workspace, actor=actor, kind=TRACKING_DELETED, target=tracking
    )
    tracking.delete()


def tracking_spec(tracking: TrackingForecast, *, as_of: date, done: int) -> Spec:
    options = tracking.options
    return Spec(
        question=Question.WHEN,
        as_of=as_of,
        items=tracking.items,
        done=done,
        window=options.get("window", 180),
        unit=options.get("unit", "day"),
        working_days=options.get("working_days", False),
        calibration=options.get("calibration", "auto"),
        growth=options.get("growth", False),
        engine=options.get("engine", "exact"),
    )


@transaction.atomic
def tracking_refresh(
    *,
    tracking: TrackingForecast,
    as_of: date | None = None,
    series: DailySeries | None = None,
    computed_at: datetime | None = None,
) -> TrackingPoint | None:
    """Compute the day's point (as of yesterday by default), counting down the items done
    since the start. A move of the calibrated 85% date by more than ``alert_days`` is
    recorded in the activity log. ``None`` when the history cannot answer yet."""
    as_of = as_of or today() - timedelta(days=1)
    done = (
        WorkItem.objects.filter(team=tracking.team)
        .finished()
        .filter(done__gte=tracking.start, done__lte=as_of)
        .count()
    )
    remaining = max(tracking.items - done, 0)
    dates: dict[str, date | None] = {"p50": None, "p85": None, "p85_calibrated": None}
    if remaining:
        spec = tracking_spec(tracking, as_of=as_of, done=min(done, tracking.items - 1))
        try:
            answer = compute(tracking.team, spec, series=series)
        except ForecastError:
            return None
        rows = {r.level: r for r in answer.rows}
        dates = {
            "p50": rows["50"].plain if "50" in rows else None,
            "p85": rows["85"].plain if "85" in rows else None,
            "p85_calibrated": rows["85"].calibrated if "85" in rows else None,
        }
    previous = tracking.points.filter(as_of__lt=as_of).order_by("-as_of").first()
    point, _created = TrackingPoint.objects.update_or_create(
        tracking=tracking,
        as_of=as_of,
        defaults={
            "done": done,
            "remaining": remaining,
            "computed_at": computed_at or timezone.now(),
            **dates,
        },
    )
    before = previous.p85_calibrated if previous else None
    after = point.p85_calibrated
    if before and after and abs((after - before).days) > tracking.alert_days:
        activity_record(
            workspace=tracking.team.workspace,
            actor=None,
            kind=TRACKING_MOVED,
            target=tracking,
            changes={"p85_calibrated": [before.isoformat(), after.isoformat()]},
            note=_("The 85%% date moved by %(days)s days.") % {"days": (after - before).days},
        )
    return point


@task()
def refresh_tracking(tracking_id: int) -> str:
    """Compute a tracking forecast's point for today (``tracking_create`` enqueues this)."""
    tracking = (
        TrackingForecast.objects.select_related("team__workspace").filter(pk=tracking_id).first()
    )
    if tracking is None:
        return "skipped"
    point = tracking_refresh(tracking=tracking)
    return "computed" if point else "no answer"
