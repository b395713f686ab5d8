"""How far a calibrated answer can be trusted, said with the answer.

Every forecast carries an ``Honesty``: ``checked`` is true when its calibration was shown,
on real histories it was not learned on (leave one history out, ``learn_reference``), to
come true about as often as it claims at this window and horizon, and nothing else limits
it. Otherwise ``limits`` says why, each a ``ForecastWarning`` with a stable code:

``horizon_unchecked`` (days, checked_days, hit_85, hit_95)
    At the nearest checked horizon at or beyond this one (``checked_days``), calibrated
    forecasts came true less often than they claimed (by more than ``TOLERANCE``) on
    held-out histories: over such spans teams change more than any past window shows.
``horizon_beyond_checks`` (days, checked_days)
    The horizon lies beyond the longest one checked.
``little_data`` (days, minimum)
    The window has fewer days with completions than any past forecast the calibration was
    checked on (those were left out), so nobody knows how often such answers come true.
``calibration_unchecked`` (source)
    The calibration is a fixed widening (weekly sampling), never measured against outcomes.
``plain_levels`` (hit_85, hit_95)
    Calibration was switched off; on held-out histories plain levels were met this often.
``plain_unchecked``
    Calibration was switched off with weekly sampling, where plain levels were never measured.
"""

from __future__ import annotations

from dataclasses import dataclass

from ._setup import MIN_COMPLETION_DAYS
from .calibration import Calibration, checked_hit_rates
from .errors import ForecastWarning
from .history import Window

__all__ = ["Honesty", "assess"]

TOLERANCE = 0.02  # a level met this much less often than claimed still counts as met


@dataclass(frozen=True)
class Honesty:
    """``hit_rates`` are the held-out hit rates behind the judgement (fractions, keyed like
    the answers); ``horizon_days`` the horizon they were measured at."""

    checked: bool
    horizon_days: int
    hit_rates: dict[str, float]
    limits: tuple[ForecastWarning, ...]

    def as_dict(self) -> dict[str, object]:
        return {
            "checked": self.checked,
            "horizon_days": self.horizon_days,
            "hit_rates": self.hit_rates,
            "limits": [w.as_dict() for w in self.limits],
        }


def _pct(rates: dict[str, float], key: str) -> int | None:
    return round(100 * rates[key]) if key in rates else None


def assess(
    calibration: Calibration,
    *,
    windows: tuple[Window, ...],
    window_days: int | None,
    horizon_days: float,
    unit: str,
) -> Honesty:
    """Judge a forecast's calibration at ``horizon_days`` (for "when", the median)."""
    limits: list[ForecastWarning] = []
    checked_days, rates = checked_hit_rates(
        window_days=window_days or 180, horizon_days=horizon_days
    )
    kind = {"own": "default", "reference": "calibrated", "none": "plain"}.get(calibration.source)
    shown = dict(rates.get(kind, {})) if kind else {}
    days = round(horizon_days)
    if calibration.source == "widened" or (unit != "day" and calibration.source != "none"):
        limits.append(
            ForecastWarning(
                "calibration_unchecked",
                "This calibration (a fixed conservative widening) was never checked against "
                "what really happened: treat the calibrated answers as rough.",
                {"source": calibration.source},
            )
        )
        shown = {}
    elif calibration.source == "none" and unit != "day":
        limits.append(
            ForecastWarning(
                "plain_unchecked",
                "Plain levels, and how often they come true with weekly sampling was never "
                "measured: treat the answers as rough.",
                {},
            )
        )
        shown = {}
    elif calibration.source == "none":
        limits.append(
            ForecastWarning(
                "plain_levels",
                f"Plain levels: on real histories, plain forecasts like this came true "
                f'{_pct(shown, "85")}% of the time at "85%" and {_pct(shown, "95")}% at '
                f'"95%".',
                {"hit_85": _pct(shown, "85"), "hit_95": _pct(shown, "95")},
            )
        )
    elif not shown:
        limits.append(
            ForecastWarning(
                "horizon_beyond_checks",
                f"Calibration was checked up to {checked_days} days ahead; {days} days is "
                "further: treat the answer as rough and forecast again as you go.",
                {"days": days, "checked_days": checked_days},
            )
        )
    elif any(shown[k] < float(k) / 100 - TOLERANCE for k in shown if float(k) >= 50):
        limits.append(
            ForecastWarning(
                "horizon_unchecked",
                f"Checked {checked_days} days ahead on histories they were not learned on, "
                f"calibrated forecasts came true only {_pct(shown, '85')}% of the time at "
                f'"85%" and {_pct(shown, "95")}% at "95%"; this one looks {days} days '
                "ahead: treat it as rough and forecast again as you go.",
                {
                    "days": days,
                    "checked_days": checked_days,
                    "hit_85": _pct(shown, "85"),
                    "hit_95": _pct(shown, "95"),
                },
            )
        )
    fewest = min(w.days_with_completions for w in windows)
    if fewest < MIN_COMPLETION_DAYS:
        limits.append(
            ForecastWarning(
                "little_data",
                f"Only {fewest} day(s) with completions in the window: too few to know how "
                "often such forecasts come true; the calibrated answer is a guess.",
                {"days": fewest, "minimum": MIN_COMPLETION_DAYS},
            )
        )
    return Honesty(
        checked=not limits,
        horizon_days=checked_days,
        hit_rates={k: round(v, 4) for k, v in shown.items()},
        limits=tuple(limits),
    )
