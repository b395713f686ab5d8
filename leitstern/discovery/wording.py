"""The statistics engine speaks in stable codes with parameters; this module words them in
the reader's language, with numbers as the reader writes them. Nothing here says
"significant": every verdict names its interval."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leitstern.engines.stats import Problem

# --- numbers -------------------------------------------------------------------------


def number(value: float | None, digits: int = 3) -> str:
    """``value`` with about ``digits`` significant digits (at most 4 decimals, no trailing
    zeros), in the reader's language: 1.234,5 in German."""
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "—"
    magnitude = math.floor(math.log10(abs(value))) if value else 0
    decimals = max(0, min(4, digits - 1 - magnitude))
    while decimals and round(value, decimals - 1) == round(value, decimals):
        decimals -= 1
    return formats.number_format(
        round(value, decimals), decimals, use_l10n=True, force_grouping=True
    )


def signed(text: str, value: float) -> str:
    if value > 0:
        return "+" + text
    if value < 0:
        return "−" + text.lstrip("-")
    return text


def percent(fraction: float | None, decimals: int = 1) -> str:
    """A fraction as a percentage: 0.153 → "15.3%" ("15,3 %" in German)."""
    if fraction is None:
        return "—"
    shown = formats.number_format(round(fraction * 100, decimals), decimals, use_l10n=True)
    # Translators: a percentage; German puts a no-break space before the sign.
    return _("%(value)s%%") % {"value": shown}


SUPERSCRIPT = str.maketrans("-0123456789", "⁻⁰¹²³⁴⁵⁶⁷⁸⁹")


def p_value(p: float | None) -> str:
    """A p-value to four decimals; a smaller one in powers of ten (2.1 × 10⁻⁹), so that
    "p = …" always reads as an equation."""
    if p is None:
        return "—"
    if p >= 0.0001:
        return formats.number_format(round(p, 4), 4, use_l10n=True)
    if p < 1e-300:
        return "< 10" + "-300".translate(SUPERSCRIPT)
    exponent = math.floor(math.log10(p))
    mantissa = p / 10**exponent
    if round(mantissa, 1) >= 10:
        mantissa, exponent = mantissa / 10, exponent + 1
    shown = formats.number_format(round(mantissa, 1), 1, use_l10n=True)
    return f"{shown} × 10" + str(exponent).translate(SUPERSCRIPT)


def probability(fraction: float | None) -> str:
    """A chance as a percentage that never claims certainty: above 99.9% it says so."""
    if fraction is None:
        return "—"
    if fraction > 0.999:
        return "> " + percent(0.999)
    if fraction < 0.001:
        return "< " + percent(0.001)
    return percent(fraction)


def effect(value: float | None, *, scale: str, kind: str, unit: str = "", sign: bool = True) -> str:
    """An effect on the rule's scale: relative as a percentage, an absolute difference of
    rates in percentage points, any other absolute difference in the metric's unit."""
    if value is None:
        return "—"
    if scale == "relative":
        text = percent(abs(value))
    elif kind == "proportions":
        text = _("%(value)s points") % {"value": number(abs(value) * 100, 3)}
    else:
        text = number(abs(value)) + (f" {unit}" if unit else "")
    return signed(text, value) if sign else (text if value >= 0 else "−" + text)


def level(value: float | None) -> str:
    return percent(value, 0) if value is not None else "—"


# --- field messages ------------------------------------------------------------------

FIELD_TEXTS = {
    "rate_range": gettext_lazy("Enter a rate between 0 and 100 %."),
    "target_equals_baseline": gettext_lazy(
        "The target equals the baseline: there would be no change to detect."
    ),
    "target_below_baseline": gettext_lazy(
        "Higher is better, so the target must lie above the baseline."
    ),
    "target_above_baseline": gettext_lazy(
        "Lower is better, so the target must lie below the baseline."
    ),
    "minimum_effect_positive": gettext_lazy(
        "Enter the minimum effect as a size above zero; the direction says which way is good."
    ),
    "relative_needs_baseline": gettext_lazy("A relative effect needs the baseline."),
    "sd_positive": gettext_lazy("A standard deviation must be greater than zero."),
    "traffic_positive": gettext_lazy("Enter the units per week as a number above zero."),
    "unit_interval": gettext_lazy("Enter a value between 0 and 1, e.g. 0.05."),
    "share_range": gettext_lazy("Enter a share between 0 and 100 %, e.g. 50."),
    "change_after_start": gettext_lazy("The change must come after the start of “before”."),
    "after_not_before_change": gettext_lazy("“After” cannot end before the change."),
    "result_missing": gettext_lazy("Enter this too, or leave all results of this kind empty."),
}


