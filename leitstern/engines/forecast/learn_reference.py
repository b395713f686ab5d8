"""Learn the reference calibration from the shared open-source histories, and check it.

    python -m leitstern.engines.forecast.learn_reference [DATA_DIR] [--write] [--crps] [--shifts]

For every history in DATA_DIR (default: ``../shared/data/throughput`` beside the repository),
every window and horizon in ``WINDOWS`` x ``HORIZONS``, it replays the forecast "how many in
the next h days" at weekly cut dates and keeps ``g``, the probability each forecast gave to
doing more than was really done (see ``calibration``). It learns one reference map per
(window, horizon), every history weighted equally, and checks it leave one history out: the
map learned on the other histories is scored on the one left out,

* alone ("reference"), and
* as the engine uses it by default ("default"): at each cut, the team's own earlier cuts
  whose outcome was known by then are blended in once a year of them exists
  (``backtest._rolling_maps``, here in bulk with ``own.rolling_levels``; equal to the bit).

A forecast made at a cut sees only the history up to that cut, and its calibration only the
cuts whose outcome was complete by then. The reference map for a held-out history is learned
on the other histories over their whole span (as a shipped reference is): no data of the
held-out history after its cut is ever used.

With ``--crps`` it also scores the whole forecast distribution (CRPS, in items) plain and
calibrated at the default window, replaying every cut one by one (a minute or two). With
``--shifts`` it checks, at every cut where ``health`` reports a shift, whether forecasting
from the suggested window would have done better than the default window. With
``--write`` it rewrites ``_reference_data.py``. It always prints the evaluation as Markdown:
the tables in ``docs/forecasting.md`` are its output.

The engine does not need the histories at run time: only the generated module.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from .backtest import _crps, _outcome, _rolling_maps, outcomes
from .calibration import GRID, CalibrationMap, label, learn_map
from .health import check_history
from .history import DailySeries, daily_series
from .own import rolling_levels
from .readers import parse_items
from .replay import replay
from .scenarios import Scenario

WINDOWS = (30, 90, 180, 365)
HORIZONS = (7, 14, 30, 60, 90, 120, 180, 365)
LEVELS = (0.5, 0.7, 0.8, 0.85, 0.9, 0.95)
KINDS = ("plain", "reference", "default")
DEFAULT_WINDOW = 180
REPO = Path(__file__).resolve().parents[3]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "throughput"
TARGET = Path(__file__).with_name("_reference_data.py")


@dataclass(frozen=True, eq=False)
class Past:
    """One history's past forecasts at one setting: cut dates (ordinals), oldest first,
    and the ``g`` of each."""

    cuts: np.ndarray
    g: np.ndarray


@dataclass(frozen=True)
class HeldOut:
    """Hit rates of one held-out history at one setting, per kind and level."""

    cuts: int
    hit_rates: dict[str, dict[str, float]]


def load(data: Path) -> dict[str, DailySeries]:
    """Every ``*.csv`` history in ``data`` as a daily series, by file name."""
    return {f.stem: daily_series(parse_items(f).items) for f in sorted(data.glob("*.csv"))}


def past_forecasts(series: DailySeries, *, window: int, horizon: int) -> Past:
    """Weekly cuts back from the last one whose outcome is known, with their ``g``."""
    scenario = Scenario(as_of=series.end, window=window)
    last = series.end - timedelta(days=horizon)
    found = replay(series, days=horizon, scenario=scenario, last_cut=last, limit=1 << 30)
    assert found is not None  # calendar days: the fast replay applies
    return Past(np.array([c.toordinal() for c in found.cuts], dtype=np.int64), found.g)


def weighted_map(groups: Sequence[np.ndarray]) -> CalibrationMap:
    """The map learned on several histories' ``g``, each history weighing the same."""
    g = np.concatenate(list(groups))
    w = np.concatenate([np.full(len(v), 1.0 / len(v)) for v in groups])
    return learn_map(g, weights=w)


def held_out(past: Past, reference: CalibrationMap, *, horizon: int) -> HeldOut:
    """How often forecasts came true on a history the reference was not learned on."""
    cuts = [date.fromordinal(int(c)) for c in past.cuts]
    rolling = rolling_levels(cuts, past.g, days=horizon, fallback=reference, confidences=LEVELS)
    g = past.g
    return HeldOut(
        len(g),
        {
            "plain": {label(c): float(np.mean(g < c)) for c in LEVELS},
            "reference": {label(c): float(np.mean(g < reference.level(c))) for c in LEVELS},
            "default": {label(c): float(np.mean(g < rolling[:, j])) for j, c in enumerate(LEVELS)},
        },
    )


