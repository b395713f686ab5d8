"""``leitstern forecast``: delivery forecasts from a file, without the web app.

    leitstern forecast how-many FILE --days 30
    leitstern forecast when FILE --items 100
    leitstern forecast chance FILE --items 100 --by 2027-03-31
    leitstern forecast backtest FILE
    leitstern forecast cycle-time FILE

Several FILEs are several teams working on one backlog. Exit status: 0 on success, 2 when
the input cannot be answered honestly (the message says why).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

import numpy as np

from . import render
from .backtest import backtest
from .cycletime import cycle_time
from .errors import ForecastInputError, ForecastWarning
from .flow import AgingWip, FlowDay, aging_wip, cumulative_flow
from .history import DailySeries, daily_series
from .questions import chance, how_many, when
from .readers import FORMATS, ParseResult, parse_items
from .scenarios import Adjustment

__all__ = ["main"]


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date (YYYY-MM-DD): {text!r}") from None


def _levels(text: str) -> list[float]:
    try:
        return [float(x) / 100 for x in text.split(",") if x.strip()]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of percentages: {text!r}") from None


def _split(text: str) -> tuple[float, float]:
    try:
        low, _, high = text.partition("-")
        return float(low), float(high or low)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a range such as 1-1.5: {text!r}") from None


def _adjust(text: str) -> Adjustment:
    when_text, _, factor = text.partition(":")
    try:
        return Adjustment(date.fromisoformat(when_text), float(factor))
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"not DATE:FACTOR such as 2027-06-01:0.8: {text!r}"
        ) from None


def _holidays(values: Sequence[str]) -> list[date]:
    out = []
    for value in values:
        out += [_date(v.strip()) for v in value.split(",") if v.strip()]
    return out


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="leitstern forecast",
        description="Delivery forecasts from a team's history of finished items. "
        "'how many' at 85% is the count reached with at least 85% probability (a small "
        "number); 'when' at 85% is the date done by with at least 85% probability (a late "
        "date).",
    )
    commands = parser.add_subparsers(dest="command", required=True)
    common = argparse.ArgumentParser(add_help=False)
    io = common.add_argument_group("input")
    io.add_argument("files", nargs="+", type=Path, help="CSV/TSV or GitHub JSON; several = teams")
    io.add_argument("--format", choices=FORMATS, default="auto")
    io.add_argument("--date-column", help="the column with completion dates")
    io.add_argument("--start-column", help="the column with start dates")
    io.add_argument("--created-column", help="the column with creation dates")
    io.add_argument("--key-column", help="the column with item keys")
    io.add_argument("--date-order", choices=("dmy", "mdy"), help="for dates such as 03/04/2026")
    io.add_argument(
        "--skip-invalid",
        action="store_true",
        help="leave unreadable rows out (listed as warnings) instead of stopping",
    )
    hist = common.add_argument_group("history")
    hist.add_argument("--as-of", type=_date, help="last day of history (default: yesterday)")
    hist.add_argument("--window", type=int, default=180, help="history window in days")
    hist.add_argument("--window-start", type=_date, help="window from this date to --as-of")
    hist.add_argument("--unit", choices=("day", "week"), default="day", help="sampling unit")
    hist.add_argument("--working-days", action="store_true", help="leave weekends out")
    hist.add_argument(
        "--holiday", action="append", default=[], help="YYYY-MM-DD[,...] left out (repeatable)"
    )
    out = common.add_argument_group("output")
    out.add_argument("--confidence", type=_levels, default=[0.5, 0.7, 0.85, 0.95])
    out.add_argument(
        "--calibration", choices=("auto", "own", "reference", "widen", "none"), default="auto"
    )
    out.add_argument("--json", action="store_true", help="one JSON object on stdout")
    model = argparse.ArgumentParser(add_help=False)
    eng = model.add_argument_group("engine and scenario")
    eng.add_argument("--engine", choices=("exact", "montecarlo"), default="exact")
    eng.add_argument("--trials", type=int, default=100_000, help="Monte Carlo trials")
    eng.add_argument("--seed", type=int, help="Monte Carlo seed (reproducible runs)")
    eng.add_argument(
        "--adjust",
        type=_adjust,
        action="append",
        default=[],
        help="DATE:FACTOR, throughput times FACTOR from DATE on (repeatable)",
    )
    backlog = argparse.ArgumentParser(add_help=False)
    bl = backlog.add_argument_group("backlog")
    bl.add_argument("--items", type=int, required=True, help="items in the backlog")
    bl.add_argument("--done", type=int, default=0, help="of those, already done")
    bl.add_argument("--growth", action="store_true", help="new items arrive as in the history")
    bl.add_argument("--split", type=_split, help="each item becomes LOW-HIGH items, e.g. 1-1.5")
    bl.add_argument("--max-days", type=int, default=3650, help="how far ahead to look")

    p = commands.add_parser("how-many", parents=[common, model], help="items done in N days")
    p.add_argument("--days", type=int, required=True)
    commands.add_parser("when", parents=[common, model, backlog], help="date the items are done")
    p = commands.add_parser("chance", parents=[common, model, backlog], help="chance by a date")
    p.add_argument("--by", type=_date, required=True)
    p = commands.add_parser("backtest", parents=[common], help="hit rates of past forecasts")
    p.add_argument("--days", type=int, default=30, help="forecast horizon scored")
    p.add_argument("--step", type=int, default=7, help="days between cut dates")
    p = commands.add_parser("cycle-time", parents=[common], help="cycle-time percentiles")
    p.add_argument("--started", type=_date, help="forecast a single item started on this date")
    flow = argparse.ArgumentParser(add_help=False)
    fl = flow.add_argument_group("flow")
    fl.add_argument("--on", type=_date, help="the day to look at (default: today)")
    p = commands.add_parser(
        "aging", parents=[common, flow], help="open items' age against cycle-time percentiles"
    )
    p = commands.add_parser(
        "flow", parents=[common, flow], help="cumulative flow: arrived, started, done per day"
    )
    p.add_argument("--days", type=int, default=180, help="days shown, up to --on")
    p.add_argument("--step", type=int, default=1, help="show every STEP-th day (and the last)")
    return parser


@dataclass(frozen=True)
class _Aging:
    aging: AgingWip

    def as_dict(self) -> dict[str, object]:
        a = self.aging
        return {
            "as_of": a.as_of.isoformat(),
            "window_start": a.window_start.isoformat(),
            "percentiles": a.percentiles,
            "cycle_items": a.cycle_items,
            "reason": a.reason,
            "in_progress": a.in_progress,
            "not_started": a.not_started,
            "items": [
                {
                    "key": i.key,
                    "title": i.title,
                    "started": i.started.isoformat(),
                    "age": i.age,
                    "passed": i.passed,
                }
                for i in a.items
            ],
        }


@dataclass(frozen=True)
class _Flow:
    days: tuple[FlowDay, ...]

    def as_dict(self) -> dict[str, object]:
        return {
            "days": [
                {
                    "day": d.day.isoformat(),
                    "arrived": d.arrived,
                    "started": d.started,
                    "done": d.done,
                    "in_progress": d.in_progress,
                }
                for d in self.days
            ]
        }


def _flow_run(args: argparse.Namespace, parsed: list[ParseResult]) -> tuple[object, str]:
    """``aging`` and ``flow`` on every file's finished and open items together."""
    on = args.on or date.today()
    finished = [i for p in parsed for i in p.items]
    open_items = [i for p in parsed for i in p.open_items]
    if args.command == "aging":
        aging = aging_wip(
            [(i.key, i.title or "", i.started) for i in open_items],
            [(i.started, i.done) for i in finished],
            as_of=on, window=args.window,
        )  # fmt: skip
        return _Aging(aging), render.aging(aging)
    if args.days < 1 or args.step < 1:
        raise ForecastInputError(
            "invalid_option", "--days and --step must be at least 1.",
            option="days" if args.days < 1 else "step",
            value=str(args.days if args.days < 1 else args.step), reason="at least 1",
        )  # fmt: skip

    def counted(days: list[date | None]) -> dict[date, int]:
        out: dict[date, int] = {}
        for day in days:
            if day is not None and day <= on:
                out[day] = out.get(day, 0) + 1
        return out

    days = cumulative_flow(
        arrived=counted([d for p in parsed for d in p.arrivals]),
        started=counted([i.started for i in finished] + [i.started for i in open_items]),
        done=counted([i.done for i in finished]),
        start=on - timedelta(days=args.days - 1), end=on, step=args.step,
    )  # fmt: skip
    return _Flow(days), render.flow(days)


