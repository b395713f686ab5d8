"""Template filters of discovery: verdicts, effects, evidence, hints and formulas in the
reader's language."""

from __future__ import annotations

from django import template
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leitstern.discovery import prioritisation, verdicts, wording
from leitstern.discovery.hints import Hint

register = template.Library()


@register.filter
def verdict_lines(data: dict | None, unit: str = "") -> list[wording.Line]:
    return wording.verdict_lines(data or {}, unit=unit or "")


@register.filter
def outcome_label(outcome: str) -> str:
    return wording.outcome_label(outcome or "")


@register.filter
def outcome_tone(outcome: str) -> str:
    """A CSS tone for a verdict's or a status' badge."""
    return {
        "met": "good",
        "judged_validated": "good",
        "validated": "good",
        "refuted": "bad",
        "judged_invalidated": "bad",
        "invalidated": "bad",
        "invalid": "warn",
    }.get(outcome or "", "neutral")


@register.filter
def pct(fraction) -> str:
    return wording.percent(fraction)


@register.filter
def pct0(fraction) -> str:
    return wording.percent(fraction, 0)


@register.filter
def percent_number(value) -> str:
    """A number that already is a percentage (80 → "80%")."""
    return "—" if value is None else wording.percent(value / 100, 0)


@register.filter
def number(value) -> str:
    return wording.number(value)


@register.filter
def count(value) -> str:
    if value is None:
        return "—"
    from django.utils import formats

    return formats.number_format(int(value), 0, use_l10n=True, force_grouping=True)


HINTS = {
    Hint.NO_METRIC: gettext_lazy(
        "Which metric will move? Without one, nobody can say afterwards whether you were right."
    ),
    Hint.OUTPUT_PHRASING: gettext_lazy(
        "This reads like something you will build (output). Say what it changes for "
        "customers or the business, and how you will see it."
    ),
    Hint.NO_BASELINE: gettext_lazy("Where does the metric stand today? Give a baseline."),
    Hint.NO_TARGET: gettext_lazy(
        "Where do you believe it will go? Give a target or a minimum effect."
    ),
    Hint.TARGET_WITHOUT_DATE: gettext_lazy("By when? A target without a date cannot be missed."),
    Hint.NO_RULE: gettext_lazy(
        "Without a target or a minimum effect there is no decision rule to judge by."
    ),
}


@register.filter
def hint_text(hint: str) -> str:
    return str(HINTS.get(hint, hint))


BASIS = {
    prioritisation.Basis.NONE: gettext_lazy("no evidence yet"),
    prioritisation.Basis.SECOND_HAND: gettext_lazy("second-hand evidence only"),
    prioritisation.Basis.DIRECT: gettext_lazy("direct conversations"),
    prioritisation.Basis.DIRECT_SEGMENTS: gettext_lazy(
        "direct conversations in two or more segments"
    ),
    prioritisation.Basis.VALIDATED: gettext_lazy("a hypothesis validated by an experiment"),
}


@register.filter
def basis_label(basis: str) -> str:
    return str(BASIS.get(basis, basis))


@register.filter
def evidence_text(evidence: prioritisation.Evidence | None) -> str:
    """ "4 direct, 1 second-hand in 2 segments" — what an opportunity rests on."""
    if evidence is None or (evidence.total == 0 and not evidence.validated):
        return _("no evidence linked yet")
    parts = []
    if evidence.total:
        parts.append(
            _("%(direct)s direct, %(second)s second-hand in %(segments)s segments")
            % {
                "direct": evidence.direct,
                "second": evidence.second_hand,
                "segments": evidence.segments,
            }
        )
    if evidence.validated:
        parts.append(_("validated by an experiment"))
    return "; ".join(parts)


TERMS = {
    "reach": gettext_lazy("reach"),
    "impact": gettext_lazy("impact"),
    "confidence": gettext_lazy("confidence"),
    "effort": gettext_lazy("effort"),
    "ease": gettext_lazy("ease"),
    "business_value": gettext_lazy("business value"),
    "time_criticality": gettext_lazy("time criticality"),
    "risk_reduction": gettext_lazy("risk reduction"),
    "job_size": gettext_lazy("job size"),
    "value": gettext_lazy("value"),
}


@register.filter
def term_label(name: str) -> str:
    return str(TERMS.get(name, name))


@register.filter
def formula(result: prioritisation.Result) -> str:
    """The score's formula with the numbers put in, e.g. "2,000 × 2 × 80% ÷ 3 = 1,067"."""
    t = dict(result.terms)

    def n(name: str) -> str:
        value = t.get(name)
        return "?" if value is None else wording.number(value, 4)

    if result.method == prioritisation.Method.RICE:
        text = _("%(reach)s × %(impact)s × %(confidence)s ÷ %(effort)s") % {
            "reach": n("reach"),
            "impact": n("impact"),
            "confidence": wording.percent((t.get("confidence") or 0) / 100, 0),
            "effort": n("effort"),
        }
    elif result.method == prioritisation.Method.ICE:
        text = f"{n('impact')} × {n('confidence')} × {n('ease')}"
    elif result.method == prioritisation.Method.WSJF:
        cost = f"{n('business_value')} + {n('time_criticality')} + {n('risk_reduction')}"
        text = f"({cost}) ÷ {n('job_size')}"
    else:
        text = f"{n('value')} ÷ {n('effort')}"
    if result.value is None:
        return text
    return f"{text} = {wording.number(result.value, 4)}"


@register.filter
def formula_legend(method: str) -> str:
    return {
        "rice": _("reach × impact × confidence ÷ effort"),
        "ice": _("impact × confidence (0–10) × ease"),
        "wsjf": _("(business value + time criticality + risk reduction) ÷ job size"),
        "value_effort": _("value ÷ effort"),
    }.get(method, method)


@register.filter
def rule_sentence(hypothesis) -> str:
    """The decision rule in plain words."""
    effect, scale = verdicts.minimum_effect(hypothesis)
    if effect is None:
        return _("No decision rule yet: give a baseline and a target, or a minimum effect.")
    signed = effect if hypothesis.direction == "higher" else -effect
    if scale == "relative":
        size = wording.signed(wording.percent(effect / 100), signed)
    elif hypothesis.metric_kind == "rate":
        size = wording.signed(_("%(value)s points") % {"value": wording.number(effect)}, signed)
    else:
        unit = hypothesis.metric.unit if hypothesis.metric_id else ""
        size = wording.signed(wording.number(effect) + (f" {unit}" if unit else ""), signed)
    level = wording.percent(1 - hypothesis.alpha, 0)
    side = _("above") if hypothesis.direction == "higher" else _("below")
    criterion = {
        "interval_excludes_zero": _(
            "We are right if the %(level)s interval of the change lies entirely %(side)s zero."
        ),
        "estimate_reaches_minimum": _(
            "We are right if the %(level)s interval of the change lies entirely %(side)s zero "
            "and the estimate reaches %(size)s."
        ),
        "lower_bound_reaches_minimum": _(
            "We are right if the whole %(level)s interval of the change lies at or beyond %(size)s."
        ),
    }[hypothesis.criterion] % {"level": level, "side": side, "size": size}
    refuted = _(
        "We are wrong if the interval rules out a change as large as %(size)s (the smallest "
        "change worth having); the test is sized to find it with %(power)s power."
    ) % {"size": size, "power": wording.percent(hypothesis.power, 0)}
    return f"{criterion} {refuted}"
