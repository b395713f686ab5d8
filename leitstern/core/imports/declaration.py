"""How a module declares an importer: what a file's columns mean, what a good row is, and
where the rows go.

An ``Importer`` is a small declaration, registered once (``registry.register``) when its
app is ready. The kernel does everything else the same way for every module: decoding,
separators, header mapping, cell parsing, row errors by number, the preview, the one
transaction that applies the rows, background work with progress, failed and stalled jobs,
and the hostile-input tests every registered importer runs through. See ``docs/imports.md``.
"""

from __future__ import annotations

import functools
import typing
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from django.db import models

from leitstern.core.imports.problems import Notice, RowError
from leitstern.core.limits import MAX_IMPORT_ROWS, MAX_LINE_CHARS, MAX_UPLOAD_BYTES

KINDS = ("text", "date", "number")


@dataclass(frozen=True)
class Column:
    """One column of a declarative importer. ``name`` is the typed row's field; the header
    cell may be the ``name``, the ``label`` or any of ``names`` (compared without case,
    spaces around and repeated spaces). ``kind``: ``text`` (at most ``max_chars``),
    ``date`` (1970–2100) or ``number`` (finite)."""

    name: str
    label: Any
    kind: str = "text"
    required: bool = True
    names: tuple[str, ...] = ()
    max_chars: int = MAX_LINE_CHARS

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"column kind must be one of {KINDS}, not {self.kind!r}")


@dataclass(frozen=True)
class Counts:
    """What applying the rows did."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0


@dataclass
class Read:
    """What an importer's reading found: ``rows`` as (row number, typed row) pairs, the
    rows that cannot be imported (``errors``), warnings (``notices``), numbers of its own
    for the preview (``summary``, JSON) and how many rows the file had (``read``)."""

    rows: list[tuple[int, Any]]
    errors: list[RowError] = field(default_factory=list)
    notices: list[Notice] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)
    read: int = 0


@dataclass(frozen=True)
class Example:
    """A small file the importer reads without a single problem (``text``, with its
    header), how many rows that makes (``rows``), and the dotted path of a function
    ``(world) -> target`` the tests import it into. The hostile-input tests write it in
    every encoding, separator and line ending the kernel reads and expect the same rows."""

    text: str
    rows: int
    target: str


@dataclass(frozen=True, eq=False)
class Importer:
    """A module's importer; see ``docs/imports.md``.

    Either ``columns`` (the kernel reads the table, maps the header, parses each cell by
    kind and builds ``row(**values)``) or ``read`` (the importer reads the ``Source``
    itself, for formats of its own). ``apply(*, actor, target, rows, job, progress)``
    writes the typed rows through the module's services and returns ``Counts``; it runs in
    one transaction, so one failure writes nothing. ``progress(n)`` says how many rows are
    done.
    """

    name: str
    label: Any
    target: type[models.Model]
    workspace_of: Callable[[Any], Any]
    row: type
    apply: Callable[..., Counts]
    columns: tuple[Column, ...] = ()
    read: Callable[..., Read] | None = None
    unique: tuple[str, ...] = ()
    validate: Callable[[Any], None] | None = None
    # Problems between rows that each read well (one value on two rows that mean one
    # thing), given every row read: ``check(rows) -> [RowError]``; those rows are left out.
    check: Callable[[list[tuple[int, Any]]], list[Any]] | None = None
    # True: the first row is a header. None: a first row that reads as data is data, and
    # then the columns are taken in their declared order.
    header: bool | None = True
    # Whether a header naming no known column may be read by position (with a notice).
    positional: bool = False
    # Whether the rows without errors may be imported, leaving out the others, once the
    # user has seen them and confirmed; otherwise one row error blocks the import.
    partial: bool = False
    accepts_json: bool = False
    options: Sequence[str] = ()
    max_rows: int = MAX_IMPORT_ROWS
    max_bytes: int = MAX_UPLOAD_BYTES
    messages: Mapping[str, Any] = field(default_factory=dict)
    summarize: Callable[[Any, list[tuple[int, Any]]], dict[str, Any]] | None = None
    summary_template: str = "core/imports/_summary.html"
    button_template: str = "core/imports/_button.html"
    done_template: str = ""
    example: Example | None = None

    def __post_init__(self) -> None:
        if bool(self.columns) == bool(self.read):
            raise ValueError(f"importer {self.name}: give either columns or read")
        fields = getattr(self.row, "_fields", None)
        if fields is None:
            raise ValueError(f"importer {self.name}: row must be a NamedTuple")
        missing = [c.name for c in self.columns if c.name not in fields]
        if missing:
            raise ValueError(f"importer {self.name}: row has no field for {missing}")

    # Rows travel from the preview to the apply step as JSON: dates as ISO text. Column by
    # column, which for 100,000 rows is several times quicker than row by row.
    def dump(self, rows: list[tuple[int, Any]]) -> list[list[Any]]:
        """``(number, row)`` pairs as JSON-ready lists ``[number, *fields]``."""
        if not rows:
            return []
        numbers = [number for number, _row in rows]
        columns = list(zip(*(row for _number, row in rows), strict=True))
        dated = _date_fields(self.row)
        out = [map(_iso, column) if i in dated else column for i, column in enumerate(columns)]
        return list(map(list, zip(numbers, *out, strict=True)))

    def load(self, values: list[list[Any]]) -> list[tuple[int, Any]]:
        """What ``dump`` wrote, as ``(number, row)`` pairs again."""
        if not values:
            return []
        numbers, *columns = zip(*values, strict=True)
        dated = _date_fields(self.row)
        typed = [map(_day, column) if i in dated else column for i, column in enumerate(columns)]
        make = self.row._make  # type: ignore[attr-defined]  # row is a NamedTuple class
        return list(zip(numbers, map(make, zip(*typed, strict=True)), strict=True))


def _iso(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _day(value: Any) -> Any:
    return date.fromisoformat(value) if isinstance(value, str) else value


@functools.cache
def _date_fields(row: type) -> frozenset[int]:
    hints = typing.get_type_hints(row)
    found = set()
    for index, name in enumerate(row._fields):  # type: ignore[attr-defined]  # a NamedTuple
        hint = hints.get(name)
        if hint is date or date in typing.get_args(hint):
            found.add(index)
    return frozenset(found)
