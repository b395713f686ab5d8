"""Reading metric values from CSV. No Django. (Writing CSV is the kernel's: ``core.exports``.)

Reads what people really upload: comma or semicolon separated, German Excel with decimal
comma and ``dd.mm.yyyy`` dates, UTF-8 with or without BOM, or Windows-1252. Every bad row is
reported with its line number and reason; callers save nothing unless there are none."""

from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass, field
from datetime import date, datetime

MAX_ROWS = 20_000


@dataclass(frozen=True)
class Row:
    line: int
    day: date
    value: float
    note: str = ""


@dataclass(frozen=True)
class RowError:
    """``code`` names the problem (``columns``, ``date``, ``value``, ``duplicate``,
    ``too_many``); ``text`` is the offending cell."""

    line: int
    code: str
    text: str = ""


@dataclass
class Parsed:
    rows: list[Row] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    delimiter: str = ","
    decimal_comma: bool = False
    header: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


def decode(data: bytes) -> str:
    """UTF-8 (with or without BOM), else Windows-1252 as older German Excel writes it."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def _delimiter(text: str) -> str:
    first = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: first.count(d) for d in (";", "\t", ",")}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


_DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%d.%m.%y", "%Y/%m/%d")


def parse_date(text: str) -> date | None:
    text = text.strip()
    # Spreadsheets often append a time of day ("2026-03-01 00:00:00").
    text = re.split(r"[ T]", text, maxsplit=1)[0] if text else text
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


_GERMAN_THOUSANDS = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$")
_ENGLISH_THOUSANDS = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$")


def parse_number(text: str, *, decimal_comma: bool) -> float | None:
    """``1.234,5`` (German) or ``1,234.5`` / ``1234.5`` (English); a trailing ``%`` or
    unit-free spaces are allowed. ``None`` when it is not a finite number."""
    cleaned = text.strip().replace("\u00a0", "").replace(" ", "").replace("'", "")
    cleaned = cleaned.removesuffix("%")
    if not cleaned:
        return None
    if decimal_comma:
        if "." in cleaned and not _GERMAN_THOUSANDS.match(cleaned):
            return None if "," in cleaned else _float(cleaned)
        cleaned = cleaned.replace(".", "").replace(",", ".")
    else:
        if "," in cleaned:
            if not _ENGLISH_THOUSANDS.match(cleaned):
                return None
            cleaned = cleaned.replace(",", "")
    return _float(cleaned)


def _float(text: str) -> float | None:
    try:
        value = float(text)
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def parse_values(text: str) -> Parsed:
    """Rows of ``date, value[, note]``; a first row that is not a date is a header."""
    delimiter = _delimiter(text)
    result = Parsed(delimiter=delimiter, decimal_comma=delimiter == ";")
    seen: dict[date, int] = {}
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    for index, cells in enumerate(reader, start=1):
        cells = [cell.strip() for cell in cells]
        if not any(cells):
            continue
        if index == 1 and parse_date(cells[0]) is None:
            result.header = True
            continue
        if len(result.rows) >= MAX_ROWS:
            result.errors.append(RowError(index, "too_many", str(MAX_ROWS)))
            break
        if len(cells) < 2 or len(cells) > 3:
            result.errors.append(RowError(index, "columns", str(len(cells))))
            continue
        day = parse_date(cells[0])
        if day is None:
            result.errors.append(RowError(index, "date", cells[0]))
            continue
        value = parse_number(cells[1], decimal_comma=result.decimal_comma)
        if value is None:
            result.errors.append(RowError(index, "value", cells[1]))
            continue
        if day in seen:
            result.errors.append(RowError(index, "duplicate", str(seen[day])))
            continue
        seen[day] = index
        result.rows.append(Row(index, day, value, cells[2] if len(cells) == 3 else ""))
    return result
