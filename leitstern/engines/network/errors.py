"""One exception type and the stable problem codes of the network engine.

Every problem names the ``field`` it is about (``"people[3].id"``, ``"ties[7].strength"``,
``"target"``), a machine-readable ``code``, ``params`` and an English ``message``; ``row`` is
the 1-based position in the list given (``None`` for single options). The web app translates
by code, so codes are stable: add new ones, never rename. Validation collects every problem
before raising, so an import can list all bad rows at once.

=========================  ====================================================================
code                       meaning (params)
=========================  ====================================================================
``invalid_id``             a person's id must be a non-empty text or a whole number (value)
``duplicate_person``       the same id twice in the people (id, first_row)
``unknown_person``         a tie or a question names someone not in the people (id)
``self_loop``              a tie from a person to themselves (id)
``duplicate_tie``          the same influencer → listener tie twice (influencer, listener,
                           first_row)
``strength_out_of_range``  a tie's strength must be 1, 2 or 3 (value)
``invalid_choice``         not one of the allowed values (value, choices)
``not_a_number``           a number was expected (value)
``negative``               power cannot be negative (value)
``invalid_option``         an option has an impossible value (value, reason)
``wrong_type``             an argument of the wrong kind (expected)
=========================  ====================================================================
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

__all__ = ["NetworkInputError", "NetworkProblem"]


@dataclass(frozen=True)
class NetworkProblem:
    """One thing wrong with one input field or row."""

    field: str
    code: str
    message: str
    params: dict[str, Any] = dataclass_field(default_factory=dict)
    row: int | None = None

    def as_dict(self) -> dict[str, Any]:
        return {
            "field": self.field,
            "code": self.code,
            "message": self.message,
            "params": {k: _scalar(v) for k, v in self.params.items()},
            "row": self.row,
        }


class NetworkInputError(ValueError):
    """Input the network engine refuses. ``problems`` lists every problem found; ``field``,
    ``code``, ``params``, ``message`` and ``row`` are those of the first."""

    def __init__(self, problems: Sequence[NetworkProblem]) -> None:
        if not problems:
            raise ValueError("NetworkInputError needs at least one problem")
        self.problems = tuple(problems)
        first = self.problems[0]
        self.field = first.field
        self.code = first.code
        self.params = first.params
        self.message = first.message
        self.row = first.row
        super().__init__("; ".join(f"{p.field}: {p.message}" for p in self.problems))

    def as_dict(self) -> dict[str, Any]:
        return {"errors": [p.as_dict() for p in self.problems]}


class Problems:
    def __init__(self) -> None:
        self._items: list[NetworkProblem] = []

    def add(
        self, field: str, code: str, message: str, *, row: int | None = None, **params: Any
    ) -> None:
        self._items.append(NetworkProblem(field, code, message, params, row))

    def __iter__(self) -> Iterator[NetworkProblem]:
        return iter(self._items)

    def __bool__(self) -> bool:
        return bool(self._items)

    def raise_if_any(self) -> None:
        if self._items:
            raise NetworkInputError(self._items)


def _scalar(value: Any) -> Any:
    if value is None or isinstance(value, (str, bool, int, float)):
        return value
    if isinstance(value, (list, tuple)):
        return [_scalar(v) for v in value]
    return str(value)
