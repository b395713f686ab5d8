"""Centralities of small graphs worked out by hand."""

from __future__ import annotations

import pytest

from leitstern.engines.network import Person, Tie, build_network, centrality


def measures(people, ties):
    c = centrality(build_network(people=people, ties=ties))
    return {p: c.of(p) for p in c.ids}


def test_a_star_where_everyone_talks_with_the_centre():
    leaves = ["l1", "l2", "l3", "l4"]
    ties = [("hub", x, 3) for x in leaves] + [(x, "hub", 3) for x in leaves]
    m = measures(["hub", *leaves], ties)
    # every leaf reaches every other leaf only through the hub: 4 × 3 ordered pairs
    assert m["hub"].betweenness == 12
    assert m["hub"].betweenness_normalized == 1.0
    assert all(m[x].betweenness == 0 for x in leaves)
    assert m["hub"].influence == 12  # four strong listeners
    assert m["l1"].influence == 3
    # PageRank by hand: leaf = (1 + d/4) / (n(1 + d)), hub = 1 − 4·leaf
    d, n = 0.85, 5
    leaf = (1 + d / 4) / (n * (1 + d))
    assert m["l1"].reach == pytest.approx(leaf, abs=1e-12)
    assert m["hub"].reach == pytest.approx(1 - 4 * leaf, abs=1e-12)


def test_a_one_way_star_has_no_brokers():
    leaves = ["l1", "l2", "l3"]
    m = measures(["boss", *leaves], [("boss", x, 2) for x in leaves])
    assert all(x.betweenness == 0 for x in m.values())
    assert m["boss"].influence == 6
    assert m["l1"].listens == 2


def test_a_chain_passes_influence_through_its_middle():
    people = ["a", "b", "c", "d", "e"]
    ties = [("a", "b", 1), ("b", "c", 3), ("c", "d", 2), ("d", "e", 3)]
    m = measures(people, ties)
    # b lies on a→c, a→d, a→e; c on a→d, a→e, b→d, b→e; d on a→e, b→e, c→e
    assert [m[p].betweenness for p in people] == [0, 3, 4, 3, 0]
    assert m["c"].betweenness_normalized == pytest.approx(4 / 12)
    # PageRank by hand: a listens to nobody (dangling), each other listens to one person.
    # Reach flows backwards along the chain: e → d → c → b → a.
    reach = [m[p].reach for p in people]
    assert reach == sorted(reach, reverse=True)


def test_two_communities_joined_by_one_bridge():
    a, b = ["a1", "a2", "a3"], ["b1", "b2", "b3"]
    ties = [(x, y, 3) for group in (a, b) for x in group for y in group if x != y]
    ties += [("a1", "b1", 1), ("b1", "a1", 1)]
    m = measures(a + b, ties)
    # every route between the groups runs a1 – b1: a1 lies on the 6 routes a2/a3 → B and the
    # 6 routes B → a2/a3; the same for b1. Inside a group every pair is tied directly.
    assert m["a1"].betweenness == m["b1"].betweenness == 12
    assert m["a1"].betweenness_normalized == pytest.approx(12 / 20)
    assert all(m[p].betweenness == 0 for p in ("a2", "a3", "b2", "b3"))
    # the two brokers are listened to most
    assert m["a1"].reach == pytest.approx(m["b1"].reach)
    assert m["a1"].reach > m["a2"].reach


@pytest.mark.parametrize(
    ("first", "second", "direct", "expected"),
    [
        (3, 3, 1, 1.0),  # 1/3 + 1/3 < 1: the two strong ties are the stronger route
        (2, 2, 1, 0.5),  # 1/2 + 1/2 = 1: as strong as the weak direct tie, half the credit
        (1, 3, 1, 0.0),  # 1 + 1/3 > 1: the weak direct tie wins
        (3, 3, 2, 0.0),  # 2/3 > 1/2: the medium direct tie wins
    ],
)
def test_tie_strength_decides_whether_the_middle_person_brokers(first, second, direct, expected):
    ties = [("x", "y", first), ("y", "z", second), ("x", "z", direct)]
    m = measures(["x", "y", "z"], ties)
    assert m["y"].betweenness == expected


def test_in_and_out_weighted_degrees():
    people = [Person("p"), Person("q"), Person("r")]
    ties = [Tie("p", "q", 3), Tie("r", "q", 1), Tie("q", "p", 2)]
    m = measures(people, ties)
    assert (m["p"].influence, m["q"].influence, m["r"].influence) == (3, 2, 1)
    assert (m["p"].listens, m["q"].listens, m["r"].listens) == (2, 4, 0)


def test_people_without_ties_have_no_measures_but_a_share_of_reach():
    m = measures(["alone", "x", "y"], [("x", "y", 2)])
    assert m["alone"].influence == m["alone"].betweenness == 0
    assert sum(p.reach for p in m.values()) == pytest.approx(1.0)
    assert m["alone"].reach < m["x"].reach


def test_ranked_orders_by_the_chosen_measure():
    c = centrality(
        build_network(people=["a", "b", "c"], ties=[("a", "b", 3), ("a", "c", 3), ("b", "c", 1)])
    )
    assert [p.id for p in c.ranked("influence")] == ["a", "b", "c"]
    assert [p.id for p in c.ranked("listens", limit=1)] == ["c"]