def field_text(code: str) -> str:
    return str(FIELD_TEXTS[code])


def problem_text(problem: Problem, *, field: str, kind: str = "") -> str:
    """The engine's refusal ``problem`` in the reader's language, for the form field
    ``field``."""
    params = problem.params
    code = problem.code
    if code == "conversions_exceed_visitors":
        return _(
            "More conversions (%(conversions)s) than visitors (%(visitors)s): a group cannot "
            "convert more visitors than it has."
        ) % {
            "conversions": formats.number_format(
                params.get("conversions"), 0, use_l10n=True, force_grouping=True
            ),
            "visitors": formats.number_format(
                params.get("visitors"), 0, use_l10n=True, force_grouping=True
            ),
        }
    if code == "negative":
        return _("A count cannot be negative.")
    if code == "not_whole_number":
        return _("Enter a whole number.")
    if code == "too_small":
        return _("Enter at least %(minimum)s.") % {"minimum": params.get("minimum")}
    if code == "not_positive":
        if field in ("sd", "sd_a", "sd_b"):
            return field_text("sd_positive")
        if field == "share_b":
            return field_text("share_range")
        return _("Enter a number greater than zero.")
    if code in ("not_a_number", "not_finite"):
        return _("Enter a finite number.")
    if code == "outside_unit_interval":
        if field in ("baseline", "target", "minimum_effect"):
            return _("With this effect the rate would leave 0 to 100 %; choose a smaller one.")
        if field == "share_b":
            return field_text("share_range")
        return field_text("unit_interval")
    if code == "target_equals_baseline":
        return field_text("target_equals_baseline")
    if code == "zero_effect":
        return field_text("minimum_effect_positive")
    if code == "effect_too_small":
        return _(
            "This effect is too small to detect with any test of realistic size (more than "
            "10¹² per group would be needed)."
        )
    if code in ("baseline_required", "relative_undefined"):
        return (
            field_text("relative_needs_baseline")
            if field == "baseline"
            else _(
                "A relative change needs a value above zero in A; use an absolute minimum effect."
            )
        )
    if code == "too_few_values":
        return _(
            "Too few values of the metric in this period (%(count)s); at least %(minimum)s are "
            "needed."
        ) % {"count": params.get("count"), "minimum": params.get("minimum")}
    if code == "no_variation":
        if kind == "counts":
            return _(
                "In both groups every visitor converted, or none did: there is no spread, so "
                "no interval can be given."
            )
        return _("The values carry no spread, so no interval can be given.")
    return _("The statistics cannot use this value.")


# --- verdicts ------------------------------------------------------------------------

OUTCOME_LABELS = {
    "met": gettext_lazy("Decision rule met"),
    "refuted": gettext_lazy("Refuted"),
    "inconclusive": gettext_lazy("Inconclusive"),
    "invalid": gettext_lazy("Invalid: the groups are not as planned"),
    "judged_validated": gettext_lazy("Validated by the team's judgement"),
    "judged_invalidated": gettext_lazy("Invalidated by the team's judgement"),
    "judged_inconclusive": gettext_lazy("Inconclusive by the team's judgement"),
}


def outcome_label(outcome: str) -> str:
    return str(OUTCOME_LABELS.get(outcome, outcome))


@dataclass(frozen=True)
class Line:
    """One sentence of a verdict: ``part`` is ``reason``, ``number`` or ``caveat``."""

    code: str
    part: str
    text: str


def _interval(params: dict, *, scale: str, kind: str, unit: str) -> dict[str, str]:
    return {
        "estimate": effect(params.get("estimate"), scale=scale, kind=kind, unit=unit),
        "lower": effect(params.get("lower"), scale=scale, kind=kind, unit=unit),
        "upper": effect(params.get("upper"), scale=scale, kind=kind, unit=unit),
        "level": level(params.get("level")),
        "minimum": effect(params.get("minimum"), scale=scale, kind=kind, unit=unit),
    }


