"""Experiment statistics for hypotheses and their verdicts (pure Python + numpy/scipy).

Plan a test with ``sample_size_proportions`` or ``sample_size_means`` (per arm, and how many
weeks at the current traffic). Compare results with ``compare_proportions`` (counts),
``compare_means`` (means, standard deviations, sizes) or ``compare_before_after`` (a metric's
values before and after a change). Judge them against a pre-registered ``DecisionRule`` with
``decide``, which also runs the sample-ratio check, computes the power the test actually had
for the minimum effect, and the Bayesian chance to win and expected loss. ``srm_check``,
``bayes_normal``, ``power_proportions`` and ``power_means`` are available on their own.

Every result is a frozen dataclass with ``as_dict()``; every refusal raises
``StatsInputError`` naming the field and a stable ``code`` (see ``errors``). Verdicts speak in
message codes with parameters, which the app words in the reader's language. This package
never imports Django. Formulas, conventions and limits: ``docs/statistics.md``.
"""

from __future__ import annotations

from .bayes import bayes_for, bayes_normal
from .compare import compare_before_after, compare_means, compare_proportions
from .decision import CRITERIA, SCALES, DecisionRule, Verdict, decide
from .errors import Problem, StatsInputError
from .results import (
    Arm,
    Autocorrelation,
    Bayes,
    Comparison,
    Interval,
    Message,
    SampleSize,
    SrmCheck,
)
from .samplesize import power_means, power_proportions, sample_size_means, sample_size_proportions
from .srm import SRM_THRESHOLD, srm_check

__all__ = [
    "CRITERIA",
    "SCALES",
    "SRM_THRESHOLD",
    "Arm",
    "Autocorrelation",
    "Bayes",
    "Comparison",
    "DecisionRule",
    "Interval",
    "Message",
    "Problem",
    "SampleSize",
    "SrmCheck",
    "StatsInputError",
    "Verdict",
    "bayes_for",
    "bayes_normal",
    "compare_before_after",
    "compare_means",
    "compare_proportions",
    "decide",
    "power_means",
    "power_proportions",
    "sample_size_means",
    "sample_size_proportions",
    "srm_check",
]
