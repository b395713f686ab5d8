"""Routes of influence against enumerating every sequence of people."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from leitstern.engines.network import build_network, influence_paths, path_strength

from .test_oracle import graphs


def brute_routes(n, ties, source, target, max_steps):
    strength = {(j, i): s for j, i, s in ties}
    found = []
    others = [p for p in range(n) if p not in (source, target)]
    for middle_count in range(max_steps):
        for middle in itertools.permutations(others, middle_count):
            people = (source, *middle, target)
            pairs = list(itertools.pairwise(people))
            if all(pair in strength for pair in pairs):
                found.append((people, tuple(strength[pair] for pair in pairs)))
    return found


@settings(max_examples=150, deadline=None)
@given(graphs(max_people=7), st.data())
def test_every_route_up_to_the_limit_is_found_once(graph, data):
    n, ties = graph
    if n < 2:
        return
    source = data.draw(st.integers(0, n - 1))
    target = data.draw(st.integers(0, n - 1).filter(lambda t: t != source))
    steps = data.draw(st.integers(1, 3))
    net = build_network(people=list(range(n)), ties=ties)
    got = influence_paths(net, source=source, target=target, max_steps=steps)
    want = brute_routes(n, ties, source, target, steps)
    assert sorted((p.people, p.strengths) for p in got) == sorted(want)
    keys = [(-p.strength, p.steps) for p in got]
    assert keys == sorted(keys)
    for p in got:
        assert p.strength == pytest.approx(1 / sum(1 / s for s in p.strengths))
        assert p.weakest == min(p.strengths)


def test_route_strength_is_like_resistors_in_series():
    assert path_strength((3,)) == 3
    assert path_strength((1,)) == 1
    assert path_strength((3, 3)) == 1.5
    assert path_strength((3, 3, 3)) == 1
    assert path_strength((2, 2)) == 1
    assert path_strength((3, 1)) == 0.75


def test_routes_are_strongest_first_and_limited():
    net = build_network(
        people=["a", "b", "c", "d"],
        ties=[("a", "b", 3), ("b", "d", 3), ("a", "c", 1), ("c", "d", 2), ("a", "d", 1)],
    )
    routes = influence_paths(net, source="a", target="d")
    assert [r.people for r in routes] == [("a", "b", "d"), ("a", "d"), ("a", "c", "d")]
    assert routes[0].labels == ("strong", "strong")
    assert influence_paths(net, source="a", target="d", limit=1)[0].people == ("a", "b", "d")
    assert [r.people for r in influence_paths(net, source="a", target="d", max_steps=1)] == [
        ("a", "d")
    ]
    assert influence_paths(net, source="d", target="a") == ()


def test_routes_never_visit_anyone_twice():
    net = build_network(
        people=["a", "b", "c"], ties=[("a", "b", 3), ("b", "a", 3), ("b", "c", 3), ("a", "c", 1)]
    )
    routes = influence_paths(net, source="a", target="c")
    assert all(len(set(r.people)) == len(r.people) for r in routes)
    assert {r.people for r in routes} == {("a", "b", "c"), ("a", "c")}
