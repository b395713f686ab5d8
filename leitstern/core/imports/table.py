"""Text to a table: the separator, the records and their row numbers, within bounds.

The separator is the one of ``,`` ``;`` and tab that the first line uses most outside
quotes. Line ends may be ``\\n``, ``\\r\\n`` or a bare ``\\r`` (old Mac Excel). Quotes are read
strictly: a quoted field that never closes, or text after a closing quote, is a
``FileProblem`` naming the row, instead of a table silently shifted by one cell. A row is
numbered as a spreadsheet numbers it (the first record is row 1, blank rows count), so the
numbers in the preview are the ones the user finds in the file.

Bounds: at most ``max_rows`` rows below the header (reading stops at the first one beyond),
``max_columns`` cells in a row and ``max_field`` characters in a cell. Spreadsheets hold at
most 32,767 characters in a cell, so a longer field means a broken or hostile file. No
Django here.
"""

from __future__ import annotations

import bisect
import csv
import io
from dataclasses import dataclass
from itertools import chain, compress, count, islice

from leitstern.core.imports.problems import FileProblem

DELIMITERS = (",", ";", "\t")


@dataclass
class Table:
    """The non-blank records of a file, with ``numbers`` (each record's row number) and,
    when asked for, ``lines`` and ``ends`` (the lines each record starts and ends on), in
    file order. The first record is the header for importers that have one."""

    records: list[list[str]]
    numbers: list[int]
    lines: list[int]
    delimiter: str
    ends: list[int]

    @property
    def header(self) -> list[str]:
        return [cell.strip() for cell in self.records[0]] if self.records else []

    def rows_of_lines(self, lines: tuple[int, ...]) -> list[int]:
        """The row numbers of the records that hold any of ``lines`` (a line outside every
        record, a blank one, names no row)."""
        found = set()
        for line in lines:
            index = bisect.bisect_right(self.lines, line) - 1
            if index >= 0 and line <= self.ends[index]:
                found.add(self.numbers[index])
        return sorted(found)


def sniff_delimiter(text: str) -> str:
    """``,`` ``;`` or tab: the one the first non-blank line uses most outside quotes."""
    for line in io.StringIO(text, newline=""):
        if line.strip():
            first = line
            break
    else:
        return ","
    counts = dict.fromkeys(DELIMITERS, 0)
    quoted = False
    for char in first:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def read_table(
    text: str, *, max_rows: int, max_columns: int, max_field: int, lines: bool = False
) -> Table:
    """The records of ``text`` (see the module docstring), or ``FileProblem``. With
    ``lines``, each record's first and last line are kept too (``Table.lines``/``ends``;
    else they are empty)."""
    delimiter = sniff_delimiter(text)
    if lines:
        return _read_slowly(text, delimiter, max_rows, max_columns, max_field)
    # The quick way: records in bulk, the bounds checked over all cells at once. Where a
    # bound is crossed or a quote is broken, the careful reading below finds the first
    # problem in file order and names its row.
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    limit = max_rows + 1  # the rows below the first (the header) count against max_rows
    raw: list[list[str]] = []
    try:
        while chunk := list(islice(reader, 65_536)):
            raw.extend(chunk)
            if len(raw) > limit and sum(map(_filled, raw)) > limit:
                break  # far too many rows: no need to read the rest
    except csv.Error:
        return _read_slowly(text, delimiter, max_rows, max_columns, max_field)
    filled = list(map(_filled, raw))
    records = raw if all(filled) else list(compress(raw, filled))
    if (
        len(records) > limit
        or max(map(len, records), default=0) > max_columns
        or max(map(len, chain.from_iterable(records)), default=0) > max_field
    ):
        return _read_slowly(text, delimiter, max_rows, max_columns, max_field)
    numbers = list(compress(count(1), filled))
    return Table(records, numbers, [], delimiter, [])


def _filled(record: list[str]) -> bool:
    """Whether a record holds anything but whitespace (a blank row is left out)."""
    return bool((record and record[0].strip()) or "".join(record).strip())


def _read_slowly(
    text: str, delimiter: str, max_rows: int, max_columns: int, max_field: int
) -> Table:
    """``read_table`` record by record, with line numbers, stopping at the first problem."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    records: list[list[str]] = []
    numbers: list[int] = []
    lines: list[int] = []
    ends: list[int] = []
    number = 0
    line = 1
    limit = max_rows + 1
    try:
        for record in reader:
            number += 1
            if _filled(record):
                if len(record) > max_columns:
                    raise FileProblem(
                        "too_many_columns",
                        f"Row {number} has {len(record)} cells; at most {max_columns} are allowed.",
                        row=number,
                        cells=len(record),
                        max=max_columns,
                    )
                if max(map(len, record)) > max_field:
                    _field_too_long(records, record, number, max_field)
                if len(records) == limit:
                    raise FileProblem(
                        "too_many_rows",
                        f"The file has more than {max_rows} rows.",
                        max=max_rows,
                    )
                records.append(record)
                numbers.append(number)
                lines.append(line)
                ends.append(reader.line_num)
            line = reader.line_num + 1
    except csv.Error as exc:
        raise _quote_problem(str(exc), number + 1, max_field) from None
    return Table(records, numbers, lines, delimiter, ends)


def _field_too_long(records: list[list[str]], record: list[str], row: int, limit: int) -> None:
    index = max(range(len(record)), key=lambda i: len(record[i]))
    header = records[0] if records else []
    column = header[index].strip() if index < len(header) else str(index + 1)
    raise FileProblem(
        "field_too_long",
        f"Row {row}: the field in column {column!r} has {len(record[index])} characters; at "
        f"most {limit} are allowed.",
        row=row,
        column=column,
        length=len(record[index]),
        max=limit,
    )


def _quote_problem(reason: str, row: int, limit: int) -> FileProblem:
    if "field larger than field limit" in reason:
        return FileProblem(
            "huge_field",
            f"Row {row}: a field is longer than {limit} characters.",
            row=row,
            max=limit,
        )
    if "unexpected end of data" in reason:
        return FileProblem("unclosed_quote", f"Row {row}: a quoted field is never closed.", row=row)
    if "expected after" in reason:
        return FileProblem(
            "bad_quote", f"Row {row}: text follows a closing quote ({reason}).", row=row
        )
    return FileProblem("malformed", f"Row {row}: {reason}.", row=row, reason=reason)
