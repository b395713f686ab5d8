"""Asking the engine: one ``Spec`` (what the user chose) in, one ``Answer`` (what the page,
the API and a saved forecast show) out. No forecast math lives here: every number comes
from ``leitstern.engines.forecast``."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from typing import Any

import numpy as np
from django.core.cache import cache
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from leitstern.engines import forecast as engine
from leitstern.forecasts.messages import describe
from leitstern.forecasts.models import Question
from leitstern.forecasts.selectors import history_version, team_series, today
from leitstern.teams.models import Team

LEVELS = (50, 70, 85, 95)
HEADLINE = "85"
CHART_TAIL = 0.0005  # the charts leave out outcomes less likely than this at either end


@dataclass(frozen=True)
class Spec:
    """The question and every scenario option of the engine, as plain values."""

    question: str = Question.WHEN
    as_of: date | None = None
    by: date | None = None
    items: int | None = None
    done: int = 0
    window: int | None = 180
    window_start: date | None = None
    unit: str = "day"
    working_days: bool = False
    holidays: tuple[date, ...] = ()
    adjustments: tuple[tuple[date, float], ...] = ()
    growth: bool = False
    split: tuple[float, float] | None = None
    max_days: int = 3650
    engine: str = "exact"
    trials: int = 20_000
    seed: int = 1
    calibration: str = "auto"
    confidences: tuple[int, ...] = LEVELS

    def resolved_as_of(self) -> date:
        return self.as_of or today() - timedelta(days=1)

    def as_json(self) -> dict[str, Any]:
        def plain(value: Any) -> Any:
            if isinstance(value, date):
                return value.isoformat()
            if isinstance(value, (list, tuple)):
                return [plain(v) for v in value]
            return value

        data = {k: plain(v) for k, v in asdict(self).items()}
        data["as_of"] = self.resolved_as_of().isoformat()
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Spec:
        def day(value: Any) -> date | None:
            return date.fromisoformat(value) if value else None

        return cls(
            question=data.get("question", Question.WHEN),
            as_of=day(data.get("as_of")),
            by=day(data.get("by")),
            items=data.get("items"),
            done=data.get("done", 0),
            window=data.get("window"),
            window_start=day(data.get("window_start")),
            unit=data.get("unit", "day"),
            working_days=data.get("working_days", False),
            holidays=tuple(day(d) for d in data.get("holidays", ())),
            adjustments=tuple((day(d), float(f)) for d, f in data.get("adjustments", ())),
            growth=data.get("growth", False),
            split=tuple(data["split"]) if data.get("split") else None,
            max_days=data.get("max_days", 3650),
            engine=data.get("engine", "exact"),
            trials=data.get("trials", 20_000),
            seed=data.get("seed", 1),
            calibration=data.get("calibration", "auto"),
            confidences=tuple(data.get("confidences", LEVELS)),
        )


@dataclass
class Row:
    level: str
    plain: Any
    calibrated: Any
    hit_plain: float | None
    hit_calibrated: float | None


@dataclass
class Answer:
    spec: Spec
    question: str
    as_of: date
    rows: list[Row]
    sentence: str
    chart: dict
    calibration: dict
    warnings: list[str]
    window: dict
    result: dict = field(default_factory=dict)  # JSON kept with a saved forecast
    due: date | None = None
    # (code, params, English message) of each engine warning; rendered per reader.
    warning_codes: list = field(default_factory=list)
    # How far the calibrated answer can be trusted (``Honesty`` of the engine): whether it
    # was checked, the held-out hit rates behind that, and its limits, rendered per reader.
    checked: bool = True
    checked_days: int = 0
    checked_rates: dict = field(default_factory=dict)
    limit_codes: list = field(default_factory=list)
    limits: list[str] = field(default_factory=list)

    @property
    def headline(self) -> Row | None:
        return next(
            (r for r in self.rows if r.level == HEADLINE), self.rows[-1] if self.rows else None
        )


class ForecastError(Exception):
    """An engine input error, translated for the reader."""

    def __init__(self, code: str, message: str, params: dict) -> None:
        super().__init__(message)
        self.code, self.message, self.params = code, message, params


def _engine_options(spec: Spec) -> dict[str, Any]:
    options: dict[str, Any] = {
        "as_of": spec.resolved_as_of(),
        "window": spec.window or 180,
        "window_start": spec.window_start,
        "unit": spec.unit,
        "working_days": spec.working_days,
        "holidays": spec.holidays,
        "adjustments": spec.adjustments,
        "engine": spec.engine,
        "trials": spec.trials,
        "rng": np.random.default_rng(spec.seed) if spec.engine == "montecarlo" else None,
        "confidences": tuple(c / 100 for c in spec.confidences),
        "calibration": spec.calibration,
        "today": today(),
    }
    if spec.question != Question.HOW_MANY:
        options.update(growth=spec.growth, split=spec.split, max_days=spec.max_days)
    return options


def compute(team: Team, spec: Spec, *, series: engine.DailySeries | None = None) -> Answer:
    """The answer to ``spec`` on the team's history, cached until the history changes."""
    digest = hashlib.sha256(json.dumps(spec.as_json(), sort_keys=True).encode()).hexdigest()
    key = f"forecasts:answer:v2:{team.pk}:{history_version(team)}:{today()}:{digest}"
    answer = cache.get(key)
    if answer is None:
        answer = _compute(team, spec, series=series)
        cache.set(key, answer, 60 * 60 * 24)
    # The cached answer is shared by readers of every language: its words are written now.
    answer.sentence = stored_sentence(spec.question, answer.result)
    answer.warnings = [describe(c, p, m) for c, p, m in answer.warning_codes]
    answer.limits = [describe(c, p, m) for c, p, m in answer.limit_codes]
    return answer


