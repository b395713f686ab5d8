"""The pure rules: scores, bands, projections, risks, trends. No database."""

from __future__ import annotations

import subprocess
import sys
from datetime import date

import pytest

from leitstern.strategy import periods, scoring
from leitstern.strategy.scoring import Method, Risk


def score(**kwargs) -> scoring.KeyResultScore:
    kwargs.setdefault("direction", "higher")
    return scoring.key_result_score(**kwargs)


def test_it_scores_progress_between_baseline_and_target():
    result = score(baseline=1000, target=2000, current=1450)
    assert result.score == pytest.approx(0.45)
    assert result.method == Method.PROGRESS


def test_it_scores_a_decrease_the_same_way():
    result = score(baseline=10, target=5, current=7, direction="lower")
    assert result.score == pytest.approx(0.6)


def test_it_keeps_the_score_between_zero_and_one():
    assert score(baseline=10, target=20, current=25).score == 1.0
    assert score(baseline=10, target=20, current=5).score == 0.0


def test_without_baseline_an_increase_counts_from_zero():
    result = score(baseline=None, target=60, current=45)
    assert result.score == pytest.approx(0.75)
    assert result.method == Method.FROM_ZERO


def test_without_baseline_a_decrease_is_met_or_not():
    assert score(baseline=None, target=5, current=4, direction="lower").score == 1.0
    assert score(baseline=None, target=5, current=6, direction="lower").method == Method.MET


def test_no_current_value_scores_zero():
    result = score(baseline=1, target=2, current=None)
    assert (result.score, result.method) == (0.0, Method.NO_DATA)


def test_objective_score_is_the_mean_of_its_key_results():
    assert scoring.objective_score([0.4, 0.7, 1.0]) == pytest.approx(0.7)
    assert scoring.objective_score([]) is None


@pytest.mark.parametrize(
    "value,band",
    [(0.0, "red"), (0.3, "red"), (0.34, "red"), (0.35, "yellow"), (0.6, "yellow"),
     (0.65, "green"), (1.0, "green"), (None, "none")],
)  # fmt: skip
def test_bands_follow_googles_grading_on_the_shown_score(value, band):
    assert scoring.band(value) == band


def test_expected_score_depends_on_the_type():
    assert scoring.expected_score("committed") == 1.0
    assert scoring.expected_score("aspirational") == 0.7


def test_projection_extends_the_line_to_the_end_of_the_cycle():
    points = [(date(2026, 1, 1), 10.0), (date(2026, 1, 11), 12.0)]
    result = scoring.project(
        points, end=date(2026, 1, 31), baseline=10, target=20, direction="higher"
    )
    assert result.value == pytest.approx(16.0)
    assert result.score == pytest.approx(0.6)
    assert scoring.project(points[:1], end=date(2026, 1, 31), baseline=10, target=20,
                           direction="higher") is None  # fmt: skip


def test_a_drop_in_confidence_is_a_risk():
    assert scoring.risks(confidences=[7, 5], committed=False, projection=None) == [
        Risk.CONFIDENCE_DROP
    ]
    assert scoring.risks(confidences=[5, 7], committed=False, projection=None) == []


def test_low_confidence_is_a_risk_on_its_own():
    assert Risk.LOW_CONFIDENCE in scoring.risks(confidences=[3], committed=False, projection=None)


def test_a_committed_key_result_trending_below_one_is_at_risk():
    behind = scoring.Projection(value=15, score=0.5, points=3)
    assert scoring.risks(confidences=[8], committed=True, projection=behind) == [Risk.BEHIND_TREND]
    assert scoring.risks(confidences=[8], committed=False, projection=behind) == []


def test_trend_knows_which_way_is_good():
    assert scoring.trend([10, 12], direction="higher").good is True
    assert scoring.trend([10, 12], direction="lower").good is False
    assert scoring.trend([10, 12], direction="range", low=0, high=11).good is False
    assert scoring.trend([10, 10], direction="higher").arrow == "→"
    assert scoring.trend([10], direction="higher") is None


def test_quarters_and_weeks():
    assert periods.quarter_bounds(date(2026, 11, 21)) == (date(2026, 10, 1), date(2026, 12, 31))
    assert periods.next_quarter(date(2026, 11, 21)) == (date(2027, 1, 1), date(2027, 3, 31))
    assert periods.quarter_name(date(2026, 5, 2)) == "Q2 2026"
    assert periods.week_of(date(2026, 11, 22)) == date(2026, 11, 16)


def test_the_pure_modules_never_import_django():
    code = (
        "import sys\n"
        "import leitstern.strategy.scoring, leitstern.strategy.hints, "
        "leitstern.strategy.periods\n"
        "assert not [m for m in sys.modules if m.startswith('django')], 'django imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
