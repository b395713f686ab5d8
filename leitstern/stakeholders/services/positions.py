"""Writes for the analyses: each assessment joins its trail (``PositionRecord``), and the
stakeholder's current position follows the latest one."""

from __future__ import annotations

import math
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from leitstern.accounts.models import User
from leitstern.core import limits
from leitstern.core.versioning import update_versioned
from leitstern.stakeholders import analyses
from leitstern.stakeholders.models import (
    Analysis,
    Attitude,
    Engagement,
    PositionRecord,
    Stakeholder,
    Stance,
    Theme,
)
from leitstern.stakeholders.services._common import POSITION_RECORDED, _record_entry, touch


def _day(day: date | None) -> date:
    """The day an assessment is as of: today unless given; never in the future."""
    today = timezone.localdate()
    if day is None:
        return today
    if not limits.date_in_range(day):
        raise ValidationError(
            {
                "day": _("Enter a date between %(low)s and %(high)s.")
                % {"low": limits.MIN_DATE.isoformat(), "high": limits.MAX_DATE.isoformat()}
            }
        )
    if day > today:
        raise ValidationError({"day": _("An assessment cannot be dated in the future.")})
    return day


def _on_axis(value: object, field: str, label: str) -> float:
    """A grid coordinate: a finite number from 0 to 10, kept to one decimal."""
    try:
        number = float(value)  # type: ignore[arg-type]  # any input; float() refuses non-numbers
    except (TypeError, ValueError):
        raise ValidationError({field: _("%(axis)s must be a number.") % {"axis": label}}) from None
    if not analyses.on_axis(number):
        shown = number_format(number) if math.isfinite(number) else str(number)
        raise ValidationError(
            {
                field: _("%(axis)s must lie on the grid's axis, between 0 and 10 (got %(value)s).")
                % {"axis": label, "value": shown}
            }
        )
    return round(number, 1)


def _latest(stakeholder: Stakeholder, analysis: str, **extra) -> PositionRecord | None:
    return (
        stakeholder.positions.filter(analysis=analysis, **extra)
        .order_by("-day", "-created_at", "-id")
        .first()
    )


def _text(value: object) -> str:
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    return str(value)


def _record(
    *,
    actor: User,
    stakeholder: Stakeholder,
    position: PositionRecord,
    current: dict,
    note: str,
) -> PositionRecord:
    """Save ``position``, make the latest record of its analysis the stakeholder's
    current position (``current`` maps the stakeholder's fields to the record's), and log
    it with what changed against the position before."""
    position.full_clean()
    position.save()
    latest = _latest(stakeholder, position.analysis)
    before = {name: getattr(stakeholder, name) for name in current}
    if latest is not None and latest.pk == position.pk:
        values = {name: getattr(position, source) for name, source in current.items()}
        update_versioned(stakeholder, values, clean=False)
    changes = {
        name: [_text(before[name]), _text(getattr(position, source))]
        for name, source in current.items()
        if before[name] != getattr(position, source)
    }
    changes["analysis"] = ["", position.analysis]
    _record_entry(
        workspace=stakeholder.workspace,
        actor=actor,
        kind=POSITION_RECORDED,
        target=stakeholder,
        about=(stakeholder,),
        changes=changes,
        note=note,
    )
    touch(stakeholder.workspace)
    return position


@transaction.atomic
def grid_place(
    *,
    actor: User,
    stakeholder: Stakeholder,
    power: float,
    interest: float,
    day: date | None = None,
    note: str = "",
) -> PositionRecord:
    """Place the stakeholder on the power / interest grid (both 0–10, one decimal)."""
    errors: dict[str, list] = {}
    values = {}
    for field, value, label in (
        ("power", power, _("Power")),
        ("interest", interest, _("Interest")),
    ):
        try:
            values[field] = _on_axis(value, field, label)
        except ValidationError as error:
            errors.update(error.message_dict)
    if errors:
        raise ValidationError(errors)
    position = PositionRecord(
        stakeholder=stakeholder,
        analysis=Analysis.GRID,
        day=_day(day),
        power=values["power"],
        interest=values["interest"],
        note=note,
        recorded_by=actor,
    )
    return _record(
        actor=actor,
        stakeholder=stakeholder,
        position=position,
        current={"power": "power", "interest": "interest"},
        note=note,
    )


