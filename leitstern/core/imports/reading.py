"""Reading an upload for an importer: bytes → text → table → typed rows and row errors.

``read_file`` is what the flow calls; ``Source`` is what an importer with its own reader
gets; ``read_columns`` is the reader of declarative importers (``Importer.columns``)."""

from __future__ import annotations

import contextlib
import gc
import re
from collections.abc import Iterator
from typing import Any

from leitstern.core.imports.cells import parse_date, parse_number
from leitstern.core.imports.declaration import Column, Importer, Read
from leitstern.core.imports.decoding import Decoded, decode
from leitstern.core.imports.problems import CellError, FileProblem, Notice, RowError
from leitstern.core.imports.table import Table, read_table
from leitstern.core.limits import MAX_FIELD_CHARS, MAX_IMPORT_COLUMNS

# A mixed-encoding notice names this many rows and counts the rest.
NAMED_ROWS = 20


class Source:
    """A decoded upload, as an importer with its own reader sees it: the ``text``, its
    ``encoding``, the options chosen on the upload form and ``table()``, the file read as a
    table within the kernel's bounds."""

    def __init__(self, importer: Importer, decoded: Decoded, options: dict[str, Any]) -> None:
        self.importer = importer
        self.text = decoded.text
        self.encoding = decoded.encoding
        self.foreign_lines = decoded.foreign_lines
        self.options = options
        self._table: Table | None = None

    def table(self) -> Table:
        if self._table is None:
            self._table = read_table(
                self.text,
                max_rows=self.importer.max_rows,
                max_columns=MAX_IMPORT_COLUMNS,
                max_field=MAX_FIELD_CHARS,
                lines=bool(self.foreign_lines),
            )
        return self._table

    def is_json(self) -> bool:
        return looks_like_json(self.text)

    def notices(self) -> list[Notice]:
        """The kernel's own warnings about the file: lines in another encoding."""
        if not self.foreign_lines:
            return []
        rows = (
            self._table.rows_of_lines(self.foreign_lines)
            if self._table is not None
            else list(self.foreign_lines)
        )
        shown = rows[:NAMED_ROWS]
        return [
            Notice(
                "mixed_encoding",
                f"Rows {', '.join(map(str, shown))} are in Windows-1252, the rest in UTF-8.",
                {"rows": shown, "more": len(rows) - len(shown), "count": len(rows)},
            )
        ]


def looks_like_json(text: str) -> bool:
    """A JSON object, or a JSON list (not a CSV whose first cell is ``[Epic] …``)."""
    stripped = text.lstrip()
    if stripped[:1] == "{":
        return True
    if stripped[:1] == "[":
        rest = stripped[1:].lstrip()
        return not rest or rest[0] in '{["]-0123456789tfn'
    return False


