"""Markdown documents from workspace data, the same way in every module.

People paste these exports into wikis, tickets and spreadsheets, so user text can neither
break the document's structure (a ``|`` splitting a table cell, a line break ending it, a
leading ``#`` making a heading) nor turn into markup (``[link](…)``, ``<img …>``), nor run
as a formula when a table is pasted into a spreadsheet. Use ``text`` for any user text,
``heading`` and ``table`` for structure, ``number`` for numbers written as they are::

    from leitstern.core import markdown as md

    lines = [md.heading(cycle.name), ""]
    lines.append(md.table([_("key result"), _("score")],
                          [(kr.title, md.number(kr.score, places=1)) for kr in krs],
                          align=["left", "right"]))
    return exports.markdown_response(md.document(lines), filename=f"okrs-{cycle.name}")
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from decimal import Decimal

from leitstern.core.exports import spreadsheet_safe

# Characters CommonMark may read as markup anywhere in a line; a backslash makes each a
# plain character (CommonMark "backslash escapes").
_INLINE = re.compile(r"([\\`*_\[\]<>|])")
# At the start of a line these begin a block (heading, ordered list item).
_BLOCK_START = re.compile(r"^(#|\d+(?=[.)](?:\s|$)))")


class Number(str):
    """A number already written for Markdown: left as it is by ``table``."""


def number(value: int | float | Decimal | None, *, places: int | None = None) -> Number:
    """``value`` as digits: with ``places`` decimals, else as Python writes it exactly
    (``1234.5``, a whole float without ``.0``); ``None`` is empty. Round before when fewer
    digits are wanted."""
    if value is None:
        return Number("")
    if places is not None:
        return Number(f"{value:.{places}f}")
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return Number(str(int(value)))
    return Number(str(value))


def text(value: object) -> str:
    """User text for one line of Markdown: line breaks become spaces, markup characters are
    escaped, a block marker at the start too, and text a spreadsheet would run as a formula
    gets a leading quote."""
    line = " ".join(str("" if value is None else value).split())
    line = _INLINE.sub(r"\\\1", spreadsheet_safe(line))
    return _BLOCK_START.sub(_escape_block, line)


def _escape_block(match: re.Match[str]) -> str:
    marker = match.group(1)
    return "\\#" if marker == "#" else marker + "\\"


def heading(value: object, *, level: int = 1) -> str:
    """A heading line (``# …`` to ``###### …``) with its text escaped."""
    if not 1 <= level <= 6:
        raise ValueError("Markdown headings have levels 1 to 6.")
    return "#" * level + " " + text(value)


def _cell(value: object) -> str:
    if isinstance(value, Number):
        return str(value)
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return number(value)
    return text(value)


_ALIGN = {"left": "---", "right": "---:", "center": ":---:"}


def table(
    header: Sequence[object],
    rows: Iterable[Sequence[object]],
    *,
    align: Sequence[str] | None = None,
) -> str:
    """A pipe table. Every cell is escaped (a ``|`` in a title stays inside its cell);
    numbers and ``number(...)`` values are written as they are. ``align`` says ``left``,
    ``right`` or ``center`` per column."""
    widths = len(header)
    align = list(align or ["left"] * widths)
    if len(align) != widths:
        raise ValueError("One alignment per column.")
    lines = [
        "| " + " | ".join(_cell(h) for h in header) + " |",
        "|" + "|".join(_ALIGN[a] for a in align) + "|",
    ]
    for row in rows:
        if len(row) != widths:
            raise ValueError(f"A row has {len(row)} cells; the table has {widths} columns.")
        lines.append("| " + " | ".join(_cell(value) for value in row) + " |")
    return "\n".join(lines)


def document(lines: Iterable[str]) -> str:
    """The lines as one document ending in exactly one line break."""
    return "\n".join(lines).rstrip() + "\n"
