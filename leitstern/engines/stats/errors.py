"""One exception type, the stable problem codes, and a collector used by every ``_..._iv``.

Every problem names the ``field`` it is about (the keyword argument, e.g. ``"conversions_b"``),
a machine-readable ``code``, ``params`` for the message and an English ``message``. The web app
translates by code, so codes are stable: add new ones, never rename. Validation collects every
problem of one call before raising, so a form can mark all wrong fields at once.

===============================  ===========================================================
code                             meaning (params)
===============================  ===========================================================
``not_a_number``                 not a real number (value)
``not_finite``                   NaN or infinite (value)
``not_whole_number``             a count with a fractional part (value)
``negative``                     a count below zero (value)
``too_small``                    below the smallest value that can be answered (value, minimum)
``not_positive``                 must be greater than zero, e.g. a standard deviation (value)
``outside_unit_interval``        must lie strictly between 0 and 1: α, power, a rate (value)
``conversions_exceed_visitors``  more conversions than visitors (conversions, visitors)
``target_equals_baseline``       the target equals the baseline: there is no effect to detect
``target_or_mde``                give exactly one of ``target`` and ``mde`` (given)
``zero_effect``                  the minimum detectable effect is zero (value)
``effect_too_small``             the effect needs more than 10¹² units per arm (maximum)
``baseline_required``            a target or a relative effect needs the baseline
``invalid_choice``               not one of the allowed values (value, choices)
``too_few_values``               a sample has too few values (count, minimum)
``no_variation``                 the data carry no spread, so no interval exists (reason)
``relative_undefined``           no relative lift: A's value is not above zero, or B does not vary
                                 (value)
``length_mismatch``              two lists must have the same length (lengths)
``alpha_mismatch``               the comparison was computed at another α than the rule's
``wrong_type``                   an argument of the wrong kind (expected)
===============================  ===========================================================
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

__all__ = ["Problem", "StatsInputError"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with one input field."""

    field: str
    code: str
    message: str
    params: dict[str, Any] = dataclass_field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "field": self.field,
            "code": self.code,
            "message": self.message,
            "params": jsonable(self.params),
        }


class StatsInputError(ValueError):
    """Input the statistics engine cannot answer honestly.

    ``problems`` lists every problem found (at least one); ``field``, ``code``, ``params`` and
    ``message`` are those of the first, for callers that show one message.
    """

    def __init__(self, problems: Sequence[Problem]) -> None:
        if not problems:
            raise ValueError("StatsInputError needs at least one problem")
        self.problems = tuple(problems)
        first = self.problems[0]
        self.field = first.field
        self.code = first.code
        self.params = first.params
        self.message = first.message
        super().__init__("; ".join(f"{p.field}: {p.message}" for p in self.problems))

    def as_dict(self) -> dict[str, Any]:
        return {"errors": [p.as_dict() for p in self.problems]}


class Problems:
    """Collects problems during validation; ``raise_if_any`` raises them together."""

    def __init__(self) -> None:
        self._items: list[Problem] = []

    def add(self, field: str, code: str, message: str, **params: Any) -> None:
        self._items.append(Problem(field, code, message, params))

    def has(self, field: str) -> bool:
        return any(p.field == field for p in self._items)

    def __iter__(self) -> Iterator[Problem]:
        return iter(self._items)

    def __bool__(self) -> bool:
        return bool(self._items)

    def raise_if_any(self) -> None:
        if self._items:
            raise StatsInputError(self._items)


def jsonable(params: dict[str, Any]) -> dict[str, Any]:
    """``params`` with every value a JSON scalar or a list of them."""
    out: dict[str, Any] = {}
    for key, value in params.items():
        out[key] = _scalar(value)
    return out


def _scalar(value: Any) -> Any:
    if value is None or isinstance(value, (str, bool, int)):
        return value
    if isinstance(value, float):
        return value
    if isinstance(value, (list, tuple)):
        return [_scalar(v) for v in value]
    try:
        number = float(value)
    except (TypeError, ValueError):
        return str(value)
    return int(number) if number.is_integer() and "int" in type(value).__name__ else number
