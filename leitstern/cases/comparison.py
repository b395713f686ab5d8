"""Cases side by side — build against buy, or a conservative, base and optimistic version of
one initiative as separate cases: each one's NPV and ROI ranges, chance of a loss and
payback, and for every pair the chance that one has the higher NPV than the other.

The cases are simulated together (``engine.compare``): inputs with the same key share their
draws, so a difference shows what the assumptions change, not sampling noise. The run
happens in a background task (``tasks.compare_cases``), started by a POST
(``services.comparison_start``); its state, progress and numbers are kept in a
``ComparisonRun`` per cases, revisions, trials and seeds, so the page and the API only read
(a read never writes to the database) and answer at once, with a progress bar while the run
waits or works."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from leitstern.cases import mapping
from leitstern.cases.access import get_case_for
from leitstern.cases.models import BusinessCase, ComparisonRun, ComputeState
from leitstern.core.charts import Axis, Chart, Mark, Series, line_chart
from leitstern.engines import cases as engine
from leitstern.workspaces.models import Membership, Workspace

MIN_COMPARED = 2
MAX_COMPARED = 6
COLORS = ("blue", "gold", "green", "red", "grey", "light")


@dataclass(frozen=True)
class Option:
    """One case of the comparison, with its numbers from the joint run."""

    case: BusinessCase
    npv: dict[str, Any]
    roi: dict[str, Any] | None
    probability_of_loss: float
    payback_median: int | None
    histogram: dict[str, Any]


@dataclass(frozen=True)
class Pair:
    """``first`` against ``second``: the chance that ``first`` has the higher NPV, that
    both come out the same, and the distribution of NPV(first) − NPV(second)."""

    first: BusinessCase
    second: BusinessCase
    probability_first_better: float
    probability_equal: float
    difference: dict[str, Any]
    histogram: dict[str, Any]


@dataclass(frozen=True)
class CaseComparison:
    options: list[Option]
    pairs: list[Pair]
    trials: int
    currency: str


def cases_for(member: Membership, ids: list[int]) -> list[BusinessCase]:
    """The cases to compare, by id through the access lookup (missing or elsewhere: 404),
    checked: 2 to 6 different cases, all in one currency."""
    if not MIN_COMPARED <= len(ids) <= MAX_COMPARED:
        raise ValidationError(
            {"case": _("Choose 2 to %(most)s cases to compare.") % {"most": MAX_COMPARED}}
        )
    if len(set(ids)) != len(ids):
        raise ValidationError({"case": _("Choose each case only once.")})
    cases = [get_case_for(member, pk) for pk in ids]
    currencies = {case.currency for case in cases}
    if len(currencies) > 1:
        raise ValidationError(
            {
                "case": _(
                    "These cases are in different currencies (%(currencies)s): compare cases "
                    "in one currency."
                )
                % {"currencies": ", ".join(sorted(currencies))}
            }
        )
    return cases


def others_of(case: BusinessCase) -> list[int]:
    """The workspace's other cases in the case's currency, by name, as many as fit beside
    it: what the case is compared with when no other is named."""
    return list(
        BusinessCase.objects.filter(workspace_id=case.workspace_id, currency=case.currency)
        .exclude(pk=case.pk)
        .order_by("name", "pk")
        .values_list("pk", flat=True)[: MAX_COMPARED - 1]
    )


def trials_of(cases: list[BusinessCase]) -> int:
    """The fewest trials any of the cases asks for."""
    return min(case.trials for case in cases)


def names_of(cases: list[BusinessCase]) -> str:
    return ",".join(str(case.pk) for case in cases)


def key_of(cases: list[BusinessCase]) -> str:
    """What a run's numbers depend on: the cases in their order, their revisions, the trials
    and the seeds."""
    key = ":".join(f"{case.pk}.{case.revision}" for case in cases)
    return key + f":{trials_of(cases)}:" + ".".join(str(case.seed) for case in cases)


@dataclass(frozen=True)
class Outcome:
    """What is known of the comparison of ``cases`` now. ``state``: ``done`` (numbers of
    the current assumptions), ``queued`` or ``running`` (with ``done`` trials of
    ``trials``), ``failed``, or ``missing`` (never asked for these assumptions).
    ``compared`` holds the numbers when done — or, while not done, those of the last run of
    the same cases with earlier assumptions, with ``stale`` set."""

    state: str
    done: int
    trials: int
    compared: CaseComparison | None
    stale: bool

    @property
    def computing(self) -> bool:
        return self.state in (ComputeState.QUEUED, ComputeState.RUNNING)

    @property
    def percent(self) -> int:
        return min(100, round(100 * self.done / max(1, self.trials)))


def outcome(workspace: Workspace, cases: list[BusinessCase]) -> Outcome:
    """The comparison's state and numbers as kept: reads only (two queries at most)."""
    trials = trials_of(cases)
    runs = ComparisonRun.objects.filter(workspace=workspace, cases=names_of(cases))
    current = runs.filter(key=key_of(cases)).first()
    if current is not None and current.result is not None:
        return Outcome("done", trials, trials, build(cases, current.result, trials), False)
    earlier = (
        runs.exclude(result__isnull=True)
        .exclude(key=key_of(cases))
        .order_by("-computed_at")
        .first()
    )
    compared = build(cases, earlier.result, earlier.trials) if earlier else None
    if current is None:
        return Outcome("missing", 0, trials, compared, compared is not None)
    state = current.state or ComputeState.FAILED  # no result and no run: it broke off
    return Outcome(state, current.done, trials, compared, compared is not None)


