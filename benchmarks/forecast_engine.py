"""Benchmark the forecast engine and compare it with published forecasters.

    python benchmarks/forecast_engine.py [--data DIR] [--quick]

Times, in-process on one real history (numpy's merged pull requests, as of 2026-08-20,
180-day window):

* exact "how many in 365 days" and exact "when will 1000 items be done";
* "how many in 30 days" with own-history calibration, learned afresh and from the cache;
* Monte Carlo, 1,000,000 trials x 365 days, with the peak memory it allocates;
* side by side, on the same input, ``montecarlocsv`` and ``quando-forecast`` (install them
  from ``benchmarks/requirements-compare.txt``; they are skipped if missing): time ratio and
  agreement of percentiles, with their reading conventions.

Prints Markdown for ``docs/benchmarks.md``. Results depend on the machine; the numbers in
the docs say where they were measured.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib.metadata
import io
import os
import platform
import random
import statistics
import sys
import time
import tracemalloc
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from leitstern.engines.forecast import (  # noqa: E402
    DailySeries,
    daily_series,
    exact,
    how_many,
    montecarlo,
    parse_items,
    when,
)
from leitstern.engines.forecast.history import window_sample  # noqa: E402
from leitstern.engines.forecast.own import CACHE as calibration_cache  # noqa: E402
from leitstern.engines.forecast.scenarios import Model, Scenario  # noqa: E402

AS_OF = date(2026, 8, 20)
WINDOW = 180


def best_of(fn: Callable[[], object], *, repeat: int, number: int = 1) -> float:
    """Median of ``repeat`` timings of ``number`` calls, in seconds per call."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        for _ in range(number):
            fn()
        times.append((time.perf_counter() - start) / number)
    return statistics.median(times)


def peak_memory(fn: Callable[[], object]) -> tuple[float, int]:
    tracemalloc.start()
    start = time.perf_counter()
    fn()
    elapsed = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return elapsed, peak