def _load(path: Path, args: argparse.Namespace) -> tuple[ParseResult, DailySeries]:
    if not path.is_file():
        raise ForecastInputError(
            "unreadable_file", f"Cannot read {path}: no such file.", path=str(path)
        )
    parsed = parse_items(
        path,
        format=args.format,
        done_column=args.date_column,
        started_column=args.start_column,
        created_column=args.created_column,
        key_column=args.key_column,
        date_order=args.date_order,
    )
    if not args.skip_invalid:
        parsed.raise_for_errors()
    if not parsed.items:
        raise ForecastInputError("no_items", f"{path} holds no completed items.", path=str(path))
    arrivals = parsed.arrivals if "created" in parsed.columns else None
    return parsed, daily_series(parsed.items, arrivals=arrivals)


def _input_info(path: Path, parsed: ParseResult) -> dict[str, object]:
    return {
        "file": str(path),
        "format": parsed.format,
        "encoding": parsed.encoding,
        "delimiter": parsed.delimiter,
        "columns": parsed.columns,
        "rows": parsed.rows,
        "items": len(parsed.items),
        "duplicates": parsed.duplicates,
        "errors": [p.as_dict() for p in parsed.errors],
        "skipped": len(parsed.skipped),
    }


def _row_warnings(parsed: ParseResult) -> list[ForecastWarning]:
    out = list(parsed.warnings)
    out += [ForecastWarning(p.code, p.message, {"row": p.row}) for p in parsed.errors]
    return out


