"""The classic stakeholder analyses as plain rules, without Django (tested directly).

* Power / interest grid (Mendelow): both axes run from 0 to 10; 5 and above is "high". High
  power and high interest: manage closely; high power only: keep satisfied; high interest
  only: keep informed; neither: monitor.
* Salience (Mitchell, Agle and Wood 1997): which of power, legitimacy and urgency a person
  has names their class — one attribute: dormant, discretionary or demanding; two: dominant,
  dangerous or dependent; all three: definitive.
* Engagement (PMBOK's assessment matrix): unaware < resistant < neutral < supportive <
  leading, current and desired; the gap is how many levels the person should still move.
* Whom to talk to this week: a score from the gap, the power and the weeks since the last
  conversation (``talk_priority``).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

AXIS_MIN = 0.0
AXIS_MAX = 10.0
HIGH = 5.0  # from here on an axis counts as high

MANAGE_CLOSELY = "manage_closely"
KEEP_SATISFIED = "keep_satisfied"
KEEP_INFORMED = "keep_informed"
MONITOR = "monitor"
QUADRANTS = (MANAGE_CLOSELY, KEEP_SATISFIED, KEEP_INFORMED, MONITOR)

ENGAGEMENT_LEVELS = ("unaware", "resistant", "neutral", "supportive", "leading")

SALIENCE_CLASSES = {
    (False, False, False): "none",
    (True, False, False): "dormant",
    (False, True, False): "discretionary",
    (False, False, True): "demanding",
    (True, True, False): "dominant",
    (True, False, True): "dangerous",
    (False, True, True): "dependent",
    (True, True, True): "definitive",
}

# Weeks since the last conversation count up to this many; never spoken counts as this many.
TALK_WEEKS_CAP = 12
# Spoken to within this many weeks: not on this week's list.
TALK_RECENT_WEEKS = 2


def on_axis(value: float) -> bool:
    """True for a finite value on the grid's axes (0 to 10, both included)."""
    return math.isfinite(value) and AXIS_MIN <= value <= AXIS_MAX


def quadrant(power: float | None, interest: float | None) -> str | None:
    """The Mendelow quadrant of a position, or None for a person not placed yet."""
    if power is None or interest is None:
        return None
    high_power, high_interest = power >= HIGH, interest >= HIGH
    if high_power and high_interest:
        return MANAGE_CLOSELY
    if high_power:
        return KEEP_SATISFIED
    if high_interest:
        return KEEP_INFORMED
    return MONITOR


def salience_class(*, power: bool, legitimacy: bool, urgency: bool) -> str:
    """The salience class of the attributes a person has (``"none"`` without any)."""
    return SALIENCE_CLASSES[(bool(power), bool(legitimacy), bool(urgency))]


def engagement_gap(current: str | None, desired: str | None) -> int | None:
    """How many levels ``current`` lies below ``desired`` (0 when at or above it); None
    while either is unknown."""
    if not current or not desired:
        return None
    return max(0, ENGAGEMENT_LEVELS.index(desired) - ENGAGEMENT_LEVELS.index(current))


@dataclass(frozen=True)
class TalkPriority:
    """Why a person is on this week's list: the parts of the score and the score."""

    gap: int
    power: float
    weeks: float
    score: float
    never_spoken: bool

    @property
    def due(self) -> bool:
        """Worth a conversation this week: not spoken to in the last two weeks, and either
        behind the engagement wanted or long without a conversation."""
        return self.weeks >= TALK_RECENT_WEEKS and self.score > 0


def talk_priority(*, gap: int | None, power: float | None, weeks: float | None) -> TalkPriority:
    """score = (1 + gap) × (power + 1) / 11 × min(weeks, 12) / 12.

    ``gap`` is the engagement gap (unknown counts as 1: nobody knows where they stand);
    ``power`` the grid's power (unknown counts as the middle, 5); ``weeks`` the weeks since
    the last conversation (never: 12). Each part grows the score: a resistant person with
    high power not spoken to for two months comes first; a supportive one spoken to last
    week does not appear."""
    never = weeks is None
    g = 1 if gap is None else max(0, int(gap))
    p = HIGH if power is None else min(max(float(power), AXIS_MIN), AXIS_MAX)
    w = float(TALK_WEEKS_CAP) if never else min(max(float(weeks), 0.0), float(TALK_WEEKS_CAP))
    score = (1 + g) * (p + 1) / (AXIS_MAX + 1) * w / TALK_WEEKS_CAP
    return TalkPriority(gap=g, power=p, weeks=w, score=score, never_spoken=never)
