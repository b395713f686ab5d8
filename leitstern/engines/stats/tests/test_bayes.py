"""The closed-form chance to win and expected losses against Monte Carlo draws."""

from __future__ import annotations

import numpy as np
import pytest

from leitstern.engines.stats import bayes_for, bayes_normal, compare_proportions

DRAWS = 400_000


@pytest.mark.parametrize(
    ("difference", "se", "direction"),
    [
        (0.0, 0.01, "higher"),
        (0.012, 0.005, "higher"),
        (-0.03, 0.02, "higher"),
        (0.5, 0.2, "lower"),
        (-2.0, 3.0, "lower"),
    ],
)
def test_expected_loss_closed_form_equals_monte_carlo_within_its_error(difference, se, direction):
    rng = np.random.default_rng(20260101)
    b = bayes_normal(difference=difference, se=se, direction=direction)
    delta = rng.normal(difference, se, size=DRAWS)
    g = delta if direction == "higher" else -delta
    for closed, draws in (
        (b.expected_loss_ship, np.maximum(-g, 0.0)),
        (b.expected_loss_keep, np.maximum(g, 0.0)),
        (b.chance_to_win, (g > 0).astype(float)),
    ):
        error = draws.std(ddof=1) / np.sqrt(DRAWS)
        assert abs(closed - draws.mean()) <= 4 * error + 1e-15


def test_a_clear_winner_has_a_high_chance_and_a_small_loss():
    c = compare_proportions(conversions_a=1000, visitors_a=10000, conversions_b=1200,
                            visitors_b=10000)  # fmt: skip
    b = bayes_for(c, direction="higher")
    assert b.chance_to_win > 0.999
    assert b.expected_loss_ship < 1e-6
    assert b.expected_loss_keep == pytest.approx(0.02, rel=0.01)
    worse = bayes_for(c, direction="lower")
    assert worse.chance_to_win < 0.001
