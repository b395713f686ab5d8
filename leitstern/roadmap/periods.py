"""Months and quarters for time windows and the timeline. No Django: a roadmap's time
windows are whole months (a quarter is three), never days, unless a date is hard."""

from __future__ import annotations

from datetime import date, timedelta


def month_start(day: date) -> date:
    return day.replace(day=1)


def add_months(day: date, months: int) -> date:
    """The first day of the month ``months`` after ``day``'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def month_end(day: date) -> date:
    return add_months(day, 1) - timedelta(days=1)


def months_between(first: date, last: date) -> int:
    """How many months ``first``'s month to ``last``'s month spans (both included)."""
    return (last.year - first.year) * 12 + last.month - first.month + 1


def quarter_start(day: date) -> date:
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def is_quarter_range(start: date, end: date) -> bool:
    """Whether ``start``–``end`` is made of whole quarters."""
    return (
        start.day == 1
        and start.month % 3 == 1
        and end == month_end(end)
        and end.month % 3 == 0
        and start <= end
    )


def quarter_name(day: date) -> str:
    """``Q3 2026``: the same in English and German."""
    return f"Q{(day.month - 1) // 3 + 1} {day.year}"


def window_of_quarter(day: date, quarters: int = 1) -> tuple[date, date]:
    """The window of ``quarters`` quarters starting with ``day``'s quarter."""
    start = quarter_start(day)
    return start, month_end(add_months(start, 3 * quarters - 1))


def parse_month(text: str) -> date | None:
    """``2026-07`` (what ``<input type="month">`` sends) or an ISO date, as the first of the
    month; None for anything else."""
    text = (text or "").strip()
    try:
        if len(text) == 7:
            year, month = text.split("-")
            return date(int(year), int(month), 1)
        return month_start(date.fromisoformat(text))
    except ValueError:
        return None
