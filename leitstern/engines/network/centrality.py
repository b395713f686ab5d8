"""Who has influence, who brokers it, and whose word travels furthest.

Three measures for every person, from the ties "i listens to j with strength s":

* ``influence`` — weighted in-degree of the "listens to" graph: the sum of the strengths
  of the ties of everyone who listens to the person (3 strong listeners → 9).
* ``betweenness`` — how often the person lies on the strongest route of influence between two
  others (Brandes' betweenness on the directed graph, influence flowing influencer →
  listener). A tie's length is 1/strength, so a strong tie is short: two strong ties
  (1/3 + 1/3) make a stronger route than one weak tie (1). Lengths are computed as 6/strength
  (6, 3, 2) in whole numbers so that routes of equal length tie exactly. When several
  strongest routes join a pair, each counts with its share. ``betweenness_normalized``
  divides by (n − 1)(n − 2), the number of ordered pairs of others.
* ``reach`` — PageRank on the "listens to" graph: each person passes their standing to the
  people they listen to, in proportion to the strengths, with damping 0.85 (a person who
  listens to nobody spreads theirs evenly). The values sum to 1; a person listened to by
  people who are themselves listened to ranks high.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from typing import Any

import numpy as np
from scipy import sparse

from .errors import Problems
from .graph import Network, PersonId, _lookup

__all__ = ["Centrality", "PersonCentrality", "betweenness", "centrality", "pagerank"]

MEASURES = ("influence", "listens", "betweenness", "reach")
# Tie lengths 1/strength scaled by 6 (the least common multiple of 1, 2, 3): whole numbers.
LENGTH_UNITS = 6
# Betweenness works on (tie × source) tables; sources are taken in chunks of about this size.
CHUNK_CELLS = 4_000_000


@dataclass(frozen=True)
class PersonCentrality:
    id: PersonId
    influence: float
    listens: float
    betweenness: float
    betweenness_normalized: float
    reach: float

    def as_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "influence": self.influence,
            "listens": self.listens,
            "betweenness": round(self.betweenness, 9),
            "betweenness_normalized": round(self.betweenness_normalized, 9),
            "reach": round(self.reach, 9),
        }


@dataclass(frozen=True, eq=False)
class Centrality:
    """Measures per person, in the network's order (read-only arrays).

    ``listens`` is the weighted out-degree of the "listens to" graph: the sum of the strengths
    of the ties the person listens to. ``damping`` and ``iterations`` describe the PageRank.
    """

    ids: tuple[PersonId, ...]
    influence: np.ndarray
    listens: np.ndarray
    betweenness: np.ndarray
    betweenness_normalized: np.ndarray
    reach: np.ndarray
    damping: float
    iterations: int

    def of(self, person: PersonId) -> PersonCentrality:
        i = _lookup(self._positions, person)
        if i is None:
            p = Problems()
            p.add("person", "unknown_person", f"{person!r} is not in the network.", id=str(person))
            p.raise_if_any()
        assert i is not None  # an unknown person raised above
        return self._at(i)

    @cached_property
    def _positions(self) -> dict[PersonId, int]:
        return {pid: i for i, pid in enumerate(self.ids)}

    def ranked(
        self, by: str = "influence", *, limit: int | None = None
    ) -> tuple[PersonCentrality, ...]:
        """People by one measure, highest first (ties keep the network's order)."""
        if by not in MEASURES:
            p = Problems()
            p.add(
                "by", "invalid_choice", f"Rank by one of {', '.join(MEASURES)} (got {by!r}).",
                value=repr(by), choices=list(MEASURES),
            )  # fmt: skip
            p.raise_if_any()
        order = np.argsort(-getattr(self, by), kind="stable")
        if limit is not None:
            order = order[:limit]
        return tuple(self._at(int(i)) for i in order)

    def _at(self, i: int) -> PersonCentrality:
        return PersonCentrality(
            id=self.ids[i],
            influence=float(self.influence[i]),
            listens=float(self.listens[i]),
            betweenness=float(self.betweenness[i]),
            betweenness_normalized=float(self.betweenness_normalized[i]),
            reach=float(self.reach[i]),
        )

    def as_dict(self) -> dict[str, Any]:
        return {
            "damping": self.damping,
            "iterations": self.iterations,
            "people": [self._at(i).as_dict() for i in range(len(self.ids))],
        }


def centrality(network: Network, *, damping: float = 0.85) -> Centrality:
    """Influence, betweenness and reach for every person (see the module documentation)."""
    _centrality_iv(network=network, damping=damping)
    n = network.size
    src, dst, s = network.influencer, network.listener, network.strength.astype(float)
    influence = np.bincount(src, weights=s, minlength=n)
    listens = np.bincount(dst, weights=s, minlength=n)
    between = betweenness(network)
    pairs = (n - 1) * (n - 2)
    reach, iterations = pagerank(network, damping=damping)
    normalized = between / pairs if pairs else between * 0.0
    for arr in (influence, listens, between, normalized, reach):
        arr.setflags(write=False)
    return Centrality(
        network.ids,
        influence,
        listens,
        between,
        normalized,
        reach,
        damping=float(damping),
        iterations=iterations,
    )


def betweenness(network: Network, *, chunk_cells: int = CHUNK_CELLS) -> np.ndarray:
    """Brandes' betweenness with tie length 1/strength, all sources at once.

    Lengths are whole numbers (6/strength), so strongest-route lengths from every source are
    found level by level (Dial's algorithm) with the sources packed as bits: a listener is
    reached at length d from the sources that reached one of its influencers at d − 6/s.
    A tie j → i then lies on a strongest route from s exactly when D[s, j] + len = D[s, i].
    Route counts σ build up over those ties in order of length and the dependencies flow back
    in reverse order, as in Brandes (2001). Sources are taken in chunks so that a chunk's
    (tie × source) tables hold about ``chunk_cells`` cells (memory stays bounded).

    ``scipy.sparse.csgraph``'s Dijkstra from every source alone took as long as this whole
    computation on 500 people and 5,000 ties (``docs/benchmarks.md``); the tests check these
    route lengths against it.
    """
    n = network.size
    if n < 3 or len(network.strength) == 0:
        return np.zeros(n)
    u = network.influencer.astype(np.int32)
    v = network.listener.astype(np.int32)
    dtype = np.int16 if LENGTH_UNITS * n + 2 * LENGTH_UNITS < np.iinfo(np.int16).max else np.int32
    length = (LENGTH_UNITS // network.strength).astype(dtype)
    plan = _relaxation_plan(u, v, length)
    # Sources in chunks of whole machine words of bits (64, 128, 256, …), as many as the
    # memory bound allows.
    width = 64
    while width < n and width * 2 * len(u) <= chunk_cells:
        width *= 2
    total = np.zeros(n)
    for first in range(0, n, width):
        sources = np.arange(first, min(n, first + width), dtype=np.int32)
        dist_t = _distances_from(sources, n, plan, dtype, width)
        total += _dependencies(sources, n, u, v, length, dist_t)
    return total


def _relaxation_plan(u, v, length):
    """Per tie length: the ties' influencers ordered by listener, where each listener's run
    starts, and the listeners."""
    plan = []
    for w in np.unique(length):
        ties = np.flatnonzero(length == w)
        ties = ties[np.argsort(v[ties], kind="stable")]
        listeners = v[ties]
        starts = np.flatnonzero(np.r_[True, listeners[1:] != listeners[:-1]])
        plan.append((int(w), u[ties], starts, listeners[starts]))
    return plan


def _distances_from(sources, n, plan, dtype, width) -> np.ndarray:
    """dist_t[i, k]: length of the strongest route from ``sources[k]`` to person i (``BIG``
    where none exists; columns past the last source stay ``BIG``). Each level's newly
    reached (person, source) pairs are a bit matrix; a person is reached at length d by the
    sources that reached one of their influencers at d − w."""
    big = np.iinfo(dtype).max - 2 * LENGTH_UNITS
    c = width
    words = c // 64
    k = np.arange(len(sources))
    start = np.zeros((n, words), dtype=np.uint64)
    start[sources, k // 64] = np.left_shift(np.uint64(1), (k % 64).astype(np.uint64))
    reached = start.copy()
    dist_t = np.full((n, c), big, dtype=dtype)
    dist_t[sources, k] = 0
    levels = {0: start}
    longest = max(w for w, *_ in plan)
    d = last = 0
    while d - last < longest:
        d += 1
        new = None
        for w, influencers, starts, listeners in plan:
            frontier = levels.get(d - w)
            if frontier is None:
                continue
            if new is None:
                new = np.zeros((n, words), dtype=np.uint64)
            new[listeners] |= np.bitwise_or.reduceat(frontier[influencers], starts, axis=0)
        if new is None:
            continue
        new &= ~reached
        if not new.any():
            continue
        reached |= new
        levels[d] = new
        last = d
        bits = np.unpackbits(new.view(np.uint8), axis=1, bitorder="little", count=c)
        # each pair is reached once, so subtracting (big − d) where the bit is set writes d
        dist_t -= bits.astype(dtype) * dtype(big - d)
    return dist_t


def _dependencies(sources, n, u, v, length, dist_t) -> np.ndarray:
    """Σ over ``sources`` of Brandes' dependency δ(s, ·), with s itself left out."""
    c = len(sources)
    dist = np.ascontiguousarray(dist_t[:, :c].T)  # dist[k, i]: from sources[k] to person i
    # (source, tie) cells where the tie lies on a strongest route from the source, source by
    # source, so that the scatters below stay within one source's row of σ
    on_route = dist[:, u]
    on_route += length
    on_route = on_route == dist[:, v]
    cells = np.flatnonzero(on_route).astype(np.int32)  # c·ties < 2³¹ by the chunking
    k = cells // np.int32(len(u))
    tie = cells - k * np.int32(len(u))
    at_u = k * np.int32(n) + u[tie]
    at_v = k * np.int32(n) + v[tie]
    level = dist.ravel()[at_v]
    order = np.argsort(level, kind="stable")  # a radix sort for 16-bit lengths
    at_u, at_v = at_u[order], at_v[order]
    ends = np.cumsum(np.bincount(level))
    ends = ends[np.r_[True, ends[1:] != ends[:-1]]]  # one end per length that occurs
    bounds = list(zip(np.r_[0, ends[:-1]], ends, strict=True))
    first = np.arange(c) * n + sources
    sigma = np.zeros(c * n)
    sigma[first] = 1.0
    for a, b in bounds:  # shortest first: σ(s, j) is complete before it is passed on
        np.add.at(sigma, at_v[a:b], sigma[at_u[a:b]])
    # Brandes: δ(s, j) = Σ over ties j → i on a strongest route of σ(s, j)/σ(s, i)·(1 + δ(s, i)).
    # With τ(s, i) = (1 + δ(s, i))/σ(s, i) this is τ(s, j) = 1/σ(s, j) + Σ τ(s, i): one gather
    # and one scatter per level. Then δ = σ·τ − 1 where a route exists (τ = 0 elsewhere).
    tau = np.zeros(c * n)
    np.divide(1.0, sigma, out=tau, where=sigma > 0)
    for a, b in reversed(bounds):  # longest first: τ(s, i) is complete before it is used
        np.add.at(tau, at_u[a:b], tau[at_v[a:b]])
    # Σ_s δ(s, i) over the sources that reach i, leaving out δ(s, s)
    reached = sigma > 0
    delta = sigma * tau
    delta -= reached
    delta[first] = 0.0
    return delta.reshape(c, n).sum(axis=0)


def pagerank(
    network: Network, *, damping: float = 0.85, tol: float = 1e-13, max_iter: int = 10_000
) -> tuple[np.ndarray, int]:
    """PageRank of the "listens to" graph (listener → influencer, weighted by strength), by
    power iteration until the L1 change is below ``tol``. Returns the ranks and the number
    of iterations."""
    n = network.size
    if n == 0:
        return np.zeros(0), 0
    s = network.strength.astype(float)
    out = np.bincount(network.listener, weights=s, minlength=n)
    # P[i, j]: the share of listener i's standing passed to influencer j
    with np.errstate(divide="ignore", invalid="ignore"):
        w = s / out[network.listener]
    transition_t = sparse.csr_array((w, (network.influencer, network.listener)), shape=(n, n))
    dangling = out == 0
    x = np.full(n, 1.0 / n)
    for iteration in range(1, max_iter + 1):
        spread = damping * x[dangling].sum() / n + (1.0 - damping) / n
        nxt = damping * (transition_t @ x) + spread
        nxt /= nxt.sum()
        if np.abs(nxt - x).sum() < tol:
            return nxt, iteration
        x = nxt
    return x, max_iter


def _centrality_iv(*, network, damping) -> None:
    p = Problems()
    if not isinstance(network, Network):
        p.add("network", "wrong_type", "Give a Network from build_network.", expected="network")
    if isinstance(damping, bool) or not isinstance(damping, (int, float)) or not 0 < damping < 1:
        p.add(
            "damping", "invalid_option", "The damping must lie strictly between 0 and 1.",
            value=repr(damping), reason="outside (0, 1)",
        )  # fmt: skip
    p.raise_if_any()