def evaluate(
    histories: dict[str, DailySeries],
    *,
    windows: Sequence[int] = WINDOWS,
    horizons: Sequence[int] = HORIZONS,
) -> tuple[dict, dict]:
    """``(maps, report)``: ``maps[window][horizon]`` learned on every history, and
    ``report[(window, horizon)][name]`` the ``HeldOut`` of each history left out."""
    maps: dict[int, dict[int, tuple[float, ...]]] = {}
    report: dict[tuple[int, int], dict[str, HeldOut]] = {}
    names = list(histories)
    for w in windows:
        maps[w] = {}
        for h in horizons:
            past = {n: past_forecasts(s, window=w, horizon=h) for n, s in histories.items()}
            maps[w][h] = weighted_map([p.g for p in past.values()]).read
            report[(w, h)] = {
                held: held_out(
                    past[held],
                    weighted_map([past[n].g for n in names if n != held]),
                    horizon=h,
                )
                for held in names
            }
    return maps, report


def mean_rates(per_history: dict[str, HeldOut]) -> dict[str, dict[str, float]]:
    """Hit rates averaged over held-out histories (each weighing the same)."""
    return {
        kind: {
            label(c): round(
                float(np.mean([r.hit_rates[kind][label(c)] for r in per_history.values()])), 4
            )
            for c in LEVELS
        }
        for kind in KINDS
    }


def crps(
    histories: dict[str, DailySeries], *, horizons: Sequence[int], window: int = DEFAULT_WINDOW
) -> dict[tuple[int, str], tuple[float, float]]:
    """Mean CRPS (plain, default calibration) per (horizon, held-out history), every cut
    replayed one by one with its full distribution."""
    out = {}
    names = list(histories)
    for h in horizons:
        found = {}
        for n, s in histories.items():
            scenario = Scenario(as_of=s.end, window=window)
            found[n] = outcomes(s, days=h, scenario=scenario, last_cut=s.end - timedelta(days=h))
        for held in names:
            others = [np.array([o.g for o in found[n]]) for n in names if n != held]
            reference = weighted_map(others)
            maps = _rolling_maps(found[held], h, reference)
            plain = [_crps(o.offset, o.probabilities, o.actual, None) for o in found[held]]
            calibrated = [
                _crps(o.offset, o.probabilities, o.actual, m)
                for o, (_, m) in zip(found[held], maps, strict=True)
            ]
            out[(h, held)] = (float(np.mean(plain)), float(np.mean(calibrated)))
    return out