def _run(args: argparse.Namespace) -> tuple[object, str, list[dict[str, object]], list]:
    loaded = [_load(path, args) for path in args.files]
    series = [s for _, s in loaded]
    info = [_input_info(path, parsed) for path, (parsed, _) in zip(args.files, loaded, strict=True)]
    extra = [w for parsed, _ in loaded for w in _row_warnings(parsed)]
    if args.command in ("aging", "flow"):
        result, text = _flow_run(args, [parsed for parsed, _ in loaded])
        return result, text, info, extra
    if args.command == "cycle-time":
        items = [i for parsed, _ in loaded for i in parsed.items]
        times = cycle_time(
            items, as_of=args.as_of, window=args.window, started=args.started,
            confidences=args.confidence,
        )  # fmt: skip
        return times, render.cycle_time(times), info, extra
    history = dict(
        as_of=args.as_of, window=args.window, unit=args.unit, working_days=args.working_days,
        holidays=_holidays(args.holiday), confidences=args.confidence,
        calibration=args.calibration,
    )  # fmt: skip
    if args.command == "backtest":
        if len(series) > 1:
            raise ForecastInputError(
                "invalid_option", "A backtest takes one history at a time.",
                option="files", value=str(len(series)), reason="one file",
            )  # fmt: skip
        tested = backtest(series[0], days=args.days, step=args.step, **history)
        return tested, render.backtest(tested), info, extra
    rng = np.random.default_rng(args.seed)
    model = dict(
        window_start=args.window_start, adjustments=args.adjust, engine=args.engine,
        trials=args.trials, rng=rng, **history,
    )  # fmt: skip
    if args.window_start is not None:
        model["window"] = None
    if args.command == "how-many":
        counted = how_many(series, days=args.days, **model)
        return counted, render.how_many(counted), info, extra
    backlog = dict(
        items=args.items, done=args.done, growth=args.growth, split=args.split,
        max_days=args.max_days, **model,
    )  # fmt: skip
    if args.command == "when":
        dated = when(series, **backlog)
        return dated, render.when(dated), info, extra
    chances = chance(series, by=args.by, **backlog)
    return chances, render.chance(chances), info, extra


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``leitstern forecast``; returns the exit status."""
    parser = _parser()
    try:
        args = parser.parse_args(argv)
    except SystemExit as exc:  # argparse exits 2 on bad usage, 0 on --help
        return int(exc.code or 0)
    try:
        result, text, info, extra = _run(args)
    except ForecastInputError as exc:
        if args.json:
            print(json.dumps({"error": exc.as_dict()}, ensure_ascii=False))
        else:
            print(f"error: {exc.message}", file=sys.stderr)
        return 2
    if args.json:
        payload = result.as_dict()  # type: ignore[attr-defined]  # every forecast result has it
        payload["input"] = info if len(info) > 1 else info[0]
        payload["warnings"] = [w.as_dict() for w in extra] + list(payload.get("warnings", []))
        print(json.dumps(payload, ensure_ascii=False))
    else:
        print(text)
        for w in extra:
            print(f"warning: {w.message}")
    return 0
