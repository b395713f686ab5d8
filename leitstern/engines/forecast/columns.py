"""Reading a table: decoding the bytes, finding the separator, telling the tracker from the
header and choosing which column holds which date (``parse_items`` uses these)."""

from __future__ import annotations

from collections.abc import Sequence

from .dates import column_parts, order_from_parts, parts_need_order
from .errors import ForecastInputError

# Column names per role, normalised (lower case, single spaces), in order of preference.
_COLUMNS: dict[str, dict[str, tuple[str, ...]]] = {
    "jira": {
        "key": ("issue key", "schlüssel", "vorgangsschlüssel", "key"),
        "title": ("summary", "zusammenfassung"),
        "done": (
            "resolved", "erledigt", "resolution date", "lösungsdatum",
            "status category changed", "statuskategorie geändert", "status changed",
        ),
        "started": (
            "start date", "startdatum", "custom field (start date)",
            "benutzerdefiniertes feld (startdatum)", "in progress",
        ),
        "created": ("created", "erstellt"),
    },
    "linear": {
        "key": ("id",),
        "title": ("title",),
        "done": ("completed",),
        "started": ("started",),
        "created": ("created",),
    },
    "azure": {
        "key": ("id",),
        "title": ("title", "titel"),
        "done": ("closed date", "resolved date", "state change date", "geschlossen am"),
        "started": ("activated date", "aktiviert am"),
        "created": ("created date", "erstellt am"),
    },
    "generic": {
        "key": ("item", "key", "id", "issue", "issue key", "number", "#", "schlüssel"),
        "title": ("title", "summary", "name", "titel", "zusammenfassung"),
        "done": (
            "done_date", "done date", "done", "completed", "completed_at", "completed date",
            "closed", "closed_at", "closed date", "resolved", "resolved_at", "finished",
            "merged_at", "end", "end date", "erledigt", "erledigt am", "abgeschlossen",
            "fertig", "date", "datum",
        ),
        "started": (
            "start_date", "start date", "started", "started_at", "start", "in progress",
            "begonnen", "startdatum",
        ),
        "created": ("created", "created_at", "created date", "opened", "erstellt", "erstellt am"),
    },
}  # fmt: skip


def _decode(raw: bytes) -> tuple[str, str]:
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", errors="strict"), "utf-8-sig"
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        # Windows-1252 leaves five bytes undefined; Latin-1 maps every byte.
        try:
            return raw.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            return raw.decode("latin-1"), "latin-1"


def _sniff_delimiter(text: str) -> str:
    stripped = text.lstrip()
    # The first line, without splitting the whole file: it ends at the first line break,
    # and every line break ``splitlines`` knows comes before (or is) the first "\n".
    first = stripped[: stripped.find("\n") + 1 or len(stripped)].splitlines()[0]
    counts = {d: 0 for d in (",", ";", "\t")}
    quoted = False
    for char in first:
        if char == '"':
            quoted = not quoted
        elif not quoted and char in counts:
            counts[char] += 1
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ","


def _norm(name: str) -> str:
    return " ".join(name.strip().strip('"').lower().split())


def _detect_format(header: Sequence[str]) -> str:
    names = {_norm(h) for h in header}
    if names & {"issue key", "schlüssel", "vorgangsschlüssel", "issue id", "vorgangs-id"}:
        return "jira"
    if "work item type" in names or "arbeitselementtyp" in names:
        return "azure"
    if "completed" in names and names & {"canceled", "triaged", "cycle number", "team"}:
        return "linear"
    return "generic"


def _find(header: Sequence[str], candidates: Sequence[str]) -> str | None:
    by_norm: dict[str, str] = {}
    for name in header:
        by_norm.setdefault(_norm(name), name)
    for candidate in candidates:
        if candidate in by_norm:
            return by_norm[candidate]
    return None


def _choose_columns(
    header: Sequence[str], fmt: str, overrides: dict[str, str | None], rows: list[list[str]]
) -> dict[str, str]:
    columns: dict[str, str] = {}
    for role, name in overrides.items():
        if name is None:
            continue
        found = _find(header, [_norm(name)])
        if found is None:
            raise ForecastInputError(
                "unknown_column",
                f"There is no column {name!r}; the columns are: {', '.join(header)}.",
                column=name,
                columns=list(header),
            )
        columns[role] = found
    for role, candidates in _COLUMNS[fmt].items():
        if role in columns:
            continue
        if role == "done" and fmt == "jira":
            # Prefer the resolution date; fall back to a status-change column when the
            # resolution column is missing or never filled.
            for candidate in candidates:
                found = _find(header, [candidate])
                if found and any(_cell(header, r, found) for r in rows):
                    columns[role] = found
                    break
            continue
        found = _find(header, candidates)
        if found is not None and found not in columns.values():
            columns[role] = found
    if "done" not in columns:
        raise ForecastInputError(
            "no_date_column",
            "No column with completion dates was found; name it (for example "
            f"--date-column). The columns are: {', '.join(header)}.",
            columns=list(header),
        )
    return columns


def _cell(header: Sequence[str], record: list[str], name: str) -> str:
    i = list(header).index(name)
    return record[i].strip() if i < len(record) else ""


def _file_order(cols: list[tuple[list[str], str]], order: str | None) -> str | None:
    """The order the date columns (cells, name) settle (``detect_date_order`` over all of
    them), else ``order``; raises ``ambiguous_date_order`` for the first column that needs
    one and has none. Each column is searched once, and only for cells shaped ``a/b/yyyy``."""
    parts = [column_parts(cells) for cells, _ in cols]
    try:
        detected = order_from_parts(p for column in parts for p in column)
    except ValueError:
        detected = None  # contradicting rows are reported one by one
    if detected is not None:
        return detected
    if order is None:
        for (_, name), column in zip(cols, parts, strict=True):
            if parts_need_order(column):
                raise ForecastInputError(
                    "ambiguous_date_order",
                    f"The dates in column {name!r} could be day/month or month/day; "
                    "say which (for example --date-order dmy).",
                    column=name,
                )
    return order


def _stripped_columns(rows: list[list[str]], index: dict[str, int]) -> dict[str, list[str]]:
    """Per role, every row's cell stripped (``""`` where a short row lacks it)."""
    shortest = min(map(len, rows))
    return {
        role: [r[i].strip() for r in rows]
        if i < shortest
        else [r[i].strip() if i < len(r) else "" for r in rows]
        for role, i in index.items()
    }
