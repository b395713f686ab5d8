"""Whom to talk to first: the data behind "to win over X, talk to Y first".

For a target person X (and optionally a theme), every person Y with a route of influence to X
(``max_steps`` ties, 2 by default) is a candidate intermediary. Each gets

    score = route strength × attitude weight × engagement weight

* route strength: the strongest route from Y to X, 1/Σ(1/s) (``paths``): a direct strong tie
  is 3, direct medium 2, direct weak 1, two strong ties 1.5;
* attitude weight toward the theme: supports 1, neutral or unknown 0.5. People who oppose
  the theme are not candidates; they are listed in ``opposing`` (X listens to them too);
* engagement weight: leading and supportive 1, neutral or unknown 0.75, unaware 0.5,
  resistant 0.25 — a resistant person is a poor messenger.

Candidates are ranked by score, then engagement, then reach (if a ``Centrality`` is given)
or influence, then fewer steps. Reasons are message codes with parameters; the app words
them. Without a theme the attitude weight is 1 for everyone and nobody is "opposing".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .centrality import Centrality
from .errors import NetworkInputError, Problems
from .graph import ENGAGEMENT, STRENGTH_LABELS, Network, Person, PersonId
from .paths import MAX_STEPS, InfluencePath, _steps, routes_to

__all__ = ["Candidate", "Reason", "Suggestions", "suggestions"]

ATTITUDE_WEIGHT = {"supports": 1.0, "neutral": 0.5, None: 0.5}
ENGAGEMENT_WEIGHT = {
    "leading": 1.0,
    "supportive": 1.0,
    "neutral": 0.75,
    None: 0.75,
    "unaware": 0.5,
    "resistant": 0.25,
}
# Leading ranks highest.
ENGAGEMENT_RANK: dict[str | None, int] = {level: i for i, level in enumerate(ENGAGEMENT)}
BROKER_SHARE = 0.1  # the top tenth by betweenness count as brokers


@dataclass(frozen=True)
class Reason:
    """One reason as a stable ``code`` with ``params`` (see ``docs/network.md``)."""

    code: str
    params: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"code": self.code, "params": dict(self.params)}


@dataclass(frozen=True)
class Candidate:
    """A person to talk to first, the strongest ``path`` from them to the target, and why."""

    person: PersonId
    score: float
    path: InfluencePath
    attitude: str | None
    engagement: str | None
    power: float | None
    reasons: tuple[Reason, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "person": self.person,
            "score": round(self.score, 9),
            "path": self.path.as_dict(),
            "attitude": self.attitude,
            "engagement": self.engagement,
            "power": self.power,
            "reasons": [r.as_dict() for r in self.reasons],
        }


@dataclass(frozen=True)
class Suggestions:
    """Ranked ``candidates`` (best first, at most ``limit``) and the ``opposing`` people the
    target listens to who oppose the theme (strongest route first)."""

    target: PersonId
    theme: str | None
    target_engagement: str | None
    target_attitude: str | None
    target_power: float | None
    candidates: tuple[Candidate, ...]
    opposing: tuple[Candidate, ...]

    def as_dict(self) -> dict[str, Any]:
        return {
            "target": self.target,
            "theme": self.theme,
            "target_engagement": self.target_engagement,
            "target_attitude": self.target_attitude,
            "target_power": self.target_power,
            "candidates": [c.as_dict() for c in self.candidates],
            "opposing": [c.as_dict() for c in self.opposing],
        }


def suggestions(
    network: Network,
    *,
    target: PersonId,
    theme: str | None = None,
    max_steps: int = 2,
    limit: int = 5,
    centrality: Centrality | None = None,
) -> Suggestions:
    """Whom to talk to first to win over ``target`` for ``theme`` (see the module
    documentation for the score). Pass the network's ``centrality`` to rank ties by reach
    and to name brokers."""
    t, theme, max_steps, limit = _suggestions_iv(
        network=network, target=target, theme=theme, max_steps=max_steps, limit=limit,
        centrality=centrality,
    )  # fmt: skip
    people = network.people
    routes = routes_to(network, t, max_steps=max_steps)
    if centrality is not None:
        # the centrality may be of a larger network this one was cut from (a person's
        # neighbourhood): standing and brokers are read by id, as in the whole network
        at = _positions_in(centrality, network)
        standing = centrality.reach[at]
        whole = _brokers(centrality)
        brokers = {i: whole[int(p)] for i, p in enumerate(at) if int(p) in whole}
    else:
        standing = np.bincount(
            network.influencer, weights=network.strength.astype(float), minlength=network.size
        )
        brokers = {}
    target_person = people[t]
    wins: list[tuple[tuple, Candidate]] = []
    against: list[tuple[tuple, Candidate]] = []
    for start, paths in routes.items():
        person = people[start]
        best = paths[0]
        attitude = person.attitude(theme)
        reasons = _reasons(person, best, theme, attitude, brokers.get(start))
        engagement_weight = ENGAGEMENT_WEIGHT[person.engagement]
        if attitude == "opposes":
            candidate = _candidate(person, best.strength, best, attitude, reasons)
            against.append(((-best.strength, best.steps, start), candidate))
            continue
        weight = ATTITUDE_WEIGHT[attitude] if theme is not None else 1.0
        score = best.strength * weight * engagement_weight
        candidate = _candidate(person, score, best, attitude, reasons)
        key = (
            -score,
            -ENGAGEMENT_RANK.get(person.engagement, -1),
            -float(standing[start]),
            best.steps,
            start,
        )
        wins.append((key, candidate))
    wins.sort(key=lambda pair: pair[0])
    against.sort(key=lambda pair: pair[0])
    return Suggestions(
        target=target_person.id,
        theme=theme,
        target_engagement=target_person.engagement,
        target_attitude=target_person.attitude(theme),
        target_power=target_person.power,
        candidates=tuple(c for _, c in wins[:limit]),
        opposing=tuple(c for _, c in against),
    )


def _candidate(person: Person, score, path, attitude, reasons) -> Candidate:
    return Candidate(
        person=person.id,
        score=score,
        path=path,
        attitude=attitude,
        engagement=person.engagement,
        power=person.power,
        reasons=reasons,
    )


def _reasons(person, path, theme, attitude, broker) -> tuple[Reason, ...]:
    out = []
    if path.steps == 1:
        out.append(
            Reason(
                "listens_to",
                {
                    "listener": path.people[-1],
                    "influencer": person.id,
                    "strength": path.strengths[0],
                    "label": STRENGTH_LABELS[path.strengths[0]],
                },
            )
        )
    else:
        out.append(
            Reason(
                "listens_via",
                {
                    "people": list(path.people),
                    "strengths": list(path.strengths),
                    "labels": list(path.labels),
                    "steps": path.steps,
                },
            )
        )
    if theme is not None:
        code = {
            "supports": "supports_theme",
            "neutral": "neutral_on_theme",
            "opposes": "opposes_theme",
            None: "attitude_unknown",
        }[attitude]
        out.append(Reason(code, {"person": person.id, "theme": theme}))
    if person.engagement is not None:
        out.append(Reason("engagement", {"person": person.id, "level": person.engagement}))
    if person.power is not None:
        out.append(Reason("power", {"person": person.id, "power": person.power}))
    if broker is not None:
        out.append(Reason("broker", {"person": person.id, **broker}))
    return tuple(out)


def _positions_in(c: Centrality, network: Network) -> np.ndarray:
    """Each person of ``network`` at their position in ``c``."""
    if c.ids == network.ids:
        return np.arange(network.size)
    where = c._positions
    return np.array([where[pid] for pid in network.ids], dtype=np.int64)


def _brokers(c: Centrality) -> dict[int, dict[str, Any]]:
    """Positions in the top tenth by betweenness (at least one), with their rank."""
    n = len(c.ids)
    if n == 0:
        return {}
    count = max(1, int(n * BROKER_SHARE))
    order = np.argsort(-c.betweenness, kind="stable")[:count]
    return {
        int(i): {"rank": rank, "betweenness": round(float(c.betweenness_normalized[i]), 6)}
        for rank, i in enumerate(order, start=1)
        if c.betweenness[i] > 0
    }


def _suggestions_iv(*, network, target, theme, max_steps, limit, centrality):
    p = Problems()
    if not isinstance(network, Network):
        p.add("network", "wrong_type", "Give a Network from build_network.", expected="network")
        p.raise_if_any()
    t = None
    try:
        t = network.position(target, field="target")
    except NetworkInputError as err:
        for problem in err.problems:
            p.add(problem.field, problem.code, problem.message, **problem.params)
    if theme is not None and (not isinstance(theme, str) or not theme.strip()):
        p.add(
            "theme", "invalid_option", "The theme must be a non-empty text or None.",
            value=repr(theme), reason="not a theme",
        )  # fmt: skip
    _steps(p, max_steps)
    if isinstance(limit, bool) or not isinstance(limit, int) or limit < 1:
        p.add(
            "limit", "invalid_option", "The limit must be a whole number of at least 1.",
            value=repr(limit), reason="not a positive whole number",
        )  # fmt: skip
    if centrality is not None and (
        not isinstance(centrality, Centrality)
        or (centrality.ids != network.ids and not set(network.ids) <= set(centrality.ids))
    ):
        p.add(
            "centrality", "invalid_option",
            "The centrality must be computed on this network (or one that holds everyone in it).",
            value="centrality", reason="another network",
        )  # fmt: skip
    p.raise_if_any()
    return t, theme, max_steps, limit


assert MAX_STEPS >= 2  # the default of two steps must be allowed
