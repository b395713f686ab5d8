"""What a name or a free text may contain, checked the same way by every form and the API.

A name (of a product, team, metric, objective, workspace, token, person …) is one line that
a reader must be able to see: it may not be made only of invisible characters, and it may
not carry the bidirectional override and isolate controls that make text display in another
order than it is stored (U+202A–U+202E, U+2066–U+2069). No text anywhere may contain NUL,
which PostgreSQL cannot store and which no person types.
"""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_SURROGATES = re.compile("[\ud800-\udfff]")
BIDI_CONTROLS = frozenset(chr(code) for code in (*range(0x202A, 0x202F), *range(0x2066, 0x206A)))

# Letters and symbols that render as blank space although Unicode does not class them as
# spaces or format characters (Hangul fillers, the braille blank, Khmer inherent vowels).
_BLANK_LOOKING = frozenset("\u115f\u1160\u17b4\u17b5\u2800\u3164\uffa0")
# Categories that show nothing on their own: separators, controls, format characters
# (zero-width space and joiners, marks), unassigned code points, combining marks.
_INVISIBLE_CATEGORIES = frozenset({"Zs", "Zl", "Zp", "Cc", "Cf", "Cn", "Co", "Cs", "Mn", "Me"})

MESSAGES = {
    "nul": _("Remove the NUL character (\\0); text may not contain it."),
    "control": _("Remove the control characters (such as line breaks or tabs) from this line."),
    "bidi": _(
        "Remove the text direction control characters (U+202A–U+202E, U+2066–U+2069); "
        "they make text appear in another order than it is stored."
    ),
    "invisible": _("Enter a name with visible characters."),
    "surrogate": _("Remove the unpaired surrogate code points (U+D800–U+DFFF); they are not text."),
}


def is_invisible(char: str) -> bool:
    """True for a character that shows nothing on its own."""
    return char in _BLANK_LOOKING or unicodedata.category(char) in _INVISIBLE_CATEGORIES


def text_problem(value: str) -> str | None:
    """The code of what is wrong with a free text (``nul`` or ``surrogate``), or None."""
    if "\x00" in value:
        return "nul"
    if _SURROGATES.search(value):
        return "surrogate"
    return None


def line_problem(value: str) -> str | None:
    """The code of what is wrong with an already stripped one-line name, or None: those of
    :func:`text_problem`, ``control``, ``bidi`` or ``invisible`` (nothing visible)."""
    problem = text_problem(value)
    if problem:
        return problem
    if any(unicodedata.category(char) == "Cc" for char in value):
        return "control"
    if any(char in BIDI_CONTROLS for char in value):
        return "bidi"
    if all(is_invisible(char) for char in value):
        return "invisible"
    return None


def _strippable(char: str) -> bool:
    # NUL, surrogates and the direction controls are refused, never silently dropped.
    return is_invisible(char) and char not in BIDI_CONTROLS and text_problem(char) is None


def strip_line(value: str) -> str:
    """``value`` without leading and trailing spaces and invisible characters."""
    start, end = 0, len(value)
    while start < end and _strippable(value[start]):
        start += 1
    while end > start and _strippable(value[end - 1]):
        end -= 1
    return value[start:end]


def clean_line(value: str, *, required: bool = True) -> str:
    """A one-line name as it should be stored: stripped of surrounding spaces and invisible
    characters. Raises ValidationError (code ``nul``, ``control``, ``bidi``, ``invisible``)
    when it cannot be stored; an optional line made only of invisible characters comes out
    empty."""
    stripped = strip_line(value)
    if not stripped and not required:
        return ""
    problem = line_problem(stripped or value)
    if problem:
        raise ValidationError(MESSAGES[problem], code=problem)
    return stripped


def clean_text(value: str) -> str:
    """A free text as given; raises ValidationError (code ``nul``, ``surrogate``) when it
    cannot be stored."""
    problem = text_problem(value)
    if problem:
        raise ValidationError(MESSAGES[problem], code=problem)
    return value


def validate_line(value: str) -> None:
    """Django validator form of :func:`clean_line` (for a value already stripped)."""
    if value:
        clean_line(value)
