"""Small large workspaces for tests, built by the same generators and registry as the
benchmark (``benchmarks/large_workspace.py``, read from the source tree)."""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path
from types import ModuleType

from leitstern.core.large import Scale

SCRIPT = Path(__file__).resolve().parents[3] / "benchmarks" / "large_workspace.py"


@cache
def _script() -> ModuleType:
    spec = importlib.util.spec_from_file_location("large_workspace_script", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def build(*, slug: str, scale: Scale, seed: int = 1):
    """A workspace of ``scale`` under ``slug``; returns the generators' context (with
    ``workspace``). Fails on anything the generators' own checks find."""
    return _script().build(
        scale=scale, seed=seed, slug=slug, analyze=False, out=lambda *_args: None
    )


# Small enough for a test, with every kind of thing the full size has: two products with
# their metrics, teams with history, a closed and a running cycle with an alignment tree.
SMALL = Scale(
    products=2,
    members=6,
    teams=2,
    items=400,
    item_years=1,
    cycles=2,
    objectives=6,
    key_results=3,
    metrics=12,
    metric_years=1,
    activity=1_500,
    roadmap_items=60,
    roadmap_changes=600,
    sales_requests=300,
    accounts=40,
    participants=30,
    conversations=60,
    quotes=300,
    insights=10,
)
DOUBLE = Scale(
    products=4,
    members=12,
    teams=4,
    items=800,
    item_years=2,
    cycles=4,
    objectives=12,
    key_results=3,
    metrics=24,
    metric_years=2,
    activity=3_000,
    roadmap_items=120,
    roadmap_changes=1_200,
    sales_requests=600,
    accounts=80,
    participants=60,
    conversations=120,
    quotes=600,
    insights=20,
)


def built_fixture(*, slug: str, scale: Scale):
    """A module-scoped fixture ``built``: the workspace of ``scale`` built once for the
    test module (committed, like the benchmark's) and deleted after it."""
    import pytest

    @pytest.fixture(scope="module")
    def built(django_db_setup, django_db_blocker):
        with django_db_blocker.unblock():
            context = build(slug=slug, scale=scale)
        yield context
        with django_db_blocker.unblock():
            context.workspace.delete()

    return built
