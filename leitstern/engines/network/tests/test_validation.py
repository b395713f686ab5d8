"""Bad networks are refused with the row, the field and a stable code."""

from __future__ import annotations

import math

import numpy as np
import pytest

from leitstern.engines.network import (
    NetworkInputError,
    Person,
    Tie,
    build_network,
    centrality,
    influence_paths,
)


def problems(**kwargs):
    with pytest.raises(NetworkInputError) as info:
        build_network(**kwargs)
    return [(p.field, p.code, p.row) for p in info.value.problems]


PEOPLE = ["a", "b", "c"]


def test_a_self_loop_is_refused():
    assert problems(people=PEOPLE, ties=[("a", "b", 2), ("c", "c", 1)]) == [
        ("ties[1]", "self_loop", 2)
    ]


def test_a_duplicate_tie_is_refused_with_the_first_row():
    with pytest.raises(NetworkInputError) as info:
        build_network(people=PEOPLE, ties=[("a", "b", 2), ("b", "a", 1), ("a", "b", 3)])
    problem = info.value.problems[0]
    assert (problem.field, problem.code, problem.row) == ("ties[2]", "duplicate_tie", 3)
    assert problem.params["first_row"] == 1


@pytest.mark.parametrize("strength", [0, 4, -1, 2.5, "3", True, None, math.nan])
def test_strengths_other_than_one_two_three_are_refused(strength):
    assert problems(people=PEOPLE, ties=[("a", "b", strength)]) == [
        ("ties[0].strength", "strength_out_of_range", 1)
    ]


def test_whole_number_floats_and_numpy_ints_are_accepted():
    net = build_network(people=[np.int64(1), 2], ties=[(1, np.int64(2), 2.0)])
    assert net.ties[0] == Tie(1, 2, 2)
    assert net.ids == (1, 2)


def test_ties_must_name_known_people():
    assert problems(people=PEOPLE, ties=[("a", "zed", 1), ("x", "b", 1)]) == [
        ("ties[0].listener", "unknown_person", 1),
        ("ties[1].influencer", "unknown_person", 2),
    ]


def test_ids_are_text_or_whole_numbers_and_unique():
    assert problems(people=["a", "", None, True, 1.5, "a"], ties=[]) == [
        ("people[1].id", "invalid_id", 2),
        ("people[2].id", "invalid_id", 3),
        ("people[3].id", "invalid_id", 4),
        ("people[4].id", "invalid_id", 5),
        ("people[5].id", "duplicate_person", 6),
    ]


def test_one_and_the_text_one_are_different_people():
    net = build_network(people=[1, "1"], ties=[(1, "1", 3)])
    assert net.size == 2
    assert influence_paths(net, source=1, target="1")[0].strengths == (3,)


def test_attributes_are_checked():
    people = [
        Person("a", engagement="keen"),
        Person("b", power=-1),
        Person("c", attitudes={"pricing": "loves"}),
        Person("d", power="high"),
    ]
    assert problems(people=people, ties=[]) == [
        ("people[0].engagement", "invalid_choice", 1),
        ("people[1].power", "negative", 2),
        ("people[2].attitudes", "invalid_choice", 3),
        ("people[3].power", "not_a_number", 4),
    ]


def test_all_problems_are_reported_at_once_with_messages():
    with pytest.raises(NetworkInputError) as info:
        build_network(people=PEOPLE, ties=[("a", "a", 1), ("a", "b", 9), ("q", "c", 2)])
    assert len(info.value.problems) == 3
    out = info.value.as_dict()["errors"]
    assert out[1] == {
        "field": "ties[1].strength",
        "code": "strength_out_of_range",
        "message": "Row 2: the strength must be 1 (weak), 2 (medium) or 3 (strong) (got 9).",
        "params": {"value": "9"},
        "row": 2,
    }


def test_malformed_arguments_are_refused():
    assert problems(people="abc", ties=[("a", "b")]) == [
        ("people", "wrong_type", None),
        ("ties[0]", "wrong_type", 1),
    ]


def test_questions_about_unknown_people_are_refused():
    net = build_network(people=PEOPLE, ties=[("a", "b", 1)])
    with pytest.raises(NetworkInputError) as info:
        influence_paths(net, source="a", target="zed")
    assert (info.value.field, info.value.code) == ("target", "unknown_person")
    with pytest.raises(NetworkInputError) as info:
        influence_paths(net, source="a", target="a")
    assert info.value.code == "invalid_option"
    with pytest.raises(NetworkInputError) as info:
        centrality(net).of("zed")
    assert info.value.code == "unknown_person"
    with pytest.raises(NetworkInputError) as info:
        centrality(net, damping=1.0)
    assert (info.value.field, info.value.code) == ("damping", "invalid_option")


def test_results_cannot_be_changed_afterwards():
    c = centrality(build_network(people=PEOPLE, ties=[("a", "b", 1)]))
    with pytest.raises(ValueError):
        c.influence[0] = 99
    with pytest.raises(AttributeError):
        c.damping = 0.5  # type: ignore[misc]  # writing a frozen field on purpose


def test_true_and_one_point_oh_are_not_the_person_one():
    net = build_network(people=[1, 2], ties=[(1, 2, 3)])
    c = centrality(net)
    assert c.of(1).influence == 3
    for fake in (True, 1.0):
        with pytest.raises(NetworkInputError):
            c.of(fake)
        with pytest.raises(NetworkInputError):
            influence_paths(net, source=fake, target=2)