def build(cases: list[BusinessCase], data: dict[str, Any], trials: int) -> CaseComparison:
    """The comparison of ``cases`` from a run's kept numbers."""
    by_key = {str(case.pk): case for case in cases}
    options = []
    for case in cases:
        result = data["results"][str(case.pk)]
        options.append(
            Option(
                case=case,
                npv=result["npv"],
                roi=result["roi"],
                probability_of_loss=result["probability_of_loss"],
                payback_median=(result["payback"].get("months") or {}).get("50"),
                histogram=result["npv_histogram"],
            )
        )
    pairs = [
        Pair(
            first=by_key[d["first"]],
            second=by_key[d["second"]],
            probability_first_better=d["probability_first_better"],
            probability_equal=d["probability_equal"],
            difference=d["summary"],
            histogram=d["histogram"],
        )
        for d in data["differences"]
    ]
    return CaseComparison(options, pairs, trials, cases[0].currency)


def compare(cases: list[BusinessCase], progress: Any = None) -> CaseComparison:
    """Simulate ``cases`` together now, with the fewest trials any of them asks for, seeded
    by their seeds (the same cases and assumptions give the same numbers): what the
    background task runs."""
    trials = trials_of(cases)
    return build(cases, simulate(cases, trials, progress), trials)


def simulate(cases: list[BusinessCase], trials: int, progress: Any = None) -> dict[str, Any]:
    named = {str(case.pk): case for case in cases}
    try:
        compared = engine.compare(
            {key: mapping.engine_case(case) for key, case in named.items()},
            trials=trials,
            rng=np.random.default_rng([case.seed for case in cases]),
            sensitivity=False,
            workers=1,
            progress=progress,
        )
    except engine.CaseInputError as error:
        problem = error.problems[0]
        key = problem.field.removeprefix("cases[").partition("]")[0]
        case = named.get(key)
        raise ValidationError(
            {
                "case": _("“%(case)s” cannot be simulated: %(reason)s")
                % {"case": case.name if case else key, "reason": problem.message}
            }
        ) from None
    kept = compared.as_dict()
    return {
        "results": {
            key: {
                name: result[name]
                for name in ("npv", "roi", "probability_of_loss", "payback", "npv_histogram")
            }
            for key, result in kept["results"].items()  # type: ignore[attr-defined]  # a dict of dicts
        },
        "differences": kept["differences"],
    }


def _shares(histogram: dict[str, Any]) -> list[tuple[float, float]]:
    edges, counts = histogram["edges"], histogram["counts"]
    total = max(1, sum(counts))
    return [((edges[i] + edges[i + 1]) / 2, counts[i] / total) for i in range(len(counts))]


def comparison_charts(compared: CaseComparison) -> dict[str, Chart]:
    """The NPV distribution of every option on one axis and, for two options, the
    distribution of the difference between them; each chart has its table."""
    money = "{} ({})".format(_("Net present value"), compared.currency)
    charts = {
        "npv": line_chart(
            name="compare-npv",
            label=_("Net present value of the simulated futures, by case"),
            series=[
                Series(option.case.name, _shares(option.histogram), color=color)  # type: ignore[arg-type]  # a palette name
                for option, color in zip(compared.options, COLORS, strict=False)
            ],
            x=Axis("number", money, scale=True, places=0),
            y=Axis("percent", _("Share of futures"), places=1),
            x_marks=[Mark(0, _("zero"), color="red")],
        )
    }
    if len(compared.options) == 2:
        first, second = compared.pairs[0].first, compared.pairs[0].second
        charts["difference"] = line_chart(
            name="compare-difference",
            label=_("NPV of “%(first)s” minus NPV of “%(second)s”")
            % {"first": first.name, "second": second.name},
            series=[
                Series(_("Share of futures"), _shares(compared.pairs[0].histogram), style="bar")
            ],
            x=Axis(
                "number",
                "{} ({})".format(_("Difference"), compared.currency),
                scale=True,
                places=0,
            ),
            y=Axis("percent", _("Share of futures"), places=1),
            x_marks=[Mark(0, _("equal"), color="red")],
            kind="line",
        )
    return charts
