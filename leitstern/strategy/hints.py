"""Quality hints for objectives and key results while they are written. No Django.

Hints never block saving: they are questions a good OKR coach would ask. Each hint is a
code; the page words it in the reader's language."""

from __future__ import annotations

import re
from enum import StrEnum

MAX_KEY_RESULTS = 5


class Hint(StrEnum):
    OUTPUT_PHRASING = "output_phrasing"
    NO_BASELINE = "no_baseline"
    NO_NUMBER = "no_number"
    TOO_MANY_KEY_RESULTS = "too_many_key_results"
    NO_KEY_RESULTS = "no_key_results"


# Verbs that describe something a team produces (output) rather than a change for customers
# or the business (outcome). Stems, so "launched", "shipping" and "eingeführt" match too.
_OUTPUT_PATTERNS = [
    r"launch\w*",
    r"ship(s|ped|ping)?",
    r"releas\w*",
    r"build\w*",
    r"built",
    r"migrat\w*",
    r"implement\w*",
    r"deliver\w*",
    r"deploy\w*",
    r"roll(s|ed|ing)?[\s-]+out",
    r"rollout",
    r"go(es)?[\s-]+live",
    r"einf(ü|ue)hr\w*",
    r"eingef(ü|ue)hrt",
    r"umsetz\w*",
    r"umgesetzt",
    r"auslief\w*",
    r"ausgeliefert",
    r"bau(e|en|t|st)?",
    r"gebaut",
    r"live[\s-]?gehen",
    r"live[\s-]?gegangen",
    r"geht\s+live",
    r"migrier\w*",
    r"implementier\w*",
    r"veröffentlich\w*",
    r"entwickel\w*",
    r"bereitstell\w*",
    r"launchen",
]
_OUTPUT = re.compile(r"\b(" + "|".join(_OUTPUT_PATTERNS) + r")\b", re.IGNORECASE)
_NUMBER = re.compile(r"\d")


def output_words(text: str) -> list[str]:
    """The output verbs found in ``text``, as written."""
    return [match.group(0) for match in _OUTPUT.finditer(text or "")]


def key_result_hints(*, title: str, baseline: float | None, sibling_count: int = 0) -> list[Hint]:
    """Hints for one key result; ``sibling_count`` is how many other key results its
    objective has (a sixth one earns a hint)."""
    found = []
    if output_words(title):
        found.append(Hint.OUTPUT_PHRASING)
    if title.strip() and not _NUMBER.search(title):
        found.append(Hint.NO_NUMBER)
    if baseline is None:
        found.append(Hint.NO_BASELINE)
    if sibling_count + 1 > MAX_KEY_RESULTS:
        found.append(Hint.TOO_MANY_KEY_RESULTS)
    return found


def objective_hints(*, title: str, key_result_count: int) -> list[Hint]:
    found = []
    if output_words(title):
        found.append(Hint.OUTPUT_PHRASING)
    if key_result_count == 0:
        found.append(Hint.NO_KEY_RESULTS)
    elif key_result_count > MAX_KEY_RESULTS:
        found.append(Hint.TOO_MANY_KEY_RESULTS)
    return found
