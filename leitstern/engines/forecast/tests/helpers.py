"""Plain helpers for the forecast tests: build histories by hand, find the shared data."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

import numpy as np
import pytest

from leitstern.engines.forecast import DailySeries

REPO = Path(__file__).resolve().parents[4]
DATA = REPO.parent / "shared" / "data" / "throughput"
TODAY = date(2026, 11, 21)


def make_series(counts, *, end: date = date(2026, 11, 20), arrived=None) -> DailySeries:
    """A daily series whose last day is ``end``."""
    counts = np.asarray(counts, dtype=np.int64)
    start = end - timedelta(days=len(counts) - 1)
    arr = None if arrived is None else np.asarray(arrived, dtype=np.int64)
    return DailySeries(start, counts, arr)


def shared_file(name: str) -> Path:
    """A shared history. A test reading one is marked ``shared_data`` (the root conftest
    skips it where the data is missing, and fails it in CI); a missing file fails."""
    path = DATA / name
    if not path.is_file():
        pytest.fail(f"{path} is missing (is the test marked shared_data?)", pytrace=False)
    return path
