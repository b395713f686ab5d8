"""One exception type and the stable codes the web app translates.

Every problem the engine reports carries a machine-readable ``code``, a ``params`` dict for
the message and an English ``message``. The web app translates by code, so codes are stable:
add new ones, never rename.

Input errors (``ForecastInputError.code``):

=========================  ===================================================================
code                       meaning (params)
=========================  ===================================================================
``not_a_table``            the file is not a CSV/TSV table or a GitHub JSON list (reason)
``empty_file``             the file has no rows
``no_date_column``         no column with completion dates was found or named (columns)
``unknown_column``         a named column is not in the header (column, columns)
``ambiguous_date_order``   slash dates could be day/month or month/day (column); pass an order
``invalid_rows``           some rows could not be read (count, rows) — see ``ParseResult.errors``
``no_items``               no completed items in the file
``no_completions``         the history window holds no completed item (start, end)
``target_met``             nothing left to forecast: the target is already met (items/date)
``invalid_items``          the number of items must be a positive whole number (items)
``invalid_days``           the horizon must be a positive number of days (days)
``invalid_confidence``     confidence levels must lie strictly between 0 and 1 (value)
``invalid_option``         an option has an impossible value (option, value, reason)
``future_date``            a date lies after today (date, what)
``window_outside_data``    the history window lies outside the data (start, end)
``exact_unsupported``      the exact engine cannot express this scenario; use Monte Carlo
``no_cycle_times``         no item has both a start and a done date
``too_few_cuts``           the backtest found too few cut dates (cuts, needed)
``unreadable_file``        the file cannot be read (path)
=========================  ===================================================================

Row problems (``RowProblem.code``): ``bad_date`` (column, value), ``missing_date`` (column),
``done_before_start`` (start, done), ``future_date`` (date), ``bad_json_item`` (reason),
``date_out_of_range`` (column, value, min, max: a readable date outside the reader's bounds,
1970-01-01 to 2100-12-31 unless given), ``key_too_long`` (column, length, max).

Warnings (``ForecastWarning.code``): ``few_completion_days`` (days, minimum),
``backlog_not_shrinking`` (net), ``not_finished_within_horizon`` (days, probability),
``horizon_rounded`` (days, weeks), ``duplicates_collapsed`` (count),
``rows_skipped`` (count), ``calibration_fallback`` (reason), ``stale_history`` (days,
last_done, as_of, suggested_as_of), ``throughput_shift`` (since, before, after, p_value, weeks,
suggested_window_start; ``team`` with several teams) — see ``health``.

Limits of a calibrated answer (``Honesty.limits``, see ``honesty``): ``horizon_unchecked``
(days, checked_days, hit_85, hit_95), ``horizon_beyond_checks`` (days, checked_days),
``little_data`` (days, minimum), ``calibration_unchecked`` (source), ``plain_levels``
(hit_85, hit_95), ``plain_unchecked``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

__all__ = ["ForecastInputError", "ForecastWarning", "RowProblem"]


class ForecastInputError(ValueError):
    """Input the engine cannot answer honestly. Carries ``code`` and ``params``."""

    def __init__(self, code: str, message: str, **params: Any) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.params = params

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "params": _jsonable(self.params)}


@dataclass(frozen=True)
class ForecastWarning:
    """Something the user should know; the answer is still given."""

    code: str
    message: str
    params: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "message": self.message, "params": _jsonable(self.params)}


@dataclass(frozen=True)
class RowProblem:
    """A row that could not be used.

    ``row`` is the row number as the user sees it in the file: the header is row 1, so the
    first data row is row 2. For JSON input it is the 1-based position in the list.
    """

    row: int
    code: str
    message: str
    params: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {
            "row": self.row,
            "code": self.code,
            "message": self.message,
            "params": _jsonable(self.params),
        }


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