def shift_check(
    histories: dict[str, DailySeries], *, horizon: int, window: int = DEFAULT_WINDOW
) -> dict[str, tuple[int, dict[str, float], float]]:
    """At every weekly cut where ``health`` reports a shift: plain hit rates and mean CRPS
    forecasting from the default window and from the suggested one, ``{"default": (cuts,
    hit_rates, crps), "suggested": ...}``."""
    found: dict[str, list[tuple[float, float]]] = {"default": [], "suggested": []}
    for series in histories.values():
        cut = series.end - timedelta(days=horizon)
        while cut >= series.start + timedelta(days=window - 1):
            warning = check_history(series, as_of=cut, first=cut - timedelta(days=window - 1))
            if warning is not None and warning.code == "throughput_shift":
                since = date.fromisoformat(warning.params["suggested_window_start"])
                both = [
                    _outcome(series, cut, days=horizon, scenario=Scenario(as_of=cut, window=w))
                    for w in (window, (cut - since).days + 1)
                ]
                if all(o is not None for o in both):
                    for kind, o in zip(("default", "suggested"), both, strict=True):
                        assert o is not None
                        score = _crps(o.offset, o.probabilities, o.actual, None)
                        found[kind].append((o.g, score))
            cut -= timedelta(days=7)
    out = {}
    for kind, rows in found.items():
        g = np.array([r[0] for r in rows])
        rates = {label(c): float(np.mean(g < c)) for c in (0.5, 0.85, 0.95)}
        out[kind] = (len(rows), rates, float(np.mean([r[1] for r in rows])))
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("data", nargs="?", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--write", action="store_true", help="rewrite _reference_data.py")
    parser.add_argument("--crps", action="store_true", help="also score whole distributions")
    parser.add_argument(
        "--shifts", action="store_true", help="also check the shift warning's suggested window"
    )
    args = parser.parse_args(argv)
    histories = load(args.data)
    if len(histories) < 2:
        print(f"need at least two histories in {args.data}", file=sys.stderr)
        return 2
    maps, report = evaluate(histories)
    rates = {key: mean_rates(per) for key, per in report.items()}
    if args.write:
        _write(maps, rates, list(histories))
    print(_default_table(report, list(histories)))
    print()
    print(_grid_table(rates))
    if args.crps:
        print()
        print(_crps_table(crps(histories, horizons=(14, 30, 60, 90, 180)), list(histories)))
    if args.shifts:
        print()
        print(_shift_table({h: shift_check(histories, horizon=h) for h in (30, 90)}))
    return 0


def _pct(x: float) -> str:
    return f"{100 * x:.1f}"


def _default_table(report, names) -> str:
    lines = [
        "| horizon | cuts | plain 50 / 85 / 95 | reference 50 / 85 / 95 | **default** 50 / 85 / 95 "
        "| default 85 per history | default 95 per history |",
        "|---|---|---|---|---|---|---|",
    ]
    for (w, h), per in report.items():
        if w != DEFAULT_WINDOW or h == 7:
            continue
        mean = mean_rates(per)
        cells = [" / ".join(_pct(mean[kind][k]) for k in ("50", "85", "95")) for kind in KINDS]
        cells[2] = f"**{cells[2]}**"
        spread = [
            " ".join(f"{100 * per[n].hit_rates['default'][k]:.0f}" for n in names)
            for k in ("85", "95")
        ]
        cuts = sum(per[n].cuts for n in names)
        lines.append(f"| {h} d | {cuts} | {' | '.join(cells)} | {' | '.join(spread)} |")
    lines.append("")
    lines.append(f"Per history in the order {', '.join(names)}.")
    return "\n".join(lines)


def _grid_table(rates) -> str:
    horizons = sorted({h for _, h in rates})
    lines = [
        "| window | " + " | ".join(f"{h} d" for h in horizons) + " |",
        "|---|" + "---|" * len(horizons),
    ]
    for w in sorted({w for w, _ in rates}):
        for kind, name in (("plain", "plain"), ("reference", "reference"), ("default", "default")):
            cells = [
                f"{100 * rates[(w, h)][kind]['85']:.0f}/{100 * rates[(w, h)][kind]['95']:.0f}"
                for h in horizons
            ]
            lines.append(f"| {w} d, {name} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _crps_table(scores, names) -> str:
    horizons = sorted({h for h, _ in scores})
    lines = [
        "| history | " + " | ".join(f"{h} d" for h in horizons) + " |",
        "|---|" + "---|" * len(horizons),
    ]
    for n in names:
        cells = [f"{scores[(h, n)][0]:.2f} → {scores[(h, n)][1]:.2f}" for h in horizons]
        lines.append(f"| {n} | " + " | ".join(cells) + " |")
    return "\n".join(lines)


def _shift_table(checks) -> str:
    lines = [
        "| at flagged cuts | horizon | cuts | plain hit 50 / 85 / 95 | CRPS |",
        "|---|---|---|---|---|",
    ]
    for kind, name in (("default", "default window"), ("suggested", "suggested window")):
        for h, check in checks.items():
            cuts, rates, score = check[kind]
            hits = " / ".join(f"{100 * rates[k]:.0f}" for k in ("50", "85", "95"))
            lines.append(f"| {name} | {h} d | {cuts} | {hits} | {score:.1f} |")
    return "\n".join(lines)


def _write(maps, rates, names) -> None:
    lines = [
        '"""Reference calibration learned on public open-source histories.',
        "",
        "Generated by ``python -m leitstern.engines.forecast.learn_reference --write`` from",
        f"{', '.join(names)}. Do not edit by hand.",
        "",
        "``MAPS[window][horizon]`` gives the level to read for each nominal level in",
        "``calibration.GRID``. ``HIT_RATES[(window, horizon)]`` holds the mean",
        "leave-one-history-out hit rates: ``plain``, ``calibrated`` (the reference map alone)",
        "and ``default`` (the engine's default: own past blended in once a year of it exists).",
        '"""',
        "",
        "# ruff: noqa: E501",
        "# fmt: off",
        f"WINDOWS = {tuple(WINDOWS)!r}",
        f"HORIZONS = {tuple(HORIZONS)!r}",
        f"GRID = {tuple(GRID)!r}",
        "MAPS = {",
    ]
    for w, by_h in maps.items():
        lines.append(f"    {w}: {{")
        for h, read in by_h.items():
            lines.append(f"        {h}: {tuple(read)!r},")
        lines.append("    },")
    lines.append("}")
    lines.append("HIT_RATES = {")
    for key, value in rates.items():
        shown = {
            "plain": value["plain"],
            "calibrated": value["reference"],
            "default": value["default"],
        }
        lines.append(f"    {key!r}: {shown!r},")
    lines.append("}")
    TARGET.write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    raise SystemExit(main())
