"""The kernel's one import flow (preview → confirm → apply) and how modules declare their
importers. See ``docs/imports.md``.

Declarations and problems are importable anywhere; the flow's services (``flow``), views
(``views``) and model (``models``) need the app registry and are imported from there."""

from leitstern.core.imports.declaration import Column, Counts, Example, Importer, Read
from leitstern.core.imports.problems import CellError, FileProblem, Notice, RowError
from leitstern.core.imports.reading import Source
from leitstern.core.imports.registry import get, importers, register


class RowRejected(Exception):
    """Raised by an importer's ``apply`` when a row turns out not to be writable after all
    (the data changed since the preview): the transaction is rolled back and the job fails
    naming the row."""

    def __init__(self, row: int, reason: str) -> None:
        super().__init__(f"row {row}: {reason}")
        self.row = row
        self.reason = reason


__all__ = [
    "CellError",
    "Column",
    "Counts",
    "Example",
    "FileProblem",
    "Importer",
    "Notice",
    "Read",
    "RowError",
    "RowRejected",
    "Source",
    "get",
    "importers",
    "register",
]
