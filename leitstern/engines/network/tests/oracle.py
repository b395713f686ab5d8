"""Independent textbook implementations the engine is checked against (tests only).

``brandes`` follows Brandes (2001), Algorithm 1 with Dijkstra, one source at a time, in
plain Python with exact fractions for tie lengths 1/strength. ``pagerank_dense`` solves the
PageRank equations directly as a linear system instead of iterating.
"""

from __future__ import annotations

import heapq
from fractions import Fraction

import numpy as np


def brandes(n: int, ties: list[tuple[int, int, int]]) -> list[float]:
    out: list[list[tuple[int, Fraction]]] = [[] for _ in range(n)]
    for j, i, s in ties:
        out[j].append((i, Fraction(1, s)))
    bc = [Fraction(0)] * n
    for s in range(n):
        stack: list[int] = []
        preds: list[list[int]] = [[] for _ in range(n)]
        sigma = [0] * n
        sigma[s] = 1
        dist: list[Fraction | None] = [None] * n
        dist[s] = Fraction(0)
        heap = [(Fraction(0), s, s)]
        done = [False] * n
        while heap:
            d, _, v = heapq.heappop(heap)
            if done[v] or d != dist[v]:
                continue
            done[v] = True
            stack.append(v)
            for w, length in out[v]:
                nd = d + length
                if dist[w] is None or nd < dist[w]:
                    dist[w] = nd
                    sigma[w] = sigma[v]
                    preds[w] = [v]
                    heapq.heappush(heap, (nd, w, w))
                elif nd == dist[w]:
                    sigma[w] += sigma[v]
                    preds[w].append(v)
        delta = [Fraction(0)] * n
        while stack:
            w = stack.pop()
            for v in preds[w]:
                delta[v] += Fraction(sigma[v], sigma[w]) * (1 + delta[w])
            if w != s:
                bc[w] += delta[w]
    return [float(x) for x in bc]


def pagerank_dense(n: int, ties: list[tuple[int, int, int]], damping: float = 0.85):
    """x = d·Mᵀx + d·(dangling·x)/n + (1 − d)/n with Σx = 1, solved exactly. M[i, j] is the
    share of listener i's standing that goes to influencer j."""
    m = np.zeros((n, n))
    for j, i, s in ties:
        m[i, j] += s
    out = m.sum(axis=1)
    dangling = out == 0
    m[~dangling] /= out[~dangling, None]
    m[dangling] = 1.0 / n
    a = np.eye(n) - damping * m.T
    b = np.full(n, (1 - damping) / n)
    x = np.linalg.solve(a, b)
    return x / x.sum()
