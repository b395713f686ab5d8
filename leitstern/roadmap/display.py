"""How roadmap values read on pages, in exports and e-mails, in the reader's language."""

from __future__ import annotations

from datetime import date

from django.utils.formats import date_format, number_format
from django.utils.translation import gettext as _

from leitstern.roadmap import periods


def month_label(day: date) -> str:
    """``Jul 2026`` / ``Juli 2026``: months, never days."""
    return date_format(day, "YEAR_MONTH_FORMAT")


def window_label(start: date | None, end: date | None) -> str:
    """A time window as coarse as it was meant: "Q3 2026", "Q3 – Q4 2026", "Jul 2026",
    "Jul – Sep 2026"; empty without a window."""
    if not start or not end:
        return ""
    if periods.is_quarter_range(start, end):
        first, last = periods.quarter_name(start), periods.quarter_name(end)
        return first if first == last else f"{first} – {last}"
    first, last = month_label(start), month_label(end)
    return first if first == last else f"{first} – {last}"


def percent(value: int | None) -> str:
    """``80 %`` in German, ``80%`` in English (as the forecasts write percentages)."""
    if value is None:
        return ""
    return _("%(value)s%%") % {"value": number_format(value)}


def day_label(day: date | None) -> str:
    return date_format(day, "SHORT_DATE_FORMAT") if day else ""
