"""The baseline for the command line's speed: "when will N items be done?" in numpy alone.

    python benchmarks/forecast_cli_numpy.py FILE --items 1000 --as-of 2026-08-20

Reads a CSV with ``done_date`` (ISO) and ``item`` columns, counts items per day (a key seen
twice counts once, on its earliest day), takes the 180 days up to the as-of date and computes
the exact distribution of the day on which ``--items`` items are done: day by day, the
distribution of items done so far is convolved with one day's distribution and the mass that
reached the target is taken out. It prints the same plain answers as
``leitstern forecast when FILE --items N --as-of DATE --calibration none``, with nothing
but the standard library and numpy. ``docs/benchmarks.md`` compares the two as whole
processes.
"""

from __future__ import annotations

import argparse
import csv
from datetime import date, timedelta

import numpy as np

LEVELS = (0.5, 0.7, 0.85, 0.95)
TAIL = 1e-12


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("file")
    parser.add_argument("--items", type=int, required=True)
    parser.add_argument("--as-of", type=date.fromisoformat, required=True)
    parser.add_argument("--window", type=int, default=180)
    args = parser.parse_args()

    first_seen: dict[str, date] = {}
    with open(args.file, newline="", encoding="utf-8-sig") as handle:
        for row in csv.DictReader(handle):
            day = date.fromisoformat(row["done_date"][:10])
            key = row["item"]
            if key not in first_seen or day < first_seen[key]:
                first_seen[key] = day
    start = args.as_of - timedelta(days=args.window - 1)
    offsets = [(d - start).days for d in first_seen.values() if start <= d <= args.as_of]
    daily = np.bincount(offsets, minlength=args.window)
    kernel = np.bincount(daily) / args.window  # P(k items on one day)

    target = args.items
    state = np.zeros(target)  # P(j items done so far, target not yet reached)
    state[0] = 1.0
    not_done = [1.0]
    while not_done[-1] >= TAIL:
        state = np.convolve(state, kernel)[:target]
        not_done.append(float(state.sum()))
    done_by = 1.0 - np.array(not_done)
    for level in LEVELS:
        day = int(np.argmax(done_by >= level - 1e-12))
        print(f"{level:.0%}: {args.as_of + timedelta(days=day)} ({day} days)")


if __name__ == "__main__":
    main()
