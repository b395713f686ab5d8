"""Whom to talk to first, on a small company."""

from __future__ import annotations

import json

import pytest

from leitstern.engines.network import (
    NetworkInputError,
    Person,
    Tie,
    build_network,
    centrality,
    suggestions,
)

PEOPLE = [
    Person("klein", engagement="resistant", power=9, attitudes={"pricing": "opposes"}),
    Person("yilmaz", engagement="supportive", power=6, attitudes={"pricing": "supports"}),
    Person("meyer", engagement="neutral", attitudes={"pricing": "neutral"}),
    Person("schulz", engagement="leading", attitudes={"pricing": "opposes"}),
    Person("wagner", engagement="supportive", attitudes={"pricing": "supports"}),
    Person("becker", engagement="resistant", attitudes={"pricing": "supports"}),
]
TIES = [
    Tie("yilmaz", "klein", 3),
    Tie("meyer", "klein", 2),
    Tie("schulz", "klein", 1),
    Tie("becker", "klein", 3),
    Tie("wagner", "yilmaz", 3),
    Tie("wagner", "meyer", 1),
]


def net(ties=TIES):
    return build_network(people=PEOPLE, ties=ties)


def test_to_win_over_klein_talk_to_yilmaz_first():
    s = suggestions(net(), target="klein", theme="pricing")
    assert s.target_engagement == "resistant"
    assert s.target_attitude == "opposes"
    assert s.target_power == 9
    first = s.candidates[0]
    assert first.person == "yilmaz"
    assert first.score == 3.0  # strong direct tie × supports × supportive
    codes = [r.code for r in first.reasons]
    assert codes[:2] == ["listens_to", "supports_theme"]
    assert first.reasons[0].params == {
        "listener": "klein",
        "influencer": "yilmaz",
        "strength": 3,
        "label": "strong",
    }


def test_scores_follow_strength_attitude_and_engagement():
    s = suggestions(net(), target="klein", theme="pricing")
    scores = {c.person: c.score for c in s.candidates}
    assert scores == {
        "yilmaz": 3.0,  # 3 × 1 × 1
        "wagner": 1.5,  # (1/(1/3 + 1/3)) × 1 × 1 via yilmaz
        "meyer": 0.75,  # 2 × 0.5 (neutral) × 0.75 (neutral)
        "becker": 0.75,  # 3 × 1 × 0.25 (resistant)
    }
    # equal scores: the neutral person ranks above the resistant one
    assert [c.person for c in s.candidates] == ["yilmaz", "wagner", "meyer", "becker"]
    wagner = s.candidates[1]
    assert wagner.reasons[0].code == "listens_via"
    assert wagner.reasons[0].params["people"] == ["wagner", "yilmaz", "klein"]


def test_opponents_the_target_listens_to_are_listed_apart():
    s = suggestions(net(), target="klein", theme="pricing")
    assert [c.person for c in s.opposing] == ["schulz"]
    assert "opposes_theme" in [r.code for r in s.opposing[0].reasons]
    assert "schulz" not in [c.person for c in s.candidates]


def test_a_new_tie_changes_the_suggestion():
    before = suggestions(net(), target="klein", theme="pricing")
    stronger = [Tie("meyer", "klein", 3) if t.influencer == "meyer" else t for t in TIES]
    people = [
        Person("meyer", engagement="leading", attitudes={"pricing": "supports"})
        if p.id == "meyer"
        else p
        for p in PEOPLE
    ]
    after = suggestions(
        build_network(people=people, ties=stronger), target="klein", theme="pricing"
    )
    assert before.candidates[1].person == "wagner"
    assert [c.person for c in after.candidates[:2]] == ["meyer", "yilmaz"]  # leading wins the tie


def test_without_a_theme_only_strength_and_engagement_count():
    s = suggestions(net(), target="klein")
    assert s.opposing == ()
    assert s.theme is None
    assert {c.person for c in s.candidates} == {"yilmaz", "becker", "wagner", "meyer", "schulz"}
    assert all(
        r.code not in ("supports_theme", "opposes_theme") for c in s.candidates for r in c.reasons
    )


def test_brokers_are_named_when_centrality_is_given():
    n = net()
    s = suggestions(n, target="klein", theme="pricing", centrality=centrality(n))
    yilmaz = s.candidates[0]
    broker = next(r for r in yilmaz.reasons if r.code == "broker")
    assert broker.params["rank"] == 1


def test_limit_and_steps_bound_the_list():
    s = suggestions(net(), target="klein", theme="pricing", limit=2, max_steps=1)
    assert [c.person for c in s.candidates] == ["yilmaz", "meyer"]


def test_nobody_to_talk_to():
    s = suggestions(net(), target="wagner", theme="pricing")
    assert s.candidates == () and s.opposing == ()


def test_the_answer_is_plain_json():
    s = suggestions(net(), target="klein", theme="pricing")
    out = json.loads(json.dumps(s.as_dict()))
    assert out["candidates"][0]["person"] == "yilmaz"


def test_bad_questions_are_refused():
    with pytest.raises(NetworkInputError) as info:
        suggestions(net(), target="nobody", theme="", limit=0, max_steps=4)
    got = {(p.field, p.code) for p in info.value.problems}
    assert got == {
        ("target", "unknown_person"),
        ("theme", "invalid_option"),
        ("limit", "invalid_option"),
        ("max_steps", "invalid_option"),
    }
    other = build_network(people=["x", "y"], ties=[])
    with pytest.raises(NetworkInputError) as info:
        suggestions(net(), target="klein", centrality=centrality(other))
    assert info.value.code == "invalid_option"


def _company(seed: int = 7, people: int = 60, ties: int = 400):
    """A random network with engagement, power and attitudes, and ties 1–3."""
    import numpy as np

    from leitstern.engines.network.graph import ATTITUDES, ENGAGEMENT

    rng = np.random.default_rng(seed)
    persons = [
        Person(
            i,
            engagement=ENGAGEMENT[int(rng.integers(0, 5))],
            power=float(rng.integers(0, 11)),
            attitudes={"pricing": ATTITUDES[int(rng.integers(0, 3))]},
        )
        for i in range(people)
    ]
    pairs = {(int(j), int(i)) for j, i in rng.integers(0, people, size=(ties, 2)) if j != i}
    return persons, [Tie(j, i, int(rng.integers(1, 4))) for j, i in sorted(pairs)]


@pytest.mark.parametrize("theme", [None, "pricing"])
def test_a_neighbourhood_with_the_whole_centrality_suggests_what_the_whole_network_does(theme):
    persons, ties = _company()
    whole = build_network(people=persons, ties=ties)
    c = centrality(whole)
    brokers = 0
    for target in range(0, 60, 7):
        # everyone with a route of at most two ties into the target, and the ties into the
        # target and into those one tie away (what a walk of two steps reads)
        into = {target}
        upstream = {t.influencer for t in ties if t.listener == target}
        into |= upstream
        near = into | {t.influencer for t in ties if t.listener in upstream}
        cut = build_network(
            people=[p for p in persons if p.id in near],
            ties=[t for t in ties if t.listener in into and t.influencer in near],
        )
        assert cut.size < whole.size
        expected = suggestions(whole, target=target, theme=theme, centrality=c, limit=50)
        got = suggestions(cut, target=target, theme=theme, centrality=c, limit=50)
        assert got.as_dict() == expected.as_dict()
        brokers += sum(r.code == "broker" for cand in got.candidates for r in cand.reasons)
    assert brokers > 0  # brokers are named by their rank in the whole network
