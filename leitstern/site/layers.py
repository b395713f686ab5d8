"""Leitstern's apps in layers: which app may import which.

An app imports from its own layer and from layers below it, never from a layer above;
``tests/test_layers.py`` holds the code to it. The table also orders the demo and the
large-workspace generators: lower layers seed first, so a module always finds what it
points at. Apps still to come are listed already, so a new module needs no change here."""

from __future__ import annotations

SHELL = 6
PLATFORM = 0

LAYERS: dict[str, int] = {
    # 6: the shell, imported by nobody
    "site": SHELL,
    "config": SHELL,
    "search": SHELL,
    # 5: outcomes of the evidence chain
    "requests": 5,
    "cases": 5,
    # 4: the plan
    "roadmap": 4,
    # 3: discovery
    "discovery": 3,
    # 2: evidence and numbers
    "research": 2,
    "forecasts": 2,
    "stakeholders": 2,
    "connectors": 2,
    # 1: the things everything refers to
    "products": 1,
    "strategy": 1,
    "teams": 1,
    "customers": 1,
    # 0: the platform; ``core`` is the kernel
    "core": PLATFORM,
    "accounts": PLATFORM,
    "workspaces": PLATFORM,
    "activity": PLATFORM,
    "api": PLATFORM,
}


def layer_of(app: str) -> int:
    """The layer of the app labelled ``app``; ``KeyError`` for an app the table lacks."""
    return LAYERS[app]
