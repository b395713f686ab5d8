"""Template filters that word strategy numbers: scores, how they were computed, where a
value comes from, hints and risks, in the reader's language."""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache

from django import template
from django.template.defaultfilters import date as date_filter
from django.template.defaultfilters import floatformat
from django.urls import get_script_prefix, reverse
from django.utils.formats import get_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from leitstern.strategy import charts, scoring
from leitstern.strategy.hints import Hint, output_words

register = template.Library()

_MARK = 314159265358979323  # stands for the id in a reversed URL


@lru_cache(maxsize=1024)
def _route(name: str, slug: str, prefix: str) -> tuple[str, str]:
    head, mark, tail = reverse(name, kwargs={"slug": slug, "pk": _MARK}).partition(str(_MARK))
    if not mark:
        raise ValueError(f"{name} does not end in an id")
    return head, tail


@register.simple_tag
def id_url(name: str, slug: str, pk: int) -> str:
    """``{% url name slug pk %}`` for one object of a long list: the route is reversed once
    per name and workspace and the id put in its place (reversing took a tenth of a list
    page's time)."""
    head, tail = _route(name, slug, get_script_prefix())
    return f"{head}{int(pk)}{tail}"


_QUANTUM = {1: Decimal("0.1"), 2: Decimal("0.01")}


def _plain(value) -> bool:
    """A number the short ways below format exactly as ``floatformat`` does: finite,
    below 999 (no thousands separator can appear, even rounded) and not so tiny that
    ``floatformat`` writes it as it came."""
    return (
        isinstance(value, int | float)
        and not isinstance(value, bool)
        and math.isfinite(value)
        and (value == 0 or 1e-100 < abs(value) < 999)
    )


def fixed(value, places: int) -> str:
    """``floatformat(value, places)`` for one or two places: the decimal as Python writes
    it, rounded half up, in the reader's decimal separator. Pages list hundreds of scores,
    and ``floatformat``'s generality was a fifth of their time."""
    if not _plain(value):
        return floatformat(value, places)
    rounded = Decimal(str(value)).quantize(_QUANTUM[places], ROUND_HALF_UP)
    text = f"{rounded:f}"
    if text[0] == "-" and not rounded:
        text = text[1:]  # floatformat writes no sign on a zero
    return text.replace(".", get_format("DECIMAL_SEPARATOR"))


@register.filter
def num(value) -> str:
    """A number as people write it in the reader's language, up to two decimals
    (``floatformat`` with ``"-2g"``)."""
    if value is None or value == "":
        return "—"
    if _plain(value) and float(value).is_integer():
        return str(int(value))
    if _plain(value):
        return fixed(value, 2)
    return floatformat(value, "-2g")


@register.filter
def score(value) -> str:
    """A score with one decimal, as Google's OKR grading shows it."""
    return "—" if value is None else fixed(value, 1)


@register.filter
def decimal1(value) -> str:
    """One decimal (``floatformat:1``)."""
    return fixed(value, 1)


@register.filter
def score_how(info) -> str:
    """How a key result's score was computed, with the numbers used."""
    detail: scoring.KeyResultScore = info.detail
    method = detail.method
    params = {
        "current": num(detail.current),
        "baseline": num(detail.baseline),
        "target": num(detail.target),
        "score": fixed(detail.score, 2),
    }
    if method == scoring.Method.PROGRESS:
        text = (
            _(
                "(current %(current)s − baseline %(baseline)s) ÷ (target %(target)s − "
                "baseline %(baseline)s) = %(score)s"
            )
            % params
        )
        if detail.current is not None and detail.baseline is not None:
            raw = (detail.current - detail.baseline) / (detail.target - detail.baseline)
            if raw != detail.score:
                text += " " + _("(kept within 0.0–1.0)")
        return text
    if method == scoring.Method.FROM_ZERO:
        return (
            _("no baseline, counted from 0: current %(current)s ÷ target %(target)s = %(score)s")
            % params
        )
    if method == scoring.Method.MET:
        return (
            _("target %(target)s reached or not (no range to measure progress on): %(score)s")
            % params
        )
    return _("no current value yet: 0.0")


@register.filter
def objective_how(info) -> str:
    if info.score is None:
        return _("no key results yet, so no score")
    parts = " + ".join(fixed(part, 2) for part in info.parts)
    text = ngettext(
        "%(count)d key result: %(parts)s = %(score)s",
        "mean of %(count)d key results: (%(parts)s) ÷ %(count)d = %(score)s",
        len(info.parts),
    )
    return text % {
        "count": len(info.parts),
        "parts": parts,
        "score": fixed(info.score, 2),
    }


@register.filter
def source_label(kr) -> str:
    info = kr.info
    day = date_filter(info.source_day, "SHORT_DATE_FORMAT") if info.source_day else ""
    if info.source == "metric":
        return _("from the metric “%(metric)s”, value of %(day)s") % {
            "metric": kr.metric.name,
            "day": day,
        }
    if info.source == "check_in":
        return _("from the check-in of the week of %(day)s") % {"day": day}
    if info.source == "manual":
        return _("entered by hand")
    if info.source == "final":
        return _("as it stood when the cycle closed")
    return _("no value yet")


HINT_TEXT = {
    Hint.NO_BASELINE: lambda: _(
        "No baseline: where do you start? Without it progress cannot be measured honestly."
    ),
    Hint.NO_NUMBER: lambda: _(
        "The key result names no number. Say the measure in it, e.g. “from 2.1% to 3%”."
    ),
    Hint.TOO_MANY_KEY_RESULTS: lambda: _(
        "More than five key results: focus on the three to five that show success best."
    ),
    Hint.NO_KEY_RESULTS: lambda: _(
        "No key results yet: how will you know whether this objective worked?"
    ),
}


@register.simple_tag
def hint_text(hint, title: str = "") -> str:
    if hint == Hint.OUTPUT_PHRASING:
        words = ", ".join(f"“{w}”" for w in output_words(title)) or "—"
        return _(
            "%(words)s sounds like output (what we make). Describe the outcome instead: "
            "what changes for customers or the business?"
        ) % {"words": words}
    return HINT_TEXT[hint]()


RISK_TEXT = {
    scoring.Risk.CONFIDENCE_DROP: lambda: _("confidence dropped since the last check-in"),
    scoring.Risk.LOW_CONFIDENCE: lambda: _("confidence is 3 or lower"),
    scoring.Risk.BEHIND_TREND: lambda: _("committed, but the trend ends below 1.0"),
}


@register.filter
def risk_text(risk) -> str:
    return RISK_TEXT[risk]()


@register.filter
def band_label(band: str) -> str:
    return {
        "red": _("red (0.0–0.3)"),
        "yellow": _("yellow (0.4–0.6)"),
        "green": _("green (0.7–1.0)"),
    }.get(band, _("not scored"))


@register.filter
def kind_of(items, kind: str) -> list:
    return [item for item in items if getattr(item, "kind", None) == kind]


@register.filter
def spark(view):
    """``{% chart view|spark %}``: a metric view's sparkline (``strategy.charts.spark``)."""
    return charts.spark(view)
