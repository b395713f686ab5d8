from __future__ import annotations

from django import template
from django.utils.html import json_script
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

register = template.Library()


@register.simple_tag
def chart_labels() -> SafeString:
    """Translated words the charts need, as a JSON script element (never inline code)."""
    labels = {
        "done": _("Items finished"),
        "items": _("Items"),
        "days": _("Days"),
        "p": _("Probability"),
        "cum": _("Cumulative probability"),
        "cycle": _("Cycle time (days)"),
        "wip": _("In progress"),
        "arrived": _("Arrived"),
        "completed": _("Completed"),
        "window": _("History window"),
        "plain": _("plain"),
        "calibrated": _("calibrated"),
        "actual": _("Actual"),
        "hit": _("Hit rate"),
        "remaining": _("Remaining"),
        "ndays": _("Number of days"),
        # xgettext:no-python-format
        "date50": _("50% date"),
        # xgettext:no-python-format
        "date85": _("85% date"),
        # xgettext:no-python-format
        "date85c": _("85% date, calibrated"),
        # xgettext:no-python-format
        "p50": _("50% forecast"),
        # xgettext:no-python-format
        "p85": _("85% forecast"),
        # xgettext:no-python-format
        "p85c": _("85% forecast, calibrated"),
    }
    return json_script(labels, "forecast-labels")


@register.filter
def percent(value) -> str:
    """A whole percentage in the reader's typography: "85%" in English, "85 %" in German."""
    if value is None or value == "":
        return "—"
    # Translators: a percentage; German puts a no-break space before the sign.
    return _("%(value)s%%") % {"value": f"{float(value):.0f}"}


@register.filter
def outcome_hit(outcome: dict, arg: str):
    """``outcome|outcome_hit:"calibrated:85"`` → True, False or None."""
    kind, _sep, level = arg.partition(":")
    return (outcome or {}).get("hits", {}).get(kind, {}).get(level)
