"""The grid's layout of dots and names: people at one place share a dot with a count, and
no two names written on the grid overlap each other or another dot."""

from __future__ import annotations

import random

from hypothesis import given, settings
from hypothesis import strategies as st

from leitstern.stakeholders import layout


def _boxes(spots):
    out = []
    for spot in spots:
        if not spot.label.shown:
            continue
        text = spot.label.x, spot.label.y
        for label, box in layout._candidates(spot.x, spot.y, _width(spot)):
            if (label.x, label.y) == text:
                out.append(box)
                break
        else:
            raise AssertionError(f"{spot} has a label at no candidate place")
    return out


def _width(spot):
    name = spot.people[0][1]
    return len(f"{name} +{spot.more}" if spot.more else name) * layout.CHAR_WIDTH


def test_people_at_the_same_place_share_one_dot_with_a_count():
    spots = layout.layout(
        [(("a", "Anna"), 50, 50, "Anna"), (("b", "Ben"), 50, 50, "Ben"),
         (("c", "Carla"), 50.4, 49.8, "Carla"), (("d", "Dieter"), 80, 20, "Dieter")]
    )  # fmt: skip
    assert [len(s.people) for s in spots] == [3, 1]
    assert spots[0].more == 2
    assert [p[0] for p in spots[0].people] == ["a", "b", "c"]


def test_a_name_moves_aside_rather_than_over_a_neighbour():
    spots = layout.layout(
        [(("a", "Anna"), 50, 50, "Anna"), (("c", "Carla Long Name"), 56, 50, "Carla Long Name")]
    )
    assert spots[0].label.shown and spots[0].label.anchor == "end"  # written to the left
    assert spots[1].label.shown and spots[1].label.anchor == "start"
    assert spots[0].label_dx < 0 < spots[1].label_dx


def test_a_name_at_the_right_edge_is_written_inside_the_grid():
    (spot,) = layout.layout([(("d", "Dieter"), 99, 10, "Dieter")])
    assert spot.label.anchor == "end" and spot.label.x < 99


@settings(max_examples=60, deadline=None)
@given(st.integers(min_value=0, max_value=2**31), st.integers(min_value=1, max_value=80))
def test_written_names_never_overlap_each_other_or_other_dots(seed, n):
    rng = random.Random(seed)
    points = []
    for i in range(n):
        name = "N" * rng.randint(3, 22)
        # Positions on the grid's 0.1 steps, often crowded together.
        x, y = rng.randint(0, 100) / 1, rng.choice([rng.randint(0, 100), 50])
        points.append(((i, name), float(x), float(y), name))
    spots = layout.layout(points)
    assert sum(len(s.people) for s in spots) == n
    boxes = _boxes(spots)
    frame = [layout.Box(*box) for box in layout.FRAME]
    for i, a in enumerate(boxes):
        assert a.inside()
        assert not any(a.overlaps(b) for b in boxes[i + 1 :])
        assert not any(a.overlaps(b) for b in frame)  # the quadrant names stay readable
    dots = [layout._dot_box(s.x, s.y) for s in spots]
    for spot, box in zip([s for s in spots if s.label.shown], boxes, strict=True):
        assert not any(box.overlaps(d) for d in dots if d != layout._dot_box(spot.x, spot.y))
    # Dots of different spots are apart: none hides another.
    for i, a in enumerate(spots):
        for b in spots[i + 1 :]:
            assert ((a.x - b.x) ** 2 + (a.y - b.y) ** 2) ** 0.5 >= layout.NEAR
