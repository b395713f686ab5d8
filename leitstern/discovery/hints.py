"""Quality hints for a hypothesis while it is written. No Django.

Hints never block saving: they are the questions a good discovery coach would ask — which
metric will move, from where, by when, and is this an outcome or only something we build?
Each hint is a code; the page words it in the reader's language."""

from __future__ import annotations

from enum import StrEnum

from leitstern.strategy.hints import output_words


class Hint(StrEnum):
    NO_METRIC = "no_metric"
    NO_BASELINE = "no_baseline"
    NO_TARGET = "no_target"
    OUTPUT_PHRASING = "output_phrasing"
    TARGET_WITHOUT_DATE = "target_without_date"
    NO_RULE = "no_rule"


def hypothesis_hints(
    *,
    statement: str,
    has_metric: bool,
    baseline: float | None,
    target: float | None,
    has_date: bool,
    minimum_effect: float | None = None,
) -> list[Hint]:
    """Hints for one hypothesis. Output phrasing ("we build X", "launch Y") is only a hint
    when no metric is named: a statement about a change that names the metric it moves is
    a bet on an outcome."""
    found = []
    if not has_metric:
        found.append(Hint.NO_METRIC)
        if output_words(statement):
            found.append(Hint.OUTPUT_PHRASING)
    if baseline is None:
        found.append(Hint.NO_BASELINE)
    if target is None and minimum_effect is None:
        found.append(Hint.NO_TARGET)
    if target is not None and not has_date:
        found.append(Hint.TARGET_WITHOUT_DATE)
    if baseline is not None and target is None and minimum_effect is None:
        found.append(Hint.NO_RULE)
    return found
