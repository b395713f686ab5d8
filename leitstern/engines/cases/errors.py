"""Problems with a case, with stable codes the web app translates and field paths it maps.

Validation collects every problem it finds and raises one ``CaseInputError`` holding them
all, so a form can show each message beside its field at once. Each ``Problem`` has a
machine-readable ``code`` (stable: add new codes, never rename), the ``field`` it is about as
a path into the case, an English ``message`` and ``params`` for the translated message.

Field paths follow the case's own attribute names, with list positions in brackets:
``horizon_months``, ``phases[1].end_month``, ``costs[3].fte.upper``, ``benefits[0].adoption``,
``costs[2].step_ups[0].factor``, ``correlations[0]``, ``actuals[4].month``. A number given as
a range or three-point estimate adds the part: ``.lower``, ``.upper``, ``.low``, ``.likely``,
``.high``; a point adds nothing (``costs[3].fte``). Lines also carry ``line`` (their key) in
``params``.

=============================  ==================================================================
code                           meaning (params)
=============================  ==================================================================
``invalid_case``               not a ``Case``, or a part of the wrong type (expected)
``invalid_option``             a keyword option has an impossible value (option, value, reason)
``invalid_horizon``            the horizon must be a whole number of months, 1 to the maximum
``invalid_discount_rate``      the annual discount rate lies outside the accepted range (min, max)
``invalid_key``                a key is empty, too long or holds a dot or whitespace (key)
``duplicate_key``              two phases, events or lines share a key (key)
``invalid_name``               a name, note or currency is not text or too long (max)
``invalid_number``             not a finite number (value)
``negative``                   a quantity that cannot be negative is (value)
``not_a_probability``          a probability or share lies outside 0 to 1 (value)
``out_of_range``               a number lies outside its accepted range (value, min, max)
``upper_below_lower``          a range's upper bound lies below its lower bound (lower, upper)
``three_point_order``          a three-point estimate is not low <= likely <= high
``lognormal_needs_positive``   a lognormal range needs both bounds above zero (lower)
``invalid_shape``              unknown distribution shape (shape, shapes)
``invalid_estimate``           a number must be a number, ``Point``, ``Range`` or ``ThreePoint``
``invalid_month``              a month is not a whole number from 1 to the horizon (value, horizon)
``phase_ends_before_start``    a phase's end month lies before its start month (start, end)
``phase_outside_horizon``      a phase ends after the horizon (end, horizon)
``phase_order``                phases must be listed in order of their start (previous)
``invalid_if_missed``          ``if_missed`` must be "stop" or "skip" (value)
``unknown_phase``              a line or step-up names a phase the case does not have (phase)
``unknown_event``              a line names an event the case does not have (event)
``invalid_category``           unknown cost category (category, categories)
``invalid_driver``             a line's driver has the wrong type (expected)
``one_off_driver``             a one-off cost must be a plain amount
``one_off_step_up``            a one-off cost cannot step up
``line_before_phase``          a line starts before its phase does (start, phase_start)
``line_ends_before_start``     a line's window ends before it starts (start, end)
``line_outside_horizon``       a line's window ends after the horizon (end, horizon)
``step_up_outside_line``       a step-up's phase starts outside the line's window (phase, month)
``duplicate_step_up``          two step-ups of one line name the same phase (phase)
``unknown_input``              a correlation names an input that does not exist (input)
``not_uncertain``              a correlation names an input given as a single number (input)
``self_correlation``           an input correlated with itself (input)
``duplicate_correlation``      the same pair is correlated twice (first, second)
``invalid_correlation``        a rank correlation outside -1 to 1 (value)
``correlation_not_psd``        the correlations cannot hold together (not positive
                               semi-definite) (inputs, eigenvalue)
``duplicate_actual``           two actuals for one month (month)
``actual_categories``          actual costs by category do not add up to the cost (total, sum)
``too_many``                   more phases, lines, events, correlations or actuals than
                               accepted (what, max)
=============================  ==================================================================

Warnings (``CaseWarning.code``): ``few_trials`` (trials, recommended), ``roi_undefined``
(share: trials without any cost), ``fan_range`` (months whose percentile fell outside the
histogram range; the fan is clamped there).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from typing import Any

__all__ = ["CaseInputError", "CaseWarning", "Problem"]


@dataclass(frozen=True)
class Problem:
    """One thing wrong with the case: where (``field``), what (``code``) and why."""

    field: str
    code: str
    message: str
    params: dict[str, Any] = dataclass_field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "field": self.field,
            "code": self.code,
            "reason": self.message,
            "params": _jsonable(self.params),
        }


class CaseInputError(ValueError):
    """A case (or option) the engine cannot compute honestly.

    ``problems`` holds every problem found; ``code``, ``field``, ``message`` and ``params``
    repeat the first one for callers that show a single message.
    """

    def __init__(self, problems: Sequence[Problem]) -> None:
        if not problems:
            raise ValueError("CaseInputError needs at least one problem")
        self.problems: tuple[Problem, ...] = tuple(problems)
        first = self.problems[0]
        self.code = first.code
        self.field = first.field
        self.message = first.message
        self.params = first.params
        more = len(self.problems) - 1
        text = f"{first.field}: {first.message}"
        super().__init__(text + (f" (and {more} more)" if more else ""))

    def as_dict(self) -> dict[str, Any]:
        """The API's error shape: ``{"errors": [{"field", "code", "reason", "params"}]}``."""
        return {"errors": [p.as_dict() for p in self.problems]}


@dataclass(frozen=True)
class CaseWarning:
    """Something the reader should know; the result is still given."""

    code: str
    message: str
    params: dict[str, Any] = dataclass_field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "params": _jsonable(self.params)}


def _jsonable(params: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in params.items():
        if isinstance(value, (str, int, float, bool)) or value is None:
            out[key] = value
        elif isinstance(value, (list, tuple)):
            out[key] = [v if isinstance(v, (str, int, float, bool)) else str(v) for v in value]
        else:
            out[key] = str(value)
    return out
