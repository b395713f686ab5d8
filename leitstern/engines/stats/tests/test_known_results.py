"""Published results, reproduced: sample sizes, textbook tests and software output."""

from __future__ import annotations

import pytest

from leitstern.engines.stats import (
    compare_before_after,
    compare_means,
    compare_proportions,
    power_proportions,
    sample_size_means,
    sample_size_proportions,
    srm_check,
)


def test_ten_to_eleven_and_a_half_percent_needs_6693_per_arm():
    # The pooled-variance (Fleiss) formula gives 6,692.6 → 6,693; the unpooled one 6,689.9.
    s = sample_size_proportions(baseline=0.10, target=0.115, alpha=0.05, power=0.8)
    assert s.n_per_arm == 6693
    assert s.total == 13386
    assert s.method == "pooled_z"
    assert 0.8 <= s.achieved_power < 0.8001
    assert power_proportions(baseline=0.10, target=0.115, n_a=6692) < 0.8


def test_the_same_effect_given_as_mde_absolute_or_relative_gives_the_same_size():
    absolute = sample_size_proportions(baseline=0.10, mde=0.015)
    relative = sample_size_proportions(baseline=0.10, mde=0.15, relative=True)
    assert absolute.n_per_arm == relative.n_per_arm == 6693
    assert relative.target == pytest.approx(0.115)
    assert relative.mde_relative == pytest.approx(0.15)


def test_weekly_traffic_turns_into_whole_weeks():
    s = sample_size_proportions(baseline=0.10, target=0.115, weekly_traffic=2000)
    assert s.weeks_exact == pytest.approx(13386 / 2000)
    assert s.weeks == 7
    exact = sample_size_proportions(baseline=0.10, target=0.115, weekly_traffic=13386)
    assert exact.weeks == 1


@pytest.mark.parametrize(("d", "n"), [(0.2, 394), (0.5, 64), (0.8, 26)])
def test_cohens_small_medium_large_effects_need_the_g_power_sizes(d, n):
    # Two-sided t-test, α = 0.05, power 0.8, equal variances: G*Power's exact answers
    # (Cohen's 1988 table rounds the first to 393 from the normal approximation).
    s = sample_size_means(sd=1.0, mde=d)
    assert s.n_per_arm == n
    assert s.method == "welch_noncentral_t"


def test_a_mean_target_and_a_relative_mean_effect_agree():
    by_target = sample_size_means(sd=20.0, baseline=100.0, target=110.0)
    by_relative = sample_size_means(sd=20.0, baseline=100.0, mde=0.1, relative=True)
    assert by_target.n_per_arm == by_relative.n_per_arm == 64


def test_openintro_cpr_example_difference_and_90_percent_interval():
    # OpenIntro Statistics: 14 of 40 survived with blood thinners, 11 of 50 without;
    # point estimate 0.13, SE 0.095, 90% interval (-0.027, 0.287).
    c = compare_proportions(
        conversions_a=11, visitors_a=50, conversions_b=14, visitors_b=40, alpha=0.10
    )
    assert c.difference.estimate == pytest.approx(0.13)
    assert c.se == pytest.approx(0.095, abs=5e-4)
    assert c.difference.lower == pytest.approx(-0.027, abs=5e-4)
    assert c.difference.upper == pytest.approx(0.287, abs=5e-4)


def test_openintro_mammogram_example_z_test():
    # OpenIntro Statistics: 500 of 44,925 died in the mammogram group, 505 of 44,910 in the
    # control group; rates 0.01113 and 0.01125, pooled SE 0.00070, z = -0.17, p = 0.867. The
    # book divides the rounded numbers; unrounded, z is -0.164 and p 0.870.
    c = compare_proportions(
        conversions_a=505, visitors_a=44910, conversions_b=500, visitors_b=44925
    )
    assert c.b.mean == pytest.approx(0.01113, abs=1e-5)
    assert c.a.mean == pytest.approx(0.01125, abs=1e-5)
    assert c.se_null == pytest.approx(0.00070, abs=5e-6)
    assert round(c.statistic, 2) in (-0.16, -0.17)
    assert c.p_value == pytest.approx(0.867, abs=0.005)
    assert c.p_value == pytest.approx(0.8698, abs=5e-5)


def test_minitab_welch_example_from_summary_statistics():
    # Minitab's two-sample t (unequal variances) for n=50, mean 100.0, sd 27.5 against
    # n=60, mean 108.1, sd 24.3: T = 1.62 (B − A), P = 0.108, DF = 98 (Minitab truncates).
    c = compare_means(mean_a=100.0, sd_a=27.5, n_a=50, mean_b=108.1, sd_b=24.3, n_b=60)
    assert c.statistic == pytest.approx(1.62, abs=0.005)
    assert c.p_value == pytest.approx(0.108, abs=0.0005)
    assert int(c.df) == 98


def test_r_welch_t_test_output_on_two_small_samples():
    # R: t.test(ts1, ts2) → t = -1.8325, df = 17.9, p-value = 0.08356,
    # 95 percent confidence interval: -2.1469104 0.1469104
    ts1 = [11, 9, 10, 11, 10, 12, 9, 11, 12, 9]
    ts2 = [11, 13, 10, 13, 12, 9, 11, 12, 12, 11]
    c = compare_before_after(before=ts2, after=ts1, autocorrelation=False)
    assert c.statistic == pytest.approx(-1.8325, abs=5e-5)
    assert c.df == pytest.approx(17.9, abs=0.05)
    assert c.p_value == pytest.approx(0.08356, abs=5e-6)
    assert c.difference.lower == pytest.approx(-2.1469104, abs=5e-8)
    assert c.difference.upper == pytest.approx(0.1469104, abs=5e-8)
    assert c.test == "welch_t"


def test_kohavi_sample_ratio_mismatch_example():
    # Trustworthy Online Controlled Experiments (Kohavi, Tang, Xu), ch. 3: 821,588 against
    # 815,482 users in a planned 50/50 split has p ≈ 1.8e-6 — a mismatch.
    s = srm_check(observed=[821588, 815482])
    assert s.p_value == pytest.approx(1.8e-6, rel=0.02)
    assert s.mismatch
    assert s.shares[0] == pytest.approx(0.502, abs=5e-4)


def test_a_plausible_split_is_not_a_mismatch():
    s = srm_check(observed=[5021, 4979], planned=(1, 1))
    assert s.p_value == pytest.approx(0.6744, abs=1e-4)
    assert not s.mismatch


def test_small_planned_tests_carry_a_note():
    assert sample_size_means(sd=1.0, mde=0.8).notes == ("small_samples_normality_assumed",)
    assert sample_size_means(sd=1.0, mde=0.2).notes == ()
    assert sample_size_proportions(baseline=0.02, target=0.5).notes == (
        "normal_approximation_doubtful",
    )
    assert sample_size_proportions(baseline=0.10, target=0.115).notes == ()