@transaction.atomic
def salience_assess(
    *,
    actor: User,
    stakeholder: Stakeholder,
    power: bool,
    legitimacy: bool,
    urgency: bool,
    day: date | None = None,
    note: str = "",
) -> PositionRecord:
    """Mark which salience attributes the stakeholder has (power, legitimacy, urgency)."""
    position = PositionRecord(
        stakeholder=stakeholder,
        analysis=Analysis.SALIENCE,
        day=_day(day),
        has_power=bool(power),
        has_legitimacy=bool(legitimacy),
        has_urgency=bool(urgency),
        note=note,
        recorded_by=actor,
    )
    return _record(
        actor=actor,
        stakeholder=stakeholder,
        position=position,
        current={
            "has_power": "has_power",
            "has_legitimacy": "has_legitimacy",
            "has_urgency": "has_urgency",
        },
        note=note,
    )


@transaction.atomic
def engagement_assess(
    *,
    actor: User,
    stakeholder: Stakeholder,
    current: str,
    desired: str,
    day: date | None = None,
    note: str = "",
) -> PositionRecord:
    """Record where the stakeholder's engagement is and where it should be (either may be
    left empty while unknown)."""
    errors = {}
    for field, value in (("engagement", current), ("desired_engagement", desired)):
        if value and value not in Engagement.values:
            errors[field] = _("Choose one of: %(choices)s.") % {
                "choices": ", ".join(str(label) for label in Engagement.labels)
            }
    if errors:
        raise ValidationError(errors)
    position = PositionRecord(
        stakeholder=stakeholder,
        analysis=Analysis.ENGAGEMENT,
        day=_day(day),
        engagement=current or "",
        desired_engagement=desired or "",
        note=note,
        recorded_by=actor,
    )
    return _record(
        actor=actor,
        stakeholder=stakeholder,
        position=position,
        current={"engagement": "engagement", "desired_engagement": "desired_engagement"},
        note=note,
    )


@transaction.atomic
def stance_set(
    *,
    actor: User,
    stakeholder: Stakeholder,
    theme: Theme,
    attitude: str,
    day: date | None = None,
    note: str = "",
) -> PositionRecord:
    """Record the stakeholder's attitude toward ``theme`` (supports, neutral, opposes)."""
    if theme.workspace_id != stakeholder.workspace_id:
        raise ValidationError({"theme": _("Choose a theme of this workspace.")})
    if attitude not in Attitude.values:
        raise ValidationError(
            {
                "attitude": _("Choose one of: %(choices)s.")
                % {"choices": ", ".join(str(label) for label in Attitude.labels)}
            }
        )
    day = _day(day)
    position = PositionRecord(
        stakeholder=stakeholder,
        analysis=Analysis.ATTITUDE,
        day=day,
        theme=theme,
        attitude=attitude,
        note=note,
        recorded_by=actor,
    )
    position.full_clean()
    position.save()
    stance = Stance.objects.filter(stakeholder=stakeholder, theme=theme).first()
    before = stance.attitude if stance else ""
    latest = _latest(stakeholder, Analysis.ATTITUDE, theme=theme)
    if latest is not None and latest.pk == position.pk:
        Stance.objects.update_or_create(
            stakeholder=stakeholder, theme=theme, defaults={"attitude": attitude}
        )
    _record_entry(
        workspace=stakeholder.workspace,
        actor=actor,
        kind=POSITION_RECORDED,
        target=stakeholder,
        about=(stakeholder,),
        changes={"analysis": ["", Analysis.ATTITUDE], theme.name: [before, attitude]},
        note=note,
    )
    touch(stakeholder.workspace)
    return position