def read_file(importer: Importer, data: bytes, options: dict[str, Any]) -> Read:
    """The importer's reading of ``data``, with the kernel's notices first; ``FileProblem``
    when the file cannot be read at all."""
    if len(data) > importer.max_bytes:
        raise FileProblem(
            "too_large", "The file is too large.", size=len(data), max=importer.max_bytes
        )
    decoded = decode(data)
    if decoded.text.lstrip()[:1] == "<":
        raise FileProblem("markup", "The file is a web page or XML, not a table.")
    if looks_like_json(decoded.text) and not importer.accepts_json:
        raise FileProblem("json", "The file is JSON, not a table.")
    source = Source(importer, decoded, options)
    with collector_paused():
        read = importer.read(source) if importer.read else read_columns(source)
        if importer.check is not None:
            problems = importer.check(read.rows)
            wrong = {problem.row for problem in problems}
            read.rows = [row for row in read.rows if row[0] not in wrong]
            read.errors = [*read.errors, *problems]
    read.notices = [*source.notices(), *read.notices]
    read.summary.setdefault("encoding", source.encoding)
    if source._table is not None:
        read.summary.setdefault("delimiter", source._table.delimiter)
    return read


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cycle collector while a file is read: a large file makes hundreds of
    thousands of rows and cells that all live on and form no cycles, and the collector
    would walk them again and again to free nothing (the forecast engine's reader does the
    same). Reference counting frees everything as usual."""
    paused = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if paused:
            gc.enable()


def _norm(name: str) -> str:
    return " ".join(name.strip().strip('"').casefold().split())


def read_columns(source: Source) -> Read:
    """Typed rows of a declarative importer: header mapped to its columns, every cell read
    by its column's kind, every problem a ``RowError`` with the row's number."""
    importer = source.importer
    table = source.table()
    if not table.records:
        raise FileProblem("empty", "The file is empty.")
    columns = importer.columns
    first = table.header
    mapping, has_header, names, notices = _map_header(importer, first)
    records = table.records[1:] if has_header else table.records
    numbers = table.numbers[1:] if has_header else table.numbers
    if not records:
        raise FileProblem("no_rows", "The file has a header but no rows.")
    decimal_comma = _decimal_comma(table.delimiter, records, mapping, columns)
    width = len(first) if has_header else len(columns)
    needed = max((mapping[c.name] for c in columns if c.required), default=-1) + 1
    labels = [names[name] for name in importer.unique]
    rows: list[tuple[int, Any]] = []
    errors: list[RowError] = []
    seen: dict[tuple, int] = {}
    for cells, number in zip(records, numbers, strict=True):
        extra = any(cell.strip() for cell in cells[width:])
        if len(cells) < needed or extra:
            errors.append(
                RowError(
                    number,
                    "cells",
                    f"{len(cells)} cells where {width} are expected.",
                    {"found": len(cells), "expected": width},
                )
            )
            continue
        values: dict[str, Any] = {}
        try:
            for column in columns:
                index = mapping.get(column.name)
                text = cells[index] if index is not None and index < len(cells) else ""
                values[column.name] = _cell(column, text, decimal_comma, names[column.name])
            row = importer.row(**values)
            if importer.validate is not None:
                importer.validate(row)
        except CellError as exc:
            column_name = exc.params.pop("column_name", "")
            errors.append(RowError(number, exc.code, exc.message, exc.params, column_name))
            continue
        if importer.unique:
            key = tuple(values[name] for name in importer.unique)
            if key in seen:
                errors.append(
                    RowError(
                        number,
                        "duplicate",
                        f"The same {', '.join(labels)} as row {seen[key]}.",
                        {"first": seen[key], "columns": labels},
                    )
                )
                continue
            seen[key] = number
        rows.append((number, row))
    summary = {"columns": {c.name: names[c.name] for c in columns if c.name in mapping}}
    return Read(rows, errors, notices, summary, read=len(records))


_GERMAN = re.compile(r"^[-+]?(\d{1,3}(\.\d{3})+(,\d+)?|\d+,\d{1,2}|\d+,\d{4,})%?$")
_ENGLISH = re.compile(r"^[-+]?(\d{1,3}(,\d{3})+(\.\d+)?|\d+\.\d{1,2}|\d+\.\d{4,})%?$")


def _decimal_comma(
    delimiter: str, records: list[list[str]], mapping: dict[str, int], columns: tuple[Column, ...]
) -> bool:
    """Whether the file's numbers use a decimal comma. Semicolons separate German Excel's
    CSV, commas an English one; a tab-separated file (Excel's "Unicode text") is German when
    its number cells show a decimal comma (``1,5``, ``1.234,5``) and none a decimal point."""
    if delimiter != "\t":
        return delimiter == ";"
    indexes = [mapping[c.name] for c in columns if c.kind == "number" and c.name in mapping]
    cells = [r[i].strip().replace(" ", "") for r in records for i in indexes if i < len(r)]
    german = any(_GERMAN.match(cell) for cell in cells)
    return german and not any(_ENGLISH.match(cell) for cell in cells)


def _cell(column: Column, text: str, decimal_comma: bool, name: str) -> Any:
    text = text.strip()
    try:
        if not text:
            if column.required:
                raise CellError("required", f"{name!r} is empty.")
            return "" if column.kind == "text" else None
        if column.kind == "date":
            return parse_date(text)
        if column.kind == "number":
            return parse_number(text, decimal_comma=decimal_comma)
        if len(text) > column.max_chars:
            raise CellError(
                "too_long",
                f"{name!r} has {len(text)} characters.",
                length=len(text),
                max=column.max_chars,
            )
        return text
    except CellError as exc:
        exc.params.setdefault("column", name)
        exc.params["column_name"] = name
        raise


def _map_header(
    importer: Importer, first: list[str]
) -> tuple[dict[str, int], bool, dict[str, str], list[Notice]]:
    """Which cell holds which column, whether the first row is a header, each column's
    name as the file calls it, and notices about the mapping.

    Named columns win. Where a required column is not named, an importer whose header is
    optional (``header=None``) or that reads by ``position`` takes the columns in their
    declared order, if the first row has as many cells; a first row that reads as data is
    then no header at all."""
    columns = importer.columns
    accepted = {
        c.name: {_norm(c.name), _norm(str(c.label)), *(_norm(n) for n in c.names)} for c in columns
    }
    found = {c.name: [i for i, cell in enumerate(first) if _norm(cell) in accepted[c.name]]
             for c in columns}  # fmt: skip
    labels = {c.name: str(c.label) for c in columns}
    missing = [c for c in columns if c.required and not found[c.name]]
    required = len(columns) - sum(1 for c in columns if not c.required)
    by_position = importer.header is None or importer.positional
    if missing and by_position and required <= len(first) <= len(columns):
        mapping = {c.name: i for i, c in enumerate(columns)}
        if importer.header is None and _reads_as_data(columns[0], first[0] if first else ""):
            return mapping, False, labels, []
        names = {**labels, **{c.name: first[i] or labels[c.name] for c, i in
                              zip(columns, range(len(first)), strict=False)}}  # fmt: skip
        notice = Notice(
            "by_position",
            "Not every column is named as expected; the columns are read in their order.",
            {"columns": [labels[c.name] for c in columns[: len(first)]]},
        )
        return mapping, True, names, [notice]
    if missing:
        _missing(columns, first, missing)
    for column in columns:
        if len(found[column.name]) > 1:
            name = first[found[column.name][0]]
            raise FileProblem(
                "duplicate_column",
                f"The column {name!r} appears more than once in the header.",
                column=name,
            )
    mapping = {name: positions[0] for name, positions in found.items() if positions}
    names = {**labels, **{name: first[i] for name, i in mapping.items()}}
    used = set(mapping.values())
    unused = [cell for i, cell in enumerate(first) if i not in used and cell]
    notices = []
    if unused:
        notices.append(Notice("ignored_columns", "Some columns are not used.", {"columns": unused}))
    return mapping, True, names, notices


def _missing(columns: tuple[Column, ...], first: list[str], missing: list[Column]) -> None:
    raise FileProblem(
        "missing_columns",
        f"Columns missing: {', '.join(str(c.label) for c in missing)}.",
        missing=[str(c.label) for c in missing],
        columns=[cell for cell in first if cell],
    )


def _reads_as_data(column: Column, text: str) -> bool:
    try:
        _cell(column, text, decimal_comma=False, name="")
    except CellError:
        return False
    return True
