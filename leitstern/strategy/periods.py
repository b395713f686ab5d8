"""Quarters and weeks: the calendar OKR cycles and check-ins run on. No Django."""

from __future__ import annotations

from datetime import date, timedelta


def quarter_bounds(day: date) -> tuple[date, date]:
    """First and last day of the calendar quarter that contains ``day``."""
    first_month = 3 * ((day.month - 1) // 3) + 1
    start = date(day.year, first_month, 1)
    next_start = date(day.year + (first_month == 10), (first_month + 2) % 12 + 1, 1)
    return start, next_start - timedelta(days=1)


def quarter_name(day: date) -> str:
    """``Q3 2026``: the same in English and German."""
    return f"Q{(day.month - 1) // 3 + 1} {day.year}"


def next_quarter(day: date) -> tuple[date, date]:
    _start, end = quarter_bounds(day)
    return quarter_bounds(end + timedelta(days=1))


def week_of(day: date) -> date:
    """The Monday that starts ``day``'s ISO week: check-ins are one per key result a week."""
    return day - timedelta(days=day.weekday())
