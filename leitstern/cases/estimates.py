"""Estimates as people type them, as the database keeps them, and as the engine reads them.

Typed (forms, machine-readable in every language): ``12`` a number known well enough;
``6800..13000`` a calibrated 90% range (lower..upper); ``2/3/5`` a three-point estimate
(lowest plausible / most likely / highest plausible). Kept (JSON): ``{"point": 12}``,
``{"lower": 6800, "upper": 13000}``, ``{"low": 2, "likely": 3, "high": 5}``."""

from __future__ import annotations

import math
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from leitstern.engines.cases import Point, Range, ThreePoint

MAX_TEXT = 80


def _number(text: str) -> float:
    text = text.strip().replace("_", "")
    try:
        value = float(text)
    except ValueError:
        raise ValidationError(
            _("“%(text)s” is not a number. Write numbers with a point: 0.25, 6800.")
            % {"text": text[:20]}
        ) from None
    if not math.isfinite(value) or abs(value) > 1e15:
        raise ValidationError(_("Give a finite number below 10¹⁵."))
    return value


def parse(text: str) -> dict[str, float]:
    """The kept form of a typed estimate, or ``ValidationError`` saying what is wrong."""
    text = (text or "").strip()
    if not text:
        raise ValidationError(_("Give a number, a range such as 2..4 or three points 2/3/5."))
    if len(text) > MAX_TEXT:
        raise ValidationError(_("Keep an estimate to %(max)d characters.") % {"max": MAX_TEXT})
    if ".." in text:
        lower_text, _sep, upper_text = text.partition("..")
        lower, upper = _number(lower_text), _number(upper_text)
        if upper < lower:
            raise ValidationError(
                _("The upper bound (%(upper)s) is below the lower bound (%(lower)s).")
                % {"upper": upper_text.strip(), "lower": lower_text.strip()}
            )
        return {"lower": lower, "upper": upper}
    if "/" in text:
        parts = text.split("/")
        if len(parts) != 3:
            raise ValidationError(
                _("A three-point estimate has three numbers: lowest/most likely/highest.")
            )
        low, likely, high = (_number(part) for part in parts)
        if not low <= likely <= high:
            raise ValidationError(
                _("Give the three points in order: lowest ≤ most likely ≤ highest.")
            )
        return {"low": low, "likely": likely, "high": high}
    return {"point": _number(text)}


def _plain(value: float) -> str:
    return f"{value:.12g}"


def as_text(kept: dict[str, Any] | None) -> str:
    """A kept estimate as it is typed (the form's initial value)."""
    if not kept:
        return ""
    if "lower" in kept:
        return f"{_plain(kept['lower'])}..{_plain(kept['upper'])}"
    if "likely" in kept:
        return f"{_plain(kept['low'])}/{_plain(kept['likely'])}/{_plain(kept['high'])}"
    return _plain(kept["point"])


def to_engine(kept: dict[str, Any] | None) -> float | Point | Range | ThreePoint:
    if not kept:
        return 0.0
    if "lower" in kept:
        return Range(float(kept["lower"]), float(kept["upper"]), kept.get("shape", "auto"))
    if "likely" in kept:
        return ThreePoint(
            float(kept["low"]),
            float(kept["likely"]),
            float(kept["high"]),
            kept.get("shape", "pert"),
        )
    return float(kept["point"])


def from_engine(estimate: Any) -> dict[str, Any]:
    """The kept form of an engine estimate (templates are engine cases)."""
    if isinstance(estimate, Range):
        kept: dict[str, Any] = {"lower": estimate.lower, "upper": estimate.upper}
        if estimate.shape != "auto":
            kept["shape"] = estimate.shape
        return kept
    if isinstance(estimate, ThreePoint):
        kept = {"low": estimate.low, "likely": estimate.likely, "high": estimate.high}
        if estimate.shape != "pert":
            kept["shape"] = estimate.shape
        return kept
    if isinstance(estimate, Point):
        return {"point": float(estimate.value)}
    return {"point": float(estimate)}


def is_uncertain(kept: dict[str, Any] | None) -> bool:
    return bool(kept) and "point" not in kept
