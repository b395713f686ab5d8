"""The engine against textbook implementations on generated graphs."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leitstern.engines.network import betweenness, build_network, centrality

from .oracle import brandes, pagerank_dense


@st.composite
def graphs(draw, max_people=12):
    n = draw(st.integers(1, max_people))
    pairs = [(j, i) for j in range(n) for i in range(n) if i != j]
    chosen = (
        draw(st.lists(st.sampled_from(pairs), unique=True, max_size=len(pairs))) if pairs else []
    )
    ties = [(j, i, draw(st.integers(1, 3))) for j, i in chosen]
    return n, ties


@pytest.mark.statistical
@settings(max_examples=200, deadline=None)
@given(graphs())
def test_betweenness_equals_textbook_brandes(graph):
    n, ties = graph
    net = build_network(people=list(range(n)), ties=ties)
    assert centrality(net).betweenness == pytest.approx(brandes(n, ties), abs=1e-9)


@pytest.mark.statistical
@settings(max_examples=200, deadline=None)
@given(graphs())
def test_reach_equals_the_pagerank_equations_solved_directly(graph):
    n, ties = graph
    c = centrality(build_network(people=list(range(n)), ties=ties))
    assert c.reach == pytest.approx(pagerank_dense(n, ties), abs=1e-10)
    assert c.reach.sum() == pytest.approx(1.0)


def _random_graph(seed, n, m):
    rng = np.random.default_rng(seed)
    pairs = set()
    while len(pairs) < m:
        j, i = (int(x) for x in rng.integers(0, n, 2))
        if i != j:
            pairs.add((j, i))
    return [(j, i, int(rng.integers(1, 4))) for j, i in sorted(pairs)]


@pytest.mark.parametrize(("seed", "n", "m"), [(1, 60, 240), (2, 90, 180), (3, 40, 700)])
def test_larger_random_graphs_match_too(seed, n, m):
    ties = _random_graph(seed, n, m)
    net = build_network(people=list(range(n)), ties=ties)
    c = centrality(net)
    assert c.betweenness == pytest.approx(brandes(n, ties), rel=1e-9, abs=1e-9)
    assert c.reach == pytest.approx(pagerank_dense(n, ties), abs=1e-10)


def test_sources_taken_in_small_chunks_give_the_same_betweenness():
    ties = _random_graph(4, 300, 1500)
    net = build_network(people=list(range(300)), ties=ties)
    whole = betweenness(net)
    chunked = betweenness(net, chunk_cells=64 * 1500)  # 64 sources at a time, five chunks
    assert chunked == pytest.approx(whole, rel=1e-12, abs=1e-9)


def test_a_long_weak_chain_is_handled():
    n = 200
    ties = [(k, k + 1, 1) for k in range(n - 1)]
    net = build_network(people=list(range(n)), ties=ties)
    b = betweenness(net)
    # person k lies on the routes from the k people before to the n − 1 − k people after
    expected = [k * (n - 1 - k) for k in range(n)]
    assert b.tolist() == expected


@pytest.mark.parametrize(("seed", "n", "m"), [(5, 120, 600), (6, 64, 64), (7, 300, 3000)])
def test_route_lengths_equal_scipys_dijkstra(seed, n, m):
    # The level-by-level search of the betweenness (a private step, checked here directly)
    # against scipy.sparse.csgraph on the same lengths 6/strength.
    from scipy import sparse
    from scipy.sparse import csgraph

    from leitstern.engines.network.centrality import _distances_from, _relaxation_plan

    ties = _random_graph(seed, n, m)
    u = np.array([t[0] for t in ties], dtype=np.int32)
    v = np.array([t[1] for t in ties], dtype=np.int32)
    length = (6 // np.array([t[2] for t in ties])).astype(np.int16)
    width = 64 * ((n + 63) // 64)
    dist_t = _distances_from(np.arange(n, dtype=np.int32), n, _relaxation_plan(u, v, length),
                             np.int16, width)  # fmt: skip
    graph = sparse.csr_array((length.astype(float), (u, v)), shape=(n, n))
    want = csgraph.shortest_path(graph, method="D", directed=True)
    got = dist_t[:, :n].T.astype(float)
    got[got >= np.iinfo(np.int16).max - 12] = np.inf
    assert np.array_equal(got, want)