def _compute(team: Team, spec: Spec, *, series: engine.DailySeries | None) -> Answer:
    series = series or team_series(team)
    if series is None:
        raise ForecastError("no_items", "There are no completed items.", {})
    options = _engine_options(spec)
    try:
        if spec.question == Question.HOW_MANY:
            if spec.by is None:
                raise engine.ForecastInputError("invalid_option", "by", option="by", value="")
            days = (spec.by - options["as_of"]).days
            result = engine.how_many(series, days=days, **options)
        elif spec.question == Question.CHANCE:
            result = engine.chance(
                series, items=spec.items or 0, done=spec.done, by=spec.by, **options
            )
        else:
            result = engine.when(series, items=spec.items or 0, done=spec.done, **options)
    except engine.ForecastInputError as error:
        raise ForecastError(
            error.code, describe(error.code, error.params, error.message), error.params
        ) from None
    return _answer(spec, result)


def _pct(value: float | None) -> float | None:
    return None if value is None else round(100 * value, 1)


def _answer(spec: Spec, result) -> Answer:
    when_result = result.when if spec.question == Question.CHANCE else result
    calibration = when_result.calibration
    hits = calibration.hit_rates or {}
    stored = result.as_dict()

    def table_value(value):
        if value is None:
            return None
        return value.date if isinstance(value, engine.WhenAnswer) else value

    rows = [
        Row(
            level=level,
            plain=table_value(when_result.plain[level]),
            calibrated=table_value(when_result.calibrated[level]),
            hit_plain=_pct(hits.get("plain", {}).get(level)),
            hit_calibrated=_pct(hits.get("calibrated", {}).get(level)),
        )
        for level in when_result.plain
    ]
    as_of = when_result.scenario.as_of
    window = when_result.window.as_dict()
    warning_codes = [(w.code, w.params, w.message) for w in result.warnings]
    honesty = when_result.honesty
    answer = Answer(
        spec=spec,
        question=spec.question,
        as_of=as_of,
        rows=rows,
        sentence="",
        chart=_chart(spec, result),
        calibration={
            "source": calibration.source,
            "cuts": calibration.cuts,
            "levels": stored.get("calibration", {}).get("levels", {}),
        },
        warnings=[],
        window=window,
        warning_codes=warning_codes,
        checked=honesty.checked,
        checked_days=honesty.horizon_days,
        checked_rates={k: round(100 * v) for k, v in honesty.hit_rates.items()},
        limit_codes=[(w.code, w.params, w.message) for w in honesty.limits],
    )
    answer.due = _due(spec, answer, result)
    stored.pop("distribution", None)
    stored["chart"] = answer.chart
    stored["sentence_params"] = _sentence_params(spec, answer, result)
    answer.result = stored
    return answer


