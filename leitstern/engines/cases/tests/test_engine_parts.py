"""The fast Monte Carlo path agrees with the line-by-line one; chunks and histograms do not
change answers."""

from __future__ import annotations

import numpy as np
import pytest

from leitstern.engines.cases._compile import compile_case
from leitstern.engines.cases._evaluate import Tables, evaluate, line_flows
from leitstern.engines.cases._montecarlo import FanAccumulator, bin_lookup, model_values, run
from leitstern.engines.cases.templates import AI_INITIATIVE


def test_fast_path_and_line_by_line_agree_trial_by_trial():
    # The AI template has stop gates, a skip gate, step-ups, usage growth and uncertain lags
    # and ramps (per-trial shapes).
    model = compile_case(AI_INITIATIVE)
    assert model.dynamic_terms and len(model.stops) > 2
    rng = np.random.default_rng(5)
    n = 300
    latent = rng.standard_normal((len(model.uncertain), n))
    values = model_values(model, latent, n)
    block = evaluate(model, Tables(model), values, n)
    costs = np.array([line.kind == "cost" for line in model.lines])
    totals = np.zeros(len(model.lines))
    monthly_cost = np.zeros(model.horizon)
    for i in range(n):
        one = [v[i] if isinstance(v, np.ndarray) else v for v in values]
        flows, _ = line_flows(model, one)
        totals += flows.sum(axis=1)
        monthly_cost += flows[costs].sum(axis=0)
        net = flows[~costs].sum(axis=0) - flows[costs].sum(axis=0)
        assert block.npv[i] == pytest.approx(float(net @ model.discount), rel=1e-10, abs=1e-6)
        assert block.pv_cost[i] == pytest.approx(
            float(flows[costs].sum(axis=0) @ model.discount), rel=1e-10, abs=1e-6
        )
        np.testing.assert_allclose(block.cumulative[i], np.cumsum(net), rtol=1e-10, atol=1e-6)
    # The sums behind the cost breakdown and the mean monthly costs agree too.
    np.testing.assert_allclose(block.line_sum, totals, rtol=1e-9)
    np.testing.assert_allclose(block.cost_sum, monthly_cost, rtol=1e-9, atol=1e-6)


def test_chunk_size_does_not_change_the_draws():
    model = compile_case(AI_INITIATIVE)
    a = run(
        [model], trials=3_000, rng=np.random.default_rng(3), sensitivity=True, bins=20, chunk=256
    )
    b = run(
        [model], trials=3_000, rng=np.random.default_rng(3), sensitivity=True, bins=20, chunk=3_000
    )
    np.testing.assert_allclose(a[0].npv, b[0].npv, rtol=1e-12)
    np.testing.assert_array_equal(a[0].payback, b[0].payback)
    np.testing.assert_allclose(a[0].evpi.sum, b[0].evpi.sum, rtol=1e-9)


def test_fan_chart_percentiles_are_within_a_bin_of_the_exact_ones():
    model = compile_case(AI_INITIATIVE)
    rng = np.random.default_rng(12)
    tables = Tables(model)
    fan = FanAccumulator(model.horizon)
    paths = []
    for _ in range(4):
        n = 5_000
        values = model_values(model, rng.standard_normal((len(model.uncertain), n)), n)
        cumulative = evaluate(model, tables, values, n).cumulative
        fan.add(cumulative)
        paths.append(cumulative)
    exact_paths = np.concatenate(paths)
    levels, clamped = fan.percentiles((5, 25, 50, 75, 95))
    assert clamped == 0
    for key, curve in levels.items():
        exact = np.percentile(exact_paths, float(key), axis=0)
        # One bin is 1/4096 of twice the first chunk's range.
        tolerance = fan.width + 1e-6
        assert np.all(np.abs(curve - exact) <= tolerance + 1e-9), key


def test_evpi_bins_hold_equal_probability():
    lut = bin_lookup(50)
    z = np.random.default_rng(1).standard_normal(500_000)
    cells = np.clip(((z + 8.0) * 512).astype(np.intp), 0, len(lut) - 1)
    counts = np.bincount(lut[cells], minlength=50) / len(z)
    assert np.all(np.abs(counts - 0.02) < 0.0015)


def test_threads_do_not_change_the_result():
    model = compile_case(AI_INITIATIVE)
    one = run([model], trials=6_000, rng=np.random.default_rng(4), sensitivity=True, bins=20,
              chunk=1_000, workers=1)  # fmt: skip
    two = run([model], trials=6_000, rng=np.random.default_rng(4), sensitivity=True, bins=20,
              chunk=1_000, workers=3)  # fmt: skip
    np.testing.assert_array_equal(one[0].npv, two[0].npv)
    np.testing.assert_array_equal(one[0].fan.counts, two[0].fan.counts)
    np.testing.assert_array_equal(one[0].evpi.sum, two[0].evpi.sum)
    np.testing.assert_array_equal(one[0].line_sum, two[0].line_sum)


def test_ramp_curves_for_many_trials_are_exact_month_averages():
    from leitstern.engines.cases._curves import Scratch, curve

    from .helpers import ramp_average

    lags = np.array([0.0, 0.3, 2.0, 2.5, 1.25, 7.9, 0.0, 3.0])
    ramps = np.array([0.0, 0.4, 3.0, 0.7, 4.5, 2.2, 6.0, 1.0])
    months = np.arange(2, 14)  # the line starts in month index 2
    got = curve(2, months, 0.0, lags, ramps, n=len(lags), scratch=Scratch(len(lags), 20))
    for i, (lag, ramp) in enumerate(zip(lags, ramps, strict=True)):
        expected = [ramp_average(m, 2, lag, ramp) for m in months]
        np.testing.assert_allclose(got[i], expected, atol=2e-4)


@pytest.mark.parametrize("workers", [1, 2])
def test_progress_counts_trials_in_order_and_does_not_change_the_result(workers):
    from leitstern.engines.cases import simulate
    from leitstern.engines.cases.errors import CaseInputError

    seen: list[int] = []
    with_progress = simulate(
        AI_INITIATIVE, trials=20_000, rng=np.random.default_rng(3), workers=workers,
        progress=seen.append,
    )  # fmt: skip
    without = simulate(AI_INITIATIVE, trials=20_000, rng=np.random.default_rng(3), workers=1)
    assert len(seen) > 1
    assert seen == sorted(seen) and len(set(seen)) == len(seen)
    assert seen[-1] == 20_000
    assert with_progress.npv.mean == without.npv.mean
    with pytest.raises(CaseInputError) as refused:
        simulate(AI_INITIATIVE, trials=1000, progress=5)  # type: ignore[arg-type]  # refused on purpose
    assert refused.value.problems[0].field == "progress"
