"""People, who listens to whom, and the validated network every question runs on.

A tie ``Tie(influencer=j, listener=i, strength=s)`` says "i listens to j" (j influences i)
with strength 1 (weak), 2 (medium) or 3 (strong). The official reporting line is not a tie:
pass only the real influence. People may carry their engagement (PMBOK: unaware, resistant,
neutral, supportive, leading), their power (any non-negative scale, e.g. the grid's axis) and
their attitude per theme (supports, neutral, opposes).
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property
from numbers import Real
from types import MappingProxyType
from typing import Any

import numpy as np
from scipy import sparse

from .errors import NetworkInputError, NetworkProblem, Problems

__all__ = [
    "ATTITUDES",
    "ENGAGEMENT",
    "STRENGTH_LABELS",
    "Network",
    "Person",
    "PersonId",
    "Tie",
    "build_network",
]

PersonId = str | int
ENGAGEMENT = ("unaware", "resistant", "neutral", "supportive", "leading")
ATTITUDES = ("supports", "neutral", "opposes")
STRENGTH_LABELS = {1: "weak", 2: "medium", 3: "strong"}


@dataclass(frozen=True)
class Person:
    """A stakeholder. ``attitudes`` maps a theme (any text the app uses as its key) to
    ``"supports"``, ``"neutral"`` or ``"opposes"``; a theme not listed is unknown."""

    id: PersonId
    engagement: str | None = None
    power: float | None = None
    attitudes: Mapping[str, str] = field(default_factory=dict)

    def attitude(self, theme: str | None) -> str | None:
        return None if theme is None else self.attitudes.get(theme)


@dataclass(frozen=True)
class Tie:
    """``listener`` listens to ``influencer`` with ``strength`` 1–3."""

    influencer: PersonId
    listener: PersonId
    strength: int

    @property
    def label(self) -> str:
        return STRENGTH_LABELS[self.strength]


@dataclass(frozen=True, eq=False)
class Network:
    """A validated influence network. Positions (0 … size − 1) follow ``people``; the arrays
    hold one entry per tie, in the order given, and are read-only."""

    people: tuple[Person, ...]
    index: Mapping[Hashable, int]
    influencer: np.ndarray
    listener: np.ndarray
    strength: np.ndarray

    @cached_property
    def ties(self) -> tuple[Tie, ...]:
        """The ties as given (validated), in their order."""
        ids = self.ids
        return tuple(
            Tie(ids[j], ids[i], s)
            for j, i, s in zip(
                self.influencer.tolist(), self.listener.tolist(), self.strength.tolist(),
                strict=True,
            )
        )  # fmt: skip

    @property
    def ids(self) -> tuple[PersonId, ...]:
        return tuple(p.id for p in self.people)

    @property
    def size(self) -> int:
        return len(self.people)

    def position(self, person: PersonId, *, field: str = "person") -> int:
        """The position of a person, or ``NetworkInputError`` (``unknown_person``)."""
        pos = _lookup(self.index, person)
        if pos is None:
            raise NetworkInputError(
                [
                    NetworkProblem(
                        field, "unknown_person", f"{person!r} is not in the network.",
                        {"id": str(person)},
                    )
                ]
            )  # fmt: skip
        return pos

    def person(self, person: PersonId) -> Person:
        return self.people[self.position(person)]

    @cached_property
    def influencers_of(self) -> tuple[dict[int, int], ...]:
        """Per position i: {position j: strength} of everyone i listens to."""
        out: tuple[dict[int, int], ...] = tuple({} for _ in range(self.size))
        for j, i, s in zip(
            self.influencer.tolist(), self.listener.tolist(), self.strength.tolist(), strict=True
        ):
            out[i][j] = s
        return out

    def matrix(self) -> sparse.csr_array:
        """W with W[j, i] = strength of "i listens to j" (rows influence columns)."""
        n = self.size
        return sparse.csr_array(
            (self.strength.astype(float), (self.influencer, self.listener)), shape=(n, n)
        )


def build_network(
    *,
    people: Sequence[Person | PersonId],
    ties: Sequence[Tie | tuple[PersonId, PersonId, int]],
) -> Network:
    """Validate people and ties and return the ``Network``.

    ``people`` are ``Person`` objects or bare ids; ``ties`` are ``Tie`` objects or
    ``(influencer, listener, strength)`` triples. Refused, all problems at once: ids that are
    not non-empty text or whole numbers, the same id twice, ties naming unknown people,
    self-loops, the same tie twice, strengths other than 1, 2, 3, unknown engagement or
    attitude values, negative or non-numeric power.
    """
    persons, index, src, dst, strength = _build_network_iv(people=people, ties=ties)
    for arr in (src, dst, strength):
        arr.setflags(write=False)
    return Network(
        people=tuple(persons),
        index=MappingProxyType(index),
        influencer=src,
        listener=dst,
        strength=strength,
    )


def _lookup(index: Mapping[Any, int], person: Any) -> int | None:
    """The position of an id, or None. Only text and whole numbers are ids: ``True`` and
    ``1.0`` equal ``1`` in Python but are not the person 1."""
    kind = type(person)
    if kind is str or kind is int:
        return index.get(person)
    if isinstance(person, np.integer):
        return index.get(int(person))
    return None


def _valid_id(value: Any) -> bool:
    if isinstance(value, bool):
        return False
    if isinstance(value, str):
        return value.strip() != ""
    return isinstance(value, (int, np.integer))


def _build_network_iv(*, people, ties):
    p = Problems()
    persons: list[Person] = []
    index: dict[PersonId, int] = {}
    first_row: dict[PersonId, int] = {}
    if isinstance(people, (str, bytes)) or not isinstance(people, Sequence):
        p.add("people", "wrong_type", "people must be a list.", expected="list")
        people = ()
    for row, raw in enumerate(people, start=1):
        person = raw if isinstance(raw, Person) else Person(id=raw)
        where = f"people[{row - 1}]"
        if not _valid_id(person.id):
            p.add(
                f"{where}.id", "invalid_id",
                f"Row {row}: a person's id must be a non-empty text or a whole number "
                f"(got {person.id!r}).", row=row, value=repr(person.id),
            )  # fmt: skip
            continue
        pid = _plain(person.id)
        if pid in first_row:
            p.add(
                f"{where}.id", "duplicate_person",
                f"Row {row}: {pid!r} is listed twice (first in row {first_row[pid]}).",
                row=row, id=str(pid), first_row=first_row[pid],
            )  # fmt: skip
            continue
        first_row[pid] = row
        index[pid] = len(persons)
        persons.append(_person_iv(p, person, pid, where, row))
    if isinstance(ties, (str, bytes)) or not isinstance(ties, Sequence):
        p.add("ties", "wrong_type", "ties must be a list.", expected="list")
        ties = ()
    n = len(persons)
    src: list[int] = []
    dst: list[int] = []
    strengths: list[int] = []
    seen: dict[int, int] = {}
    for row, raw in enumerate(ties, start=1):
        if type(raw) is tuple and len(raw) == 3:
            j, i, s = raw
        elif isinstance(raw, Tie):
            j, i, s = raw.influencer, raw.listener, raw.strength
        elif isinstance(raw, (tuple, list)) and len(raw) == 3:
            j, i, s = raw
        else:
            p.add(
                f"ties[{row - 1}]", "wrong_type",
                f"Row {row}: a tie is a Tie or an (influencer, listener, strength) triple.",
                row=row, expected="tie",
            )  # fmt: skip
            continue
        pj, pi = _lookup(index, j), _lookup(index, i)
        strength = s if type(s) is int and 1 <= s <= 3 else _strength(s)
        if pj is None or pi is None or strength is None or pj == pi:
            _tie_problems(p, row, j, i, s, pj, pi, strength)
            continue
        pair = pj * n + pi
        if pair in seen:
            p.add(
                f"ties[{row - 1}]", "duplicate_tie",
                f"Row {row}: {i!r} listening to {j!r} is already given in row {seen[pair]}.",
                row=row, influencer=str(j), listener=str(i), first_row=seen[pair],
            )  # fmt: skip
            continue
        seen[pair] = row
        src.append(pj)
        dst.append(pi)
        strengths.append(strength)
    p.raise_if_any()
    return (
        persons,
        index,
        np.array(src, dtype=np.int64),
        np.array(dst, dtype=np.int64),
        np.array(strengths, dtype=np.int64),
    )


def _tie_problems(p: Problems, row, j, i, s, pj, pi, strength) -> None:
    where = f"ties[{row - 1}]"
    for name, who, pos in (("influencer", j, pj), ("listener", i, pi)):
        if pos is None:
            p.add(
                f"{where}.{name}", "unknown_person",
                f"Row {row}: the {name} {who!r} is not among the people.", row=row, id=str(who),
            )  # fmt: skip
    if strength is None:
        p.add(
            f"{where}.strength", "strength_out_of_range",
            f"Row {row}: the strength must be 1 (weak), 2 (medium) or 3 (strong) (got {s!r}).",
            row=row, value=repr(s),
        )  # fmt: skip
    if pj is not None and pj == pi:
        p.add(where, "self_loop", f"Row {row}: {j!r} cannot influence themselves.", row=row,
              id=str(j))  # fmt: skip


def _plain(person_id: PersonId) -> PersonId:
    return int(person_id) if isinstance(person_id, np.integer) else person_id


def _person_iv(p: Problems, person: Person, pid: PersonId, where: str, row: int) -> Person:
    if person.engagement is not None and person.engagement not in ENGAGEMENT:
        p.add(
            f"{where}.engagement", "invalid_choice",
            f"Row {row}: engagement must be one of {', '.join(ENGAGEMENT)} "
            f"(got {person.engagement!r}).", row=row, value=repr(person.engagement),
            choices=list(ENGAGEMENT),
        )  # fmt: skip
    power = person.power
    if power is not None:
        if isinstance(power, bool) or not isinstance(power, (Real, Decimal, np.number)):
            p.add(
                f"{where}.power", "not_a_number",
                f"Row {row}: power must be a number (got {power!r}).", row=row,
                value=repr(power),
            )  # fmt: skip
            power = None
        elif not math.isfinite(float(power)) or float(power) < 0:
            p.add(
                f"{where}.power", "negative",
                f"Row {row}: power must be a finite number of at least 0 (got {power!r}).",
                row=row, value=repr(power),
            )  # fmt: skip
            power = None
        else:
            power = float(power)
    attitudes: dict[str, str] = {}
    if not isinstance(person.attitudes, Mapping):
        p.add(
            f"{where}.attitudes", "wrong_type",
            f"Row {row}: attitudes map a theme to supports, neutral or opposes.", row=row,
            expected="mapping",
        )  # fmt: skip
    else:
        for theme, attitude in person.attitudes.items():
            if not isinstance(theme, str) or not theme.strip() or attitude not in ATTITUDES:
                p.add(
                    f"{where}.attitudes", "invalid_choice",
                    f"Row {row}: the attitude toward {theme!r} must be one of "
                    f"{', '.join(ATTITUDES)} (got {attitude!r}).", row=row,
                    value=repr(attitude), choices=list(ATTITUDES),
                )  # fmt: skip
            else:
                attitudes[theme] = attitude
    return Person(
        id=pid,
        engagement=person.engagement,
        power=power,
        attitudes=MappingProxyType(attitudes),
    )


def _strength(value: Any) -> int | None:
    if isinstance(value, bool) or not isinstance(value, (Real, Decimal, np.number)):
        return None
    x = float(value)
    if not x.is_integer() or not 1 <= x <= 3:
        return None
    return int(x)
