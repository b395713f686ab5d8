"""Benchmark the business-case engine: 100,000 trials x 60 months x 40 lines.

    python benchmarks/cases_engine.py [--repeat N] [--trials N]

The case is the AI-initiative template stretched to 60 months and widened to 40 lines (32
costs, 8 benefits) with every kind of input: ranges, three-point estimates, stop and skip
gates, two yes/no events, step-ups, usage growth, uncertain lags and ramps, correlations.
Times are in-process; "CPU" is the process's CPU time, which is what a busy machine does not
inflate. Peak memory is what tracemalloc saw numpy and Python allocate during one run (a
separate run: tracing slows it). Prints Markdown for ``docs/benchmarks.md``.
"""

from __future__ import annotations

import argparse
import os
import platform
import statistics
import sys
import time
import tracemalloc
from dataclasses import replace
from pathlib import Path

import numpy as np

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from leitstern.engines.cases import (  # noqa: E402
    Amount,
    BenefitLine,
    Case,
    Correlation,
    CostLine,
    Event,
    Phase,
    Range,
    Revenue,
    RiskReduction,
    Savings,
    Staff,
    StepUp,
    ThreePoint,
    Usage,
    compare,
    deterministic,
    simulate,
)
from leitstern.engines.cases._compile import compile_case  # noqa: E402
from leitstern.engines.cases.templates import AI_INITIATIVE  # noqa: E402

HORIZON = 60


def large_case() -> Case:
    """40 lines over 60 months."""
    phases = (
        Phase(key="discovery", name="Discovery", start_month=1, end_month=3),
        Phase(key="pilot", name="Pilot", start_month=4, end_month=12, probability=0.8),
        Phase(key="production", name="Production", start_month=13, end_month=60,
              probability=0.5),
        Phase(key="scale", name="Scale", start_month=25, end_month=60, probability=0.6,
              if_missed="skip"),
    )  # fmt: skip
    costs = [replace(line, note="") for line in AI_INITIATIVE.costs]  # 13 lines
    costs = [replace(line, end_month=None if line.end_month is None else 30) for line in costs]
    roles = ["Backend", "Frontend", "Data engineering", "MLOps", "QA", "Security",
             "Analytics", "Architecture", "Localisation", "Customer success"]  # fmt: skip
    for i, role in enumerate(roles):
        costs.append(
            CostLine(key=f"role{i}", name=role, category="people",
                     driver=Staff(fte=ThreePoint(0.2, 0.5 + 0.1 * i, 2.0),
                                  monthly_cost=Range(6_000, 11_000)),
                     phase="pilot" if i % 2 else "production",
                     step_ups=(StepUp(phase="scale", factor=Range(1.1, 2.0)),))
        )  # fmt: skip
    for i in range(3):
        costs.append(
            CostLine(key=f"api{i}", name=f"Model API {i}", category="inference",
                     driver=Usage(volume=Range(5, 200), unit_price=Range(0.2, 8),
                                  growth=Range(0.0, 0.05)), phase="production")
        )  # fmt: skip
    costs += [
        CostLine(key="audit", name="External audit", category="other",
                 driver=Amount(amount=Range(20_000, 90_000)), recurring=False,
                 start_month=20, event="audit"),
        CostLine(key="incident", name="Major incident", category="support",
                 driver=Amount(amount=Range(10_000, 200_000)), recurring=False,
                 start_month=30, event="incident"),
        CostLine(key="saas", name="Tooling", category="infrastructure",
                 driver=Amount(amount=ThreePoint(300, 800, 2_500)), phase="pilot",
                 until="production"),
        CostLine(key="labels", name="Ongoing labelling", category="data",
                 driver=Amount(amount=Range(500, 5_000)), phase="production"),
        CostLine(key="redteam", name="Red teaming", category="evaluation",
                 driver=Amount(amount=Range(1_000, 8_000)), phase="production",
                 step_ups=(StepUp(phase="scale", factor=Range(1.0, 2.0)),)),
        CostLine(key="oncall", name="On-call", category="support",
                 driver=Staff(fte=Range(0.2, 1.0), monthly_cost=Range(5_000, 9_000)),
                 phase="production"),
    ]  # fmt: skip
    benefits = [
        BenefitLine(key="time_saved", name="Time saved",
                    driver=Savings(hours=Range(2_000, 12_000), rate=Range(35, 65),
                                   adoption=Range(0.15, 0.6)),
                    phase="production", lag_months=Range(1, 6), ramp_months=Range(3, 12),
                    step_ups=(StepUp(phase="scale", factor=Range(1.5, 3.0)),)),
        BenefitLine(key="upsell", name="Upsell", phase="production",
                    driver=Revenue(users=Range(20_000, 200_000), conversion=Range(0.005, 0.05),
                                   price=Range(10, 40)),
                    lag_months=Range(2, 8), ramp_months=6),
        BenefitLine(key="retention", name="Retention", phase="production",
                    driver=Revenue(users=Range(50_000, 400_000), conversion=Range(0.001, 0.01),
                                   price=ThreePoint(20, 30, 60)), lag_months=6,
                    ramp_months=Range(6, 18)),
        BenefitLine(key="new_market", name="New market", phase="scale",
                    driver=Revenue(users=Range(10_000, 300_000), conversion=Range(0.01, 0.04),
                                   price=Range(15, 35)), lag_months=3, ramp_months=12),
        BenefitLine(key="triage", name="Faster triage", phase="production",
                    driver=Savings(hours=Range(500, 4_000), rate=Range(40, 70),
                                   adoption=Range(0.3, 0.8)), lag_months=2),
        BenefitLine(key="docs", name="Documentation", phase="pilot",
                    driver=Savings(hours=Range(20, 200), rate=Range(40, 70),
                                   adoption=Range(0.2, 0.7)), lag_months=Range(0, 3)),
        BenefitLine(key="fraud", name="Fraud avoided", phase="production",
                    driver=RiskReduction(probability=Range(0.02, 0.15),
                                         impact=Range(200_000, 2_000_000))),
        BenefitLine(key="outage", name="Outages avoided", phase="production",
                    driver=RiskReduction(probability=Range(0.05, 0.3),
                                         impact=Range(20_000, 150_000)), ramp_months=6),
    ]  # fmt: skip
    return Case(
        name="Benchmark: 40 lines, 60 months",
        horizon_months=HORIZON,
        discount_rate=0.08,
        phases=phases,
        events=(Event(key="audit", name="Audit", probability=0.3),
                Event(key="incident", name="Incident", probability=0.15)),
        costs=tuple(costs),
        benefits=tuple(benefits),
        correlations=(
            Correlation("inference.volume", "time_saved.adoption", 0.5),
            Correlation("upsell.users", "retention.users", 0.6),
            Correlation("api0.volume", "api1.volume", 0.4),
            Correlation("phases.production", "time_saved.hours", 0.3),
        ),
    )  # fmt: skip


