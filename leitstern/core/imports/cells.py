"""Cells to values: dates and numbers as people type them in English and German
spreadsheets, within the bounds Leitstern accepts. No Django here.

Dates: ``2026-03-31`` (a time of day after it is ignored), ``31.03.2026``, ``31.03.26`` and
``2026/03/31``; nothing ambiguous (``03/04/2026`` is refused, it could be either order).
Numbers: ``1.234,5`` and ``-0,25`` (German), ``1,234.5`` and ``1234.5`` (English); a trailing
``%``, spaces and apostrophes as thousands separators are allowed. Which of ``1,5`` and
``1.5`` is a decimal comma is decided per file: a file separated by semicolons is German
Excel's, so its commas are decimal commas.
"""

from __future__ import annotations

import math
import re
from datetime import date, datetime

from leitstern.core.imports.problems import CellError
from leitstern.core.limits import MAX_DATE, MIN_DATE

_DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y", "%Y/%m/%d")
_GERMAN_THOUSANDS = re.compile(r"^[-+]?\d{1,3}(\.\d{3})+(,\d+)?$")
_ENGLISH_THOUSANDS = re.compile(r"^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$")
_PLAIN_NUMBER = re.compile(r"^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$")


def parse_date(text: str, *, low: date = MIN_DATE, high: date = MAX_DATE) -> date:
    """The day written in ``text``; ``CellError`` (``date`` or ``date_out_of_range``)."""
    cleaned = text.strip()
    # Spreadsheets often append a time of day ("2026-03-01 00:00:00").
    cleaned = re.split(r"[ T]", cleaned, maxsplit=1)[0] if cleaned else cleaned
    for fmt in _DATE_FORMATS:
        try:
            value = datetime.strptime(cleaned, fmt).date()
        except ValueError:
            continue
        if not low <= value <= high:
            raise CellError(
                "date_out_of_range",
                f"{text!r} lies outside {low.isoformat()} to {high.isoformat()}.",
                value=text.strip(),
                min=low.isoformat(),
                max=high.isoformat(),
            )
        return value
    raise CellError("date", f"{text!r} is not a date.", value=text.strip())


def parse_number(text: str, *, decimal_comma: bool) -> float:
    """The finite number written in ``text``; ``CellError`` (``number``) otherwise."""
    value = _number(text, decimal_comma=decimal_comma)
    if value is None:
        raise CellError("number", f"{text!r} is not a number.", value=text.strip())
    return value


def _number(text: str, *, decimal_comma: bool) -> float | None:
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "").replace("'", "")
    cleaned = cleaned.removesuffix("%")
    if not cleaned:
        return None
    if decimal_comma:
        if "." in cleaned and not _GERMAN_THOUSANDS.match(cleaned):
            return None if "," in cleaned else _float(cleaned)
        cleaned = cleaned.replace(".", "").replace(",", ".")
    elif "," in cleaned:
        if not _ENGLISH_THOUSANDS.match(cleaned):
            return None
        cleaned = cleaned.replace(",", "")
    return _float(cleaned)


def _float(text: str) -> float | None:
    # Only digits, a point and an exponent: float() would also take "nan", "inf" and "1_000".
    if not _PLAIN_NUMBER.match(text):
        return None
    value = float(text)
    return value if math.isfinite(value) else None
