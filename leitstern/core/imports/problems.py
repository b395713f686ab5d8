"""What can be wrong with an imported file, in a form people can be told about.

A ``FileProblem`` stops the reading of a file (it is empty, binary, a field is absurdly long);
a ``RowError`` marks one row that cannot be imported while the other rows are still read, so
the preview lists them all; a ``Notice`` is a warning the import goes ahead with. Each carries
a stable ``code`` and its ``params``; ``messages.describe`` turns them into a sentence in the
reader's language, and ``message`` is the English fallback for logs.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


class FileProblem(Exception):
    """The file as a whole cannot be read. ``row`` names where, when one row is to blame."""

    def __init__(self, code: str, message: str, **params: Any) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.params = params

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "params": jsonable(self.params)}


@dataclass(frozen=True)
class RowError:
    """Row ``row`` (as the user sees it: the header is row 1) cannot be imported."""

    row: int
    code: str
    message: str = ""
    params: dict[str, Any] = field(default_factory=dict)
    column: str = ""

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "column": self.column,
            "code": self.code,
            "message": self.message,
            "params": jsonable(self.params),
        }


@dataclass(frozen=True)
class Notice:
    """Something the user should know before importing; the rows are still importable."""

    code: str
    message: str = ""
    params: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "params": jsonable(self.params)}


class CellError(ValueError):
    """A cell that cannot be read as its column's kind; the reader turns it into a
    ``RowError`` with the row and column."""

    def __init__(self, code: str, message: str, **params: Any) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.params = params


def jsonable(params: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in params.items():
        if isinstance(value, str | int | float | bool) or value is None:
            out[key] = value
        elif isinstance(value, list | tuple):
            out[key] = [v if isinstance(v, str | int | float | bool) else str(v) for v in value]
        else:
            out[key] = str(value)
    return out
