"""Routes of influence between two people, up to three steps.

A route from A to B follows ties in the direction influence flows: A influences someone who
influences … B. Its ``strength`` combines the ties like resistors in series, 1 / Σ(1/s):
a direct strong tie is 3, a direct weak tie 1, two strong ties in a row 1.5, three strong
ties 1. The same convention makes the strongest route the shortest route of the betweenness
(tie length 1/s), so "broker" and "strongest path" always agree. ``weakest`` is the weakest
tie on the route.
"""

from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction
from typing import Any

from .errors import NetworkInputError, Problems
from .graph import STRENGTH_LABELS, Network, PersonId

__all__ = ["MAX_STEPS", "InfluencePath", "influence_paths", "path_strength"]

MAX_STEPS = 3


@dataclass(frozen=True)
class InfluencePath:
    """``people[0]`` influences ``people[1]`` … influences ``people[-1]``; ``strengths[i]`` is
    the tie from ``people[i]`` to ``people[i + 1]``."""

    people: tuple[PersonId, ...]
    strengths: tuple[int, ...]
    strength: float
    weakest: int

    @property
    def steps(self) -> int:
        return len(self.strengths)

    @property
    def labels(self) -> tuple[str, ...]:
        return tuple(STRENGTH_LABELS[s] for s in self.strengths)

    def as_dict(self) -> dict[str, Any]:
        return {
            "people": list(self.people),
            "strengths": list(self.strengths),
            "labels": list(self.labels),
            "steps": self.steps,
            "strength": round(self.strength, 9),
            "weakest": self.weakest,
        }


def path_strength(strengths: tuple[int, ...]) -> float:
    """1 / Σ(1/s), exact for the small whole strengths before it becomes a float."""
    return float(1 / sum(Fraction(1, s) for s in strengths))


def influence_paths(
    network: Network,
    *,
    source: PersonId,
    target: PersonId,
    max_steps: int = MAX_STEPS,
    limit: int | None = None,
) -> tuple[InfluencePath, ...]:
    """Every route by which ``source`` influences ``target`` in at most ``max_steps`` ties
    (1–3), never visiting anyone twice; strongest first, then fewest steps, then by the
    people's positions in the network. ``limit`` keeps only the first routes."""
    s, t, max_steps, limit = _influence_paths_iv(
        network=network, source=source, target=target, max_steps=max_steps, limit=limit
    )
    found = routes_to(network, t, max_steps=max_steps, sources={s})
    return tuple(found.get(s, ())[:limit] if limit else found.get(s, ()))


def routes_to(
    network: Network, target: int, *, max_steps: int, sources: set[int] | None = None
) -> dict[int, tuple[InfluencePath, ...]]:
    """Routes of at most ``max_steps`` ties into position ``target``, grouped by the position
    they start from (every start, or only ``sources``), each group strongest first."""
    into = network.influencers_of
    found: dict[int, list[tuple[tuple[int, ...], tuple[int, ...]]]] = {}

    def walk(node: int, trail: tuple[int, ...], ties: tuple[int, ...]) -> None:
        # ``trail`` runs from ``node`` forward to the target; extend it back by one influencer
        last_step = len(ties) + 1 == max_steps
        tied = into[node]
        if last_step and sources is not None:  # only a wanted start can end the route
            candidates = [j for j in sources if j in tied]
        else:
            candidates = list(tied)
        for j in candidates:
            if j in trail:
                continue
            path, strengths = (j, *trail), (tied[j], *ties)
            if sources is None or j in sources:
                found.setdefault(j, []).append((path, strengths))
            if not last_step:
                walk(j, path, strengths)

    walk(target, (target,), ())
    ids = network.ids
    out: dict[int, tuple[InfluencePath, ...]] = {}
    for start, routes in found.items():
        ranked = sorted(
            (-path_strength(strengths), len(strengths), path, strengths)
            for path, strengths in routes
        )
        out[start] = tuple(
            InfluencePath(
                people=tuple(ids[p] for p in path),
                strengths=strengths,
                strength=-negative,
                weakest=min(strengths),
            )
            for negative, _, path, strengths in ranked
        )
    return out


def _influence_paths_iv(*, network, source, target, max_steps, limit):
    p = Problems()
    if not isinstance(network, Network):
        p.add("network", "wrong_type", "Give a Network from build_network.", expected="network")
        p.raise_if_any()
    s = _position(p, network, source, "source")
    t = _position(p, network, target, "target")
    if s is not None and s == t:
        p.add(
            "target", "invalid_option", "Source and target are the same person.",
            value=str(target), reason="same person",
        )  # fmt: skip
    _steps(p, max_steps)
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 1):
        p.add(
            "limit", "invalid_option", "The limit must be a whole number of at least 1.",
            value=repr(limit), reason="not a positive whole number",
        )  # fmt: skip
    p.raise_if_any()
    return s, t, max_steps, limit


def _position(p: Problems, network: Network, person: Any, field: str) -> int | None:
    try:
        return network.position(person, field=field)
    except NetworkInputError as err:
        for problem in err.problems:
            p.add(problem.field, problem.code, problem.message, **problem.params)
        return None


def _steps(p: Problems, max_steps: Any) -> None:
    if (
        isinstance(max_steps, bool)
        or not isinstance(max_steps, int)
        or not 1 <= max_steps <= MAX_STEPS
    ):
        p.add(
            "max_steps", "invalid_option", f"Routes may have 1 to {MAX_STEPS} steps.",
            value=repr(max_steps), reason=f"not between 1 and {MAX_STEPS}",
        )  # fmt: skip
