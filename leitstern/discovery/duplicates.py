"""Likely duplicates among titles, for backlog care. No Django.

Two titles are likely duplicates when most of their meaningful words are the same
(Jaccard similarity of word stems at or above ``THRESHOLD``). Only pairs that share a word
are compared, so a backlog of thousands is checked in well under a second."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

THRESHOLD = 0.6
# Words that say nothing about what an item is, in English and German.
_STOP_TEXT = (
    "a an and are as at be by for from has have in into is it its of on or our so that the "
    "their them they this to too up we with without you your der die das den dem des ein "
    "eine einen einem einer und oder für mit ohne von vom zu zum zur im ist sind wir unsere "
    "nicht auf aus bei als auch noch nur wie"
)
STOP_WORDS = frozenset(_STOP_TEXT.split())


def words(title: str) -> frozenset[str]:
    """The meaningful words of ``title``, lower case, accents folded, crudely stemmed."""
    text = unicodedata.normalize("NFKD", title.casefold())
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    out = set()
    for word in re.findall(r"[a-z0-9ß]+", text):
        if word in STOP_WORDS or len(word) < 2:
            continue
        for suffix in ("ing", "ed", "es", "en", "er", "s", "e"):
            if len(word) > len(suffix) + 3 and word.endswith(suffix):
                word = word[: -len(suffix)]
                break
        out.add(word)
    return frozenset(out)


def similarity(a: frozenset[str], b: frozenset[str]) -> float:
    if not a or not b:
        return 0.0
    return len(a & b) / len(a | b)


@dataclass(frozen=True)
class Pair:
    first: int
    second: int
    similarity: float


def likely_duplicates(
    items: Iterable[tuple[int, str]], *, threshold: float = THRESHOLD
) -> list[Pair]:
    """Pairs of ids whose titles are likely duplicates, most similar first. Pairs are
    reported once, the smaller id first."""
    bags: dict[int, frozenset[str]] = {}
    index: dict[str, list[int]] = defaultdict(list)
    for pk, title in items:
        bag = words(title)
        bags[pk] = bag
        for word in bag:
            index[word].append(pk)
    candidates: set[tuple[int, int]] = set()
    for ids in index.values():
        if len(ids) > 200:  # a word on hundreds of items says nothing about any pair
            continue
        for i, first in enumerate(ids):
            for second in ids[i + 1 :]:
                candidates.add((min(first, second), max(first, second)))
    pairs = []
    for first, second in candidates:
        score = similarity(bags[first], bags[second])
        if score >= threshold:
            pairs.append(Pair(first, second, score))
    return sorted(pairs, key=lambda p: (-p.similarity, p.first, p.second))


def groups(pairs: Sequence[Pair]) -> list[list[int]]:
    """Pairs joined into groups of ids that are duplicates of each other."""
    parent: dict[int, int] = {}

    def find(x: int) -> int:
        while parent.setdefault(x, x) != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for pair in pairs:
        parent[find(pair.first)] = find(pair.second)
    members: dict[int, list[int]] = defaultdict(list)
    for x in parent:
        members[find(x)].append(x)
    return sorted((sorted(g) for g in members.values() if len(g) > 1), key=lambda g: g[0])