def _text(code: str, params: dict, *, kind: str, unit: str, test: str) -> str:
    scale = params.get("scale", "absolute")
    v = _interval(params, scale=scale, kind=kind, unit=unit)
    if code == "met_interval_excludes_zero":
        return (
            _(
                "The decision rule is met: the change is %(estimate)s (%(level)s interval "
                "%(lower)s to %(upper)s), and the whole interval lies on the good side of zero."
            )
            % v
        )
    if code == "met_estimate_reaches_minimum":
        return (
            _(
                "The decision rule is met: the change is %(estimate)s (%(level)s interval "
                "%(lower)s to %(upper)s), on the good side of zero, and reaches the minimum "
                "effect of %(minimum)s."
            )
            % v
        )
    if code == "met_lower_bound_reaches_minimum":
        return (
            _(
                "The decision rule is met: the change is %(estimate)s, and its whole %(level)s "
                "interval, %(lower)s to %(upper)s, lies at or beyond the minimum effect of "
                "%(minimum)s."
            )
            % v
        )
    if code == "refuted_opposite_direction":
        return (
            _(
                "Refuted: the change made things worse, %(estimate)s (%(level)s interval "
                "%(lower)s to %(upper)s)."
            )
            % v
        )
    if code == "refuted_below_minimum":
        return (
            _(
                "Refuted: an effect as large as the minimum of %(minimum)s is ruled out; the "
                "change is %(estimate)s (%(level)s interval %(lower)s to %(upper)s)."
            )
            % v
        )
    if code == "inconclusive_underpowered":
        return _(
            "Inconclusive, the test was too small: with %(n)s per group it had a %(power)s "
            "chance to find the minimum effect of %(minimum)s (planned: %(planned)s); it "
            "would need about %(needed)s per group. The change is %(estimate)s (%(level)s "
            "interval %(lower)s to %(upper)s)."
        ) % {
            **v,
            "n": _count(params.get("n_per_arm")),
            "power": percent(params.get("power"), 0),
            "planned": percent(params.get("planned_power"), 0),
            "needed": _count(params.get("needed_n_per_arm")),
        }
    if code == "inconclusive_effect_may_be_below_minimum":
        return (
            _(
                "Inconclusive: there is an effect, %(estimate)s (%(level)s interval %(lower)s to "
                "%(upper)s), but it may be smaller than the minimum of %(minimum)s."
            )
            % v
        )
    if code == "inconclusive_interval_spans_zero_and_minimum":
        return (
            _(
                "Inconclusive: the %(level)s interval, %(lower)s to %(upper)s, includes both no "
                "change and the minimum effect of %(minimum)s."
            )
            % v
        )
    if code == "sample_ratio_mismatch":
        return _(
            "Invalid: the groups have %(observed)s units, %(shares)s of the total, but the "
            "plan was %(planned)s (sample-ratio check p = %(p)s, below %(threshold)s). The "
            "assignment did not work as planned; nothing this comparison shows can be trusted."
        ) % {
            "observed": " / ".join(_count(x) for x in params.get("observed", [])),
            "shares": " / ".join(percent(x) for x in params.get("shares", [])),
            "planned": " / ".join(
                percent(x / sum(params.get("planned", [1]))) for x in params.get("planned", [])
            ),
            "p": p_value(params.get("p_value")),
            "threshold": p_value(params.get("threshold")),
        }
    if code == "difference_interval":
        kind_scale = {"scale": "absolute"}
        w = _interval({**params, **kind_scale}, scale="absolute", kind=kind, unit=unit)
        return _("Difference B − A: %(estimate)s (%(level)s interval %(lower)s to %(upper)s).") % w
    if code == "relative_interval":
        w = _interval(params, scale="relative", kind=kind, unit=unit)
        return _("Relative change: %(estimate)s (%(level)s interval %(lower)s to %(upper)s).") % w
    if code == "p_value":
        return _("p = %(p)s (%(test)s), compared with α = %(alpha)s.") % {
            "p": p_value(params.get("p_value")),
            "test": test,
            "alpha": number(params.get("alpha")),
        }
    if code == "power":
        if params.get("power") is None:
            return _("The power for the minimum effect cannot be computed for these data.")
        return _(
            "Power to find the minimum effect of %(minimum)s with %(n)s per group: "
            "%(power)s (planned: %(planned)s)."
        ) % {
            "minimum": v["minimum"],
            "n": _count(params.get("n_per_arm")),
            "power": percent(params.get("power"), 0),
            "planned": percent(params.get("planned_power"), 0),
        }
    if code == "chance_to_win":
        loss_kind = {"scale": "absolute"}
        return _(
            "Chance that B is better: %(probability)s. Expected loss if we ship B and it is "
            "worse: %(ship)s; if we keep A and B is better: %(keep)s."
        ) % {
            "probability": probability(params.get("probability")),
            "ship": effect(
                params.get("expected_loss_ship"), kind=kind, unit=unit, sign=False, **loss_kind
            ),
            "keep": effect(
                params.get("expected_loss_keep"), kind=kind, unit=unit, sign=False, **loss_kind
            ),
        }
    if code == "sample_ratio_ok":
        return _("The groups' sizes match the planned split (sample-ratio check p = %(p)s).") % {
            "p": p_value(params.get("p_value"))
        }
    if code == "effect_smaller_than_minimum":
        return (
            _(
                "The whole interval lies below the minimum effect of %(minimum)s: the effect is "
                "real, but smaller than what we said matters."
            )
            % v
        )
    if code == "low_power_estimate_may_be_exaggerated":
        return _(
            "The test had less power than planned (%(power)s of %(planned)s): a win from a "
            "small test tends to overstate the effect."
        ) % {
            "power": percent(params.get("power"), 0),
            "planned": percent(params.get("planned_power"), 0),
        }
    if code == "stopped_before_planned_sample":
        return _(
            "Stopped at %(n)s per group of the %(planned)s planned: looking early and stopping "
            "on a good result makes false wins more likely."
        ) % {
            "n": _count(params.get("n_per_arm")),
            "planned": _count(params.get("planned_n_per_arm")),
        }
    if code == "normal_approximation_doubtful":
        return _(
            "A group has only %(smallest)s conversions or non-conversions (fewer than "
            "%(minimum)s): the normal approximation behind the interval is rough."
        ) % {"smallest": params.get("smallest"), "minimum": params.get("minimum")}
    if code == "small_samples_normality_assumed":
        return _(
            "Fewer than 30 per group (%(n)s): the test assumes the metric is roughly normal."
        ) % {"n": params.get("n")}
    if code == "no_control_group":
        return _(
            "Before / after has no control group: seasons, campaigns and other releases "
            "between the periods are part of the difference."
        )
    if code == "autocorrelation_adjusted":
        return _(
            "Consecutive values resemble each other (correlation %(before)s before, %(after)s "
            "after): the interval is widened as if there were %(n_before)s and %(n_after)s "
            "independent values."
        ) % {
            "before": number(params.get("rho_before"), 2),
            "after": number(params.get("rho_after"), 2),
            "n_before": number(params.get("n_effective_before"), 3),
            "n_after": number(params.get("n_effective_after"), 3),
        }
    if code == "autocorrelation_not_adjusted":
        return _(
            "Consecutive values resemble each other (correlation %(before)s before, %(after)s "
            "after), and the interval is not widened for it: it is too narrow."
        ) % {
            "before": number(params.get("rho_before"), 2),
            "after": number(params.get("rho_after"), 2),
        }
    if code == "autocorrelation_not_checked":
        return _(
            "A period has fewer than %(minimum)s values: how much consecutive values resemble "
            "each other was not checked."
        ) % {"minimum": params.get("minimum")}
    if code == "strong_autocorrelation":
        return _(
            "Consecutive values are very strongly related: the interval is a rough guide only."
        )
    return code


def _count(value: Any) -> str:
    if value is None:
        return "—"
    return formats.number_format(int(value), 0, use_l10n=True, force_grouping=True)


TESTS = {
    "two_proportion_z": gettext_lazy("two-proportion z-test"),
    "welch_t": gettext_lazy("Welch's t-test"),
}

NUMBER_CODES = {
    "difference_interval",
    "relative_interval",
    "p_value",
    "power",
    "chance_to_win",
    "sample_ratio_ok",
}


def verdict_lines(data: dict, *, unit: str = "", first: int | None = None) -> list[Line]:
    """Every message of a stored or fresh verdict (``Verdict.as_dict()``), worded; only the
    ``first`` ones when given (a list of bets shows each verdict's reason alone)."""
    comparison = data.get("comparison") or {}
    kind = comparison.get("kind", "")
    test = str(TESTS.get(comparison.get("test", ""), comparison.get("test", "")))
    lines = []
    for index, message in enumerate(data.get("messages", [])[:first]):
        code = message["code"]
        part = "reason" if index == 0 else ("number" if code in NUMBER_CODES else "caveat")
        lines.append(
            Line(
                code,
                part,
                _text(code, message.get("params") or {}, kind=kind, unit=unit, test=test),
            )
        )
    return lines