def timed(fn, repeat: int) -> tuple[float, float, list[float]]:
    walls, cpus = [], []
    for _ in range(repeat):
        w, c = time.perf_counter(), time.process_time()
        fn()
        walls.append(time.perf_counter() - w)
        cpus.append(time.process_time() - c)
    return statistics.median(walls), statistics.median(cpus), walls


def peak(fn) -> int:
    tracemalloc.start()
    fn()
    _, top = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return top


def cpu_pressure() -> str:
    """How much of the last minute runnable work waited for a CPU (Linux PSI), if known."""
    try:
        line = Path("/proc/pressure/cpu").read_text().splitlines()[0]
    except OSError:
        return ""
    fields = dict(part.split("=") for part in line.split()[1:])
    return f", CPU pressure {float(fields['avg60']):.0f}% (share of time work waited for a core)"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=7)
    parser.add_argument("--trials", type=int, default=100_000)
    args = parser.parse_args()

    case = large_case()
    model = compile_case(case)
    lines = len(case.costs) + len(case.benefits)
    print(f"case: {lines} lines ({len(case.costs)} costs, {len(case.benefits)} benefits), "
          f"{case.horizon_months} months, {len(model.uncertain)} uncertain inputs, "
          f"{len(model.terms)} cash-flow terms ({len(model.dynamic_terms)} with per-trial "
          f"shapes), stop months {model.stops}")  # fmt: skip
    simulate(case, trials=2_000, rng=np.random.default_rng(0))  # warm caches and imports

    n = args.trials
    rows = []

    def full():
        return simulate(case, trials=n, rng=np.random.default_rng(1))

    def plain():
        return simulate(case, trials=n, rng=np.random.default_rng(1), sensitivity=False)

    def single():
        return simulate(case, trials=n, rng=np.random.default_rng(1), workers=1)

    # The comparison page: two options (the second without the last cost line) simulated
    # together without sensitivity, on one thread.
    other = replace(case, name="without the last cost line", costs=case.costs[:-1])

    def both():
        return compare({"build": case, "buy": other}, trials=n, rng=np.random.default_rng(1),
                       workers=1)  # fmt: skip

    for label, fn in (
        (f"`simulate`, {n:,} trials, with tornado and EVPI", full),
        ("the same on one thread (`workers=1`)", single),
        (f"`simulate`, {n:,} trials, `sensitivity=False`", plain),
        (f"`compare` of two such cases, {n:,} trials, one thread", both),
        ("`deterministic`", lambda: deterministic(case)),
    ):
        wall, cpu, walls = timed(fn, args.repeat)
        top = peak(fn)
        rows.append((label, wall, cpu, min(walls), top))

    result = full()
    print()
    print(f"Machine: {platform.machine()}, {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, numpy {np.__version__}; load average "
          f"{os.getloadavg()[0]:.1f} at the end{cpu_pressure()}. Median of {args.repeat} "
          "runs.")  # fmt: skip
    print()
    print("| what | wall (median) | CPU (median) | wall (best) | peak memory |")
    print("|---|---|---|---|---|")
    for label, wall, cpu, best, top in rows:
        print(f"| {label} | {wall * 1e3:,.0f} ms | {cpu * 1e3:,.0f} ms | {best * 1e3:,.0f} ms "
              f"| {top / 2**20:,.1f} MiB |")  # fmt: skip
    print()
    print(
        f"Result: expected NPV {result.npv.mean:,.0f} (se {result.npv.se:,.0f}), "
        f"P(loss) {result.probability_of_loss:.1%}, people share "
        f"{result.costs.people_share:.0%}, EVPI {result.evpi:,.0f}; top EVPI inputs: "
        + ", ".join(f"{s.key} {s.evpi:,.0f}" for s in result.sensitivity_by_evpi()[:3])
    )


if __name__ == "__main__":
    main()
