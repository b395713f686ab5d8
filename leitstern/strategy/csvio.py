"""Writing spreadsheet-safe CSV. No Django. (Reading metric values from CSV is the kernel's
import flow: ``strategy.importers``.)"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> str:
    """A cell value that a spreadsheet will show as text, never run as a formula (OWASP
    "CSV injection"): cells starting with = + - @ tab or CR get a leading single quote."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def write_csv(rows: Iterable[Iterable[object]], *, delimiter: str = ",") -> str:
    """Rows as CSV text with every cell made spreadsheet-safe. Numbers are written as
    numbers (a negative number is data, not a formula)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    for row in rows:
        writer.writerow(
            [
                cell
                if isinstance(cell, int | float) and not isinstance(cell, bool)
                else spreadsheet_safe(cell)
                for cell in row
            ]
        )
    return buffer.getvalue()