def version(name: str) -> str | None:
    try:
        return importlib.metadata.version(name)
    except importlib.metadata.PackageNotFoundError:
        return None


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=REPO.parent / "shared/data/throughput")
    parser.add_argument("--quick", action="store_true", help="fewer repeats")
    args = parser.parse_args(argv)
    path = args.data / "numpy_prs.csv"
    if not path.is_file():
        print(f"missing {path}", file=sys.stderr)
        return 2
    repeat = 5 if args.quick else 30
    items = parse_items(path, today=date(2026, 11, 21)).items
    series = daily_series(items)
    scenario = Scenario(as_of=AS_OF, window=WINDOW)
    sample, window = window_sample(series, as_of=AS_OF, window=WINDOW)
    model = Model.build((sample,), scenario, max_steps=3650)
    one = np.array([1000])
    w1 = np.array([1.0])

    print("## Forecast engine\n")
    print(
        f"Measured on {platform.machine()} / {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, numpy {np.__version__}; input: numpy's merged pull "
        f"requests as of {AS_OF}, {WINDOW}-day window ({window.items} items, "
        f"{window.days_with_completions} days with completions). Median of {repeat} runs.\n"
    )
    rows = []
    t = best_of(lambda: exact.how_many_distribution(model, 365), repeat=repeat, number=10)
    rows.append(("exact how many, 365 days (engine core)", t))
    t = best_of(
        lambda: exact.when_distribution(model, one, w1, max_steps=3650), repeat=repeat, number=10
    )
    rows.append(("exact when, 1000 items (engine core)", t))
    t = best_of(lambda: how_many(series, days=365, as_of=AS_OF, calibration="none"), repeat=repeat)
    rows.append(("`how_many(days=365)` public call, no calibration", t))
    t = best_of(lambda: when(series, items=1000, as_of=AS_OF, calibration="none"), repeat=repeat)
    rows.append(("`when(items=1000)` public call, no calibration", t))

    def first_render() -> None:
        calibration_cache.clear()  # as on the first forecast of this history and as-of date
        how_many(series, days=30, as_of=AS_OF)

    t = best_of(first_render, repeat=repeat)
    rows.append(("`how_many(days=30)` with own-history calibration (156 backtest cuts)", t))
    t = best_of(lambda: how_many(series, days=30, as_of=AS_OF), repeat=repeat)
    rows.append(("the same, calibration already learned (repeated page render)", t))
    rows.extend(_large_team(repeat=max(5, repeat // 3)))
    print("| what | time |\n|---|---|")
    for name, seconds in rows:
        print(f"| {name} | {seconds * 1e3:.2f} ms |")

    def mc_how_many() -> None:
        montecarlo.how_many_distribution(model, 365, trials=1_000_000, rng=np.random.default_rng(1))

    def mc_when() -> None:
        montecarlo.when_distribution(
            model, one, w1, max_steps=3650, trials=100_000, rng=np.random.default_rng(1)
        )

    mc_how_many()  # warm up
    t1, m1 = peak_memory(mc_how_many)
    t1 = min(t1, best_of(mc_how_many, repeat=3))
    t2, m2 = peak_memory(mc_when)
    mib1, mib2 = m1 / 2**20, m2 / 2**20
    print(
        f"| Monte Carlo how many, 1,000,000 trials x 365 days | {t1:.2f} s, peak {mib1:.0f} MiB |"
    )
    print(f"| Monte Carlo when 1000 items, 100,000 trials | {t2:.2f} s, peak {mib2:.0f} MiB |")
    print()
    _compare(items, series, repeat=max(3, repeat // 5))
    return 0


def _large_team(*, repeat: int) -> list[tuple[str, float]]:
    """A team finishing about 90 items a day for three years (100,000 items): reading its
    100k-row Jira export, and its first forecasts with own-history calibration."""
    rng = np.random.default_rng(1)
    end = date(2026, 11, 20)
    lines = ["Issue key,Summary,Created,Start date,Resolved"]
    for i in range(100_000):
        done = end - timedelta(days=int(rng.integers(3 * 365)))
        started = done - timedelta(days=int(rng.integers(15)))
        created = started - timedelta(days=int(rng.integers(30)))
        lines.append(f"BIG-{i},Item {i},{created} 09:12,{started},{done} 17:45")
    data = ("\n".join(lines) + "\n").encode()
    today = date(2026, 11, 21)
    rows = [("`parse_items`, 100k-row Jira CSV", best_of(lambda: parse_items(data, today=today),
                                                          repeat=max(3, repeat // 2)))]  # fmt: skip
    parsed = parse_items(data, today=today)
    shapes = {
        "about 90 a day (Poisson)": daily_series(parsed.items),
        "about 90 a day, bursty (sd 40)": _series(rng.negative_binomial(5, 5 / 95, 3 * 365), end),
    }
    for shape, big in shapes.items():
        for name, ask in (
            ("`how_many(days=30)`", lambda b=big: how_many(b, days=30, today=today)),
            ("`when(items=5000)`", lambda b=big: when(b, items=5000, today=today)),
        ):

            def first(ask=ask) -> None:
                calibration_cache.clear()
                ask()

            rows.append((f"large team, {shape}: {name}, own calibration, first time",
                         best_of(first, repeat=repeat)))  # fmt: skip
    return rows


def _series(counts: np.ndarray, end: date) -> DailySeries:
    return DailySeries(end - timedelta(days=len(counts) - 1), counts.astype(np.int64), None)


def _compare(items, series, *, repeat: int) -> None:
    ours_hm = how_many(series, days=30, as_of=AS_OF, calibration="none",
                       confidences=(0.05, 0.15, 0.3, 0.5, 0.7, 0.85, 0.95))  # fmt: skip
    ours_when = when(series, items=100, as_of=AS_OF, calibration="none",
                     confidences=(0.5, 0.7, 0.85, 0.95))  # fmt: skip
    t_ours_hm = best_of(lambda: how_many(series, days=30, as_of=AS_OF, calibration="none"),
                        repeat=repeat)  # fmt: skip
    t_ours_when = best_of(lambda: when(series, items=100, as_of=AS_OF, calibration="none"),
                          repeat=repeat)  # fmt: skip
    t_ours_mc = best_of(
        lambda: how_many(series, days=30, as_of=AS_OF, calibration="none", engine="montecarlo",
                         trials=10_000, rng=np.random.default_rng(1)),
        repeat=repeat,
    )  # fmt: skip
    print("### Side by side with published forecasters\n")
    print(
        "Same input: the items finished in the 180 days up to "
        f"{AS_OF}; questions: how many in 30 days, when will 100 items be done. Leitstern "
        f"exact: how many {t_ours_hm * 1e3:.1f} ms, when {t_ours_when * 1e3:.1f} ms; Leitstern "
        f"Monte Carlo, 10,000 trials: {t_ours_mc * 1e3:.1f} ms.\n"
    )
    in_window = [i for i in items if AS_OF - timedelta(days=WINDOW - 1) <= i.done <= AS_OF]
    hm = ours_hm.plain
    wd = {k: v.days for k, v in ours_when.plain.items()}
    print(
        "| tool | version | how many 50/70/85/95 | when (days) 50/70/85/95 | time how many "
        "| time when | ratio to Leitstern exact |"
    )
    print("|---|---|---|---|---|---|---|")
    print(
        f"| Leitstern exact | — | {hm['50']}/{hm['70']}/{hm['85']}/{hm['95']} | "
        f"{wd['50']}/{wd['70']}/{wd['85']}/{wd['95']} | {t_ours_hm * 1e3:.1f} ms | "
        f"{t_ours_when * 1e3:.1f} ms | 1 |"
    )
    v = version("montecarlocsv")
    if v:
        from MonteCarloCSV.MonteCarloService import MonteCarloService
        from MonteCarloCSV.WorkItem import WorkItem

        work = [WorkItem(datetime.combine(i.done, datetime.min.time())) for i in in_window]
        service = MonteCarloService(WINDOW, today=AS_OF, trials=10_000)
        with contextlib.redirect_stdout(io.StringIO()):
            hist = service.create_closed_items_history(work)
            random.seed(1)
            start = time.perf_counter()
            m_hm = service.how_many(AS_OF + timedelta(days=30), hist)
            t_hm = time.perf_counter() - start
            start = time.perf_counter()
            m_when = service.when(100, hist)
            t_when = time.perf_counter() - start
        days = [(d - AS_OF).days for d in m_when[:4]]
        print(
            f"| montecarlocsv, 10,000 trials | {v} | {'/'.join(map(str, m_hm))} | "
            f"{'/'.join(map(str, days))} | {t_hm * 1e3:.0f} ms | {t_when * 1e3:.0f} ms | "
            f"{t_hm / t_ours_hm:.0f}x / {t_when / t_ours_when:.0f}x |"
        )
    v = version("quando-forecast")
    if v:
        from quando import Quando

        q = Quando([(i.done, i.done) for i in in_window])
        start = time.perf_counter()
        q_hm = q.forecast_items(30, num_simulations=10_000, seed=1)
        t_hm = time.perf_counter() - start
        start = time.perf_counter()
        q_when = q.forecast_days(100, num_simulations=10_000, seed=1)
        t_when = time.perf_counter() - start
        hm_q = [q_hm.percentile(p) for p in (50, 70, 85, 95)]
        when_q = [q_when.percentile(p) for p in (50, 70, 85, 95)]
        print(
            f"| quando-forecast, 10,000 trials | {v} | {'/'.join(map(str, hm_q))} | "
            f"{'/'.join(map(str, when_q))} | {t_hm * 1e3:.0f} ms | {t_when * 1e3:.0f} ms | "
            f"{t_hm / t_ours_hm:.0f}x / {t_when / t_ours_when:.0f}x |"
        )
        lo = ours_hm.plain
        print(
            f"| Leitstern exact, read like quando (upper tail) | — | "
            f"{lo['50']}/{lo['30']}/{lo['15']}/{lo['5']} | | | | |"
        )
    print()


if __name__ == "__main__":
    raise SystemExit(main())
