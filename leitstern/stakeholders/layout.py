"""Where the power / interest grid draws each person and their name, so that names stay
readable when people stand at the same or nearby positions (plain Python, tested directly).

The grid is a 100 × 100 box. People closer than ``NEAR`` units to the first person of a
spot share that spot: it is drawn once, with a badge counting them, and listed by name
under the chart. Each spot's name is then placed at the first of a few places around its
dot (right, left, above, below) that overlaps no name placed before and no other dot; when
none is free, the name is not drawn (it shows when the dot is hovered or focused, and every
name is in the table). Spots are laid out in the order given, so the most important people
(the caller passes them first) get the best places.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

NEAR = 2.5  # units: two dots closer than this would cover each other (radius 1.8)
DOT_RADIUS = 1.8
CHAR_WIDTH = 1.45  # a name's average letter width at the grid's font size (2.7 units)
LINE = 3.0  # a name's height
GAP = 0.8  # between a dot and its name
BOX = 100.0


# Where the grid writes its quadrant and axis names (``_grid_frame.html``, room for the
# longer German words): no person's name is written over them.
FRAME = (
    (0.0, 1.5, 34.0, 11.0),  # keep satisfied, ↑ power
    (64.0, 1.5, 100.0, 6.5),  # manage closely
    (0.0, 90.5, 34.0, 100.0),  # monitor, interest →
    (64.0, 90.5, 100.0, 95.5),  # keep informed
)


@dataclass(frozen=True)
class Box:
    left: float
    top: float
    right: float
    bottom: float

    def overlaps(self, other: Box) -> bool:
        return (
            self.left < other.right
            and other.left < self.right
            and self.top < other.bottom
            and other.top < self.bottom
        )

    def inside(self) -> bool:
        return self.left >= 0 and self.right <= BOX and self.top >= 0 and self.bottom <= BOX


@dataclass(frozen=True)
class Label:
    """Where a name is written: ``x``/``y`` of its baseline start (or end, for
    ``anchor="end"``), or not at all (``shown`` False)."""

    x: float
    y: float
    anchor: str
    shown: bool


@dataclass(frozen=True)
class Spot[T]:
    """One drawn dot: the people standing there (the first is the one it is named after)."""

    x: float
    y: float
    people: tuple[T, ...]
    label: Label

    @property
    def label_dx(self) -> float:
        """The name's place relative to the dot (the grid moves both together)."""
        return round(self.label.x - self.x, 1)

    @property
    def label_dy(self) -> float:
        return round(self.label.y - self.y, 1)

    @property
    def more(self) -> int:
        """How many people share the dot besides the one it is named after."""
        return len(self.people) - 1


def _candidates(x: float, y: float, width: float) -> list[tuple[Label, Box]]:
    """Places for a name around a dot at (x, y), in order of preference: right, left,
    above and below (centred, then ending at the dot, then starting at it — so a dot near
    an edge or a neighbour still finds room)."""
    r = DOT_RADIUS + GAP
    half = LINE / 2
    above_top, above_base = y - r - LINE, y - r
    below_top, below_base = y + r, y + r + LINE * 0.8
    places = [
        (x + r, y + half * 0.7, "start", Box(x + r, y - half, x + r + width, y + half)),
        (x - r, y + half * 0.7, "end", Box(x - r - width, y - half, x - r, y + half)),
    ]
    for top, base in ((above_top, above_base), (below_top, below_base)):
        for left in (x - width / 2, x + DOT_RADIUS - width, x - DOT_RADIUS):
            places.append((left, base, "start", Box(left, top, left + width, top + LINE)))
    return [
        (Label(round(lx, 1), round(ly, 1), anchor, True), box) for lx, ly, anchor, box in places
    ]


def _dot_box(x: float, y: float) -> Box:
    return Box(x - DOT_RADIUS, y - DOT_RADIUS, x + DOT_RADIUS, y + DOT_RADIUS)


# The item, x, y (grid units) and the name to write.
type Point[T] = tuple[T, float, float, str]


def cluster[T](points: Sequence[Point[T]], *, near: float = NEAR) -> list[list[Point[T]]]:
    """Group points that lie within ``near`` of a group's first point, keeping the given
    order inside and between groups."""
    groups: list[list[Point[T]]] = []
    for point in points:
        x, y = point[1], point[2]
        for group in groups:
            gx, gy = group[0][1], group[0][2]
            if math.hypot(x - gx, y - gy) < near:
                group.append(point)
                break
        else:
            groups.append([point])
    return groups


def layout[T](points: Sequence[Point[T]], *, near: float = NEAR) -> list[Spot[T]]:
    """The spots to draw for ``points``, with each spot's name placed where it overlaps
    nothing drawn before."""
    groups = cluster(points, near=near)
    dots = [_dot_box(group[0][1], group[0][2]) for group in groups]
    taken: list[Box] = [Box(*box) for box in FRAME]
    spots: list[Spot[T]] = []
    for index, group in enumerate(groups):
        _first, x, y, text = group[0]
        if len(group) > 1:
            text = f"{text} +{len(group) - 1}"
        width = len(text) * CHAR_WIDTH
        others = dots[:index] + dots[index + 1 :]
        chosen = Label(round(x + DOT_RADIUS + GAP, 1), round(y + 1, 1), "start", False)
        for label, box in _candidates(x, y, width):
            if (
                box.inside()
                and not any(box.overlaps(b) for b in taken)
                and not any(box.overlaps(d) for d in others)
            ):
                chosen = label
                taken.append(box)
                break
        spots.append(Spot(x=x, y=y, people=tuple(p[0] for p in group), label=chosen))
    return spots
