"""Reading the date formats that tracker exports write.

ISO 8601 (``2026-11-21``, ``2026-11-21T10:15:00Z``), Jira (``21/Nov/26 10:15 AM``,
``21/Mär/26``, ``21.11.26 10:15``), Linear (``Fri Nov 21 2025 10:15:00 GMT+0000 (...)``),
Azure DevOps and spreadsheets (``11/21/2026 10:15:00 AM`` or ``21/11/2026``) and month names
(``Nov 21, 2026``, ``21 November 2026``), in English and German. The time of day and any time
zone are ignored: an item counts on the calendar day written in the file.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from datetime import date

__all__ = ["MAX_DATE", "MIN_DATE", "DateOrder", "DateOutOfRange", "detect_date_order", "parse_date"]

DateOrder = str  # "dmy" | "mdy"

# The days a reader accepts unless told otherwise. A tracker export holds dates of the
# software era; a year 1 or 9999 is a typo or a placeholder, and taken at its word it would
# stretch every daily series over millennia.
MIN_DATE = date(1970, 1, 1)
MAX_DATE = date(2100, 12, 31)


class DateOutOfRange(ValueError):
    """A readable date outside the bounds a reader accepts (``value``)."""

    def __init__(self, value: date, low: date, high: date) -> None:
        super().__init__(
            f"{value.isoformat()} lies outside {low.isoformat()} to {high.isoformat()}"
        )
        self.value = value
        self.low = low
        self.high = high


_MONTHS = {
    "jan": 1, "januar": 1, "january": 1, "jän": 1, "jänner": 1,
    "feb": 2, "februar": 2, "february": 2,
    "mar": 3, "mär": 3, "mrz": 3, "maer": 3, "märz": 3, "march": 3,
    "apr": 4, "april": 4,
    "may": 5, "mai": 5,
    "jun": 6, "juni": 6, "june": 6,
    "jul": 7, "juli": 7, "july": 7,
    "aug": 8, "august": 8,
    "sep": 9, "sept": 9, "september": 9,
    "oct": 10, "okt": 10, "oktober": 10, "october": 10,
    "nov": 11, "november": 11,
    "dec": 12, "dez": 12, "dezember": 12, "december": 12,
}  # fmt: skip

_ISO = re.compile(r"^(\d{4})[-/](\d{1,2})[-/](\d{1,2})(?:$|[T ])")
_DOTTED = re.compile(r"^(\d{1,2})\.(\d{1,2})\.(\d{2}|\d{4})(?:$|[ ,])")
_NUMERIC = re.compile(r"^(\d{1,2})[/-](\d{1,2})[/-](\d{2}|\d{4})(?:$|[ ,])")
# ``_NUMERIC`` on a NUL-separated column of unstripped cells (see ``column_parts``).
_NUMERIC_CELL = re.compile(
    r"\x00\s*(\d{1,2})[/-](\d{1,2})[/-](?:\d{2}|\d{4})(?=\s*(?:\x00|\Z)|[ ,])"
)
_DAY_MONTHNAME = re.compile(r"^(\d{1,2})[ ./-]+([^\W\d_]+)\.?[ ./-]+(\d{2}|\d{4})(?:$|[ ,])")
# Linear ("Fri Nov 21 2025 10:15:00 GMT+0000 (...)") and "Nov 21, 2026".
_MONTHNAME_DAY = re.compile(r"^(?:[^\W\d_]{2,}\.?,? )?([^\W\d_]+)\.? (\d{1,2}),? (\d{4})(?:$|[ ,])")


def _year(text: str) -> int:
    year = int(text)
    if len(text) == 2:
        # Two-digit years in tracker exports are this century's; 70-99 read as 1970-1999.
        year += 2000 if year < 70 else 1900
    return year


def _month(name: str) -> int:
    month = _MONTHS.get(name.lower().rstrip("."))
    if month is None:
        raise ValueError(f"unknown month name {name!r}")
    return month


def numeric_parts(value: str) -> tuple[int, int] | None:
    """The first two numbers of a ``a/b/yyyy`` date, for telling day/month order apart."""
    match = _NUMERIC.match(value.strip())
    if match is None:
        return None
    return int(match.group(1)), int(match.group(2))


def detect_date_order(values: Iterable[str]) -> DateOrder | None:
    """``"dmy"`` or ``"mdy"`` if the ``a/b/yyyy`` values settle it; ``None`` if ambiguous.

    Raises ``ValueError`` if the values contradict each other (some need day first, some
    month first).
    """
    day_first = month_first = False
    for value in values:
        parts = numeric_parts(value)
        if parts is None:
            continue
        a, b = parts
        day_first |= a > 12
        month_first |= b > 12
    if day_first and month_first:
        raise ValueError("the column mixes day/month and month/day dates")
    if day_first:
        return "dmy"
    if month_first:
        return "mdy"
    return None


def needs_order(value: str) -> bool:
    parts = numeric_parts(value)
    return parts is not None and parts[0] <= 12 and parts[1] <= 12 and parts[0] != parts[1]


def column_parts(cells: Iterable[str]) -> set[tuple[int, int]]:
    """``numeric_parts`` of every cell that has them, as a set, in one pass over the column.

    The cells are joined with NUL (which a table never holds: ``parse_items`` refuses such
    files) and searched with ``_NUMERIC`` spelled for unstripped cells, so a column of ISO
    dates costs one scan of the text instead of a regular expression per cell.
    """
    found = _NUMERIC_CELL.findall("\x00" + "\x00".join(cells))
    return {(int(a), int(b)) for a, b in set(found)}


def order_from_parts(parts: Iterable[tuple[int, int]]) -> DateOrder | None:
    """``detect_date_order`` on values with these ``numeric_parts``."""
    day_first = month_first = False
    for a, b in parts:
        day_first |= a > 12
        month_first |= b > 12
    if day_first and month_first:
        raise ValueError("the column mixes day/month and month/day dates")
    if day_first:
        return "dmy"
    if month_first:
        return "mdy"
    return None


def parts_need_order(parts: Iterable[tuple[int, int]]) -> bool:
    """Whether any value with these ``numeric_parts`` satisfies ``needs_order``."""
    return any(a <= 12 and b <= 12 and a != b for a, b in parts)


def parse_date(value: str, *, order: DateOrder | None = None) -> date:
    """The calendar day written in ``value``. Raises ``ValueError`` with the reason."""
    text = value.strip().strip('"').strip()
    if not text:
        raise ValueError("empty")
    if (
        # ``YYYY-MM-DD`` alone or followed by a time: what ``_ISO`` reads, without it.
        (len(text) == 10 or (len(text) > 10 and text[10] in "T "))
        and text[4] == "-"
        and text[7] == "-"
        and text[:4].isascii()
        and text[:4].isdigit()
        and text[5:7].isascii()
        and text[5:7].isdigit()
        and text[8:10].isascii()
        and text[8:10].isdigit()
    ):
        return date(int(text[:4]), int(text[5:7]), int(text[8:10]))
    if match := _ISO.match(text):
        y, m, d = match.groups()
        return date(int(y), int(m), int(d))
    if match := _DOTTED.match(text):
        d, m, y = match.groups()
        return date(_year(y), int(m), int(d))
    if match := _NUMERIC.match(text):
        a, b, y = int(match.group(1)), int(match.group(2)), _year(match.group(3))
        if a > 12:
            return date(y, b, a)
        if b > 12:
            return date(y, a, b)
        if a == b:
            return date(y, a, b)
        if order is None:
            raise ValueError("day and month order is ambiguous")
        return date(y, b, a) if order == "dmy" else date(y, a, b)
    if match := _DAY_MONTHNAME.match(text):
        d, name, y = match.groups()
        return date(_year(y), _month(name), int(d))
    if match := _MONTHNAME_DAY.match(text):
        name, d, y = match.groups()
        return date(int(y), _month(name), int(d))
    raise ValueError("not a recognised date format")