def _due(spec: Spec, answer: Answer, result) -> date:
    """When the forecast can be scored: the end of its period; for "when", the latest date
    it named (earlier, if the items are done before)."""
    if spec.question == Question.HOW_MANY:
        return result.end
    if spec.question == Question.CHANCE:
        return result.by
    dates = [d for r in answer.rows for d in (r.plain, r.calibrated) if d]
    return max(dates) if dates else answer.as_of + timedelta(days=spec.max_days)


def _sentence_params(spec: Spec, answer: Answer, result) -> dict:
    row = answer.headline
    if spec.question == Question.CHANCE:
        return {
            "percent": round(100 * result.calibrated_probability),
            "plain_percent": round(100 * result.probability),
            "items": (spec.items or 0) - spec.done,
            "date": result.by.isoformat(),
        }
    value = row.calibrated if row else None
    return {
        "percent": row.level if row else "",
        "count": value if spec.question == Question.HOW_MANY else (spec.items or 0) - spec.done,
        "date": (result.end if spec.question == Question.HOW_MANY else value).isoformat()
        if (spec.question == Question.HOW_MANY or value)
        else None,
    }


def sentence(
    question: str, answer: Answer | None = None, result=None, *, params: dict | None = None
) -> str:
    """One sentence a stakeholder understands, in the reader's language."""
    if params is None:
        params = _sentence_params(answer.spec, answer, result)
    shown = dict(params)
    if shown.get("date"):
        shown["date"] = date_format(date.fromisoformat(shown["date"]), "DATE_FORMAT")
    if question == Question.HOW_MANY:
        return _("%(percent)s%% chance of at least %(count)s items by %(date)s.") % shown
    if question == Question.CHANCE:
        return (
            _(
                "%(percent)s%% chance that %(items)s items are done by %(date)s "
                "(%(plain_percent)s%% before calibration)."
            )
            % shown
        )
    if not shown.get("date"):
        return _("The %(count)s items are not done within the horizon looked at.") % shown
    return _("%(percent)s%% chance that the %(count)s items are done by %(date)s.") % shown


def _trim(cumulative: np.ndarray, *, rising: bool) -> slice:
    lo = int(np.searchsorted(cumulative, CHART_TAIL)) if rising else 0
    hi = int(np.searchsorted(cumulative, 1 - CHART_TAIL)) + 1 if rising else len(cumulative)
    return slice(max(lo - 1, 0), min(max(hi, lo + 2), len(cumulative)))


def _chart(spec: Spec, result) -> dict:
    if spec.question == Question.HOW_MANY:
        keep = (result.at_least > CHART_TAIL) & (result.at_least < 1 - CHART_TAIL + 1e-12)
        idx = np.flatnonzero(keep)
        part = slice(idx[0], idx[-1] + 1) if idx.size else slice(0, len(result.counts))
        return {
            "kind": "how_many",
            "x": [int(v) for v in result.counts[part]],
            "p": [round(float(v), 5) for v in result.probabilities[part]],
            "cum": [round(float(v), 4) for v in result.at_least[part]],
            "marks": {k: [result.plain[k], result.calibrated[k]] for k in result.plain},
        }
    when_result = result.when if spec.question == Question.CHANCE else result
    part = _trim(when_result.cumulative, rising=True)
    chart = {
        "kind": "when",
        "x": [str(d) for d in when_result.dates[part]],
        "p": [round(float(v), 5) for v in when_result.probabilities[part]],
        "cum": [round(float(v), 4) for v in when_result.cumulative[part]],
        "marks": {
            k: [
                v.date.isoformat() if v else None,
                when_result.calibrated[k].date.isoformat() if when_result.calibrated[k] else None,
            ]
            for k, v in when_result.plain.items()
        },
    }
    if spec.question == Question.CHANCE:
        chart["by"] = result.by.isoformat()
    return chart


def stored_rows(result: dict) -> list[Row]:
    """The percentile table of a saved answer (``result`` as kept with the forecast)."""
    hits = result.get("hit_rates") or {}

    def value(v):
        return date.fromisoformat(v["date"]) if isinstance(v, dict) else v

    return [
        Row(
            level=level,
            plain=value(plain),
            calibrated=value(result.get("calibrated", {}).get(level)),
            hit_plain=_pct(hits.get("plain", {}).get(level)),
            hit_calibrated=_pct(hits.get("calibrated", {}).get(level)),
        )
        for level, plain in result.get("plain", {}).items()
    ]


def stored_sentence(question: str, result: dict) -> str:
    return sentence(question, params=result.get("sentence_params", {}))
