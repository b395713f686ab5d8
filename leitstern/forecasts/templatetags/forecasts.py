from __future__ import annotations

from django import template
from django.utils.translation import gettext as _

register = template.Library()


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
