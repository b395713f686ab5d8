"""How other tools' roadmap exports map onto Leitstern's: column names, horizons, statuses,
levels, sizes and time windows. No Django: the import (``importers``) reads with these
tables, and the upload and preview pages show them, so what is mapped is always visible.

Productboard, ProdPad, Aha!, Jira Product Discovery and plain spreadsheets name the same
things differently; every name and value is compared without case and surrounding spaces.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

# --- columns -------------------------------------------------------------------------------

# field -> the header names that mean it, per tool (the first is Leitstern's own).
COLUMNS: dict[str, tuple[str, ...]] = {
    "title": ("title", "name", "feature name", "summary", "idea", "idea title", "card title",
              "initiative", "feature", "titel"),
    "horizon": ("horizon", "roadmap", "lane", "column", "roadmap column", "now/next/later",
                "horizont"),
    "status": ("status", "feature status", "workflow status", "idea status", "stage"),
    "outcome": ("outcome", "problem", "outcome or problem", "problem statement", "goal",
                "ergebnis"),
    "description": ("description", "feature description", "details", "notes", "note",
                    "beschreibung", "notizen"),
    "level": ("level", "level of detail", "type", "ebene"),
    "confidence": ("confidence", "confidence (%)", "confidence %", "zuversicht"),
    "size": ("size", "t-shirt size", "effort", "estimate", "größe", "aufwand"),
    "tags": ("tags", "labels", "label", "themes", "schlagworte"),
    "team": ("team", "squad", "delivery team"),
    "release": ("release", "release name", "timeframe", "project target", "target quarter",
                "quarter", "time window", "zeitraum"),
    "start": ("start", "from", "start date", "timeframe start date", "feature start date",
              "target start", "von"),
    "end": ("end", "until", "end date", "due date", "timeframe end date", "feature due date",
            "target end", "target date", "bis"),
    "visibility": ("visibility", "public", "sichtbarkeit"),
}  # fmt: skip

# What each tool's export calls its columns, for the upload page.
TOOLS: dict[str, dict[str, str]] = {
    "Productboard": {"title": "Name / Feature name", "status": "Status",
                     "description": "Description", "release": "Release",
                     "start": "Timeframe start date", "end": "Timeframe end date",
                     "tags": "Tags"},
    "ProdPad": {"title": "Title", "horizon": "Lane / Column (Now, Next, Later)",
                "status": "Status", "outcome": "Problem / Outcome", "tags": "Tags",
                "confidence": "Confidence"},
    "Aha!": {"title": "Feature name", "status": "Feature status / Workflow status",
             "description": "Feature description", "release": "Release name",
             "start": "Feature start date", "end": "Feature due date", "tags": "Tags"},
    "Jira Product Discovery": {"title": "Summary", "horizon": "Roadmap (Now, Next, Later)",
                               "status": "Status", "description": "Description",
                               "tags": "Labels", "size": "Effort", "team": "Team",
                               "release": "Project target"},
}  # fmt: skip


# --- values --------------------------------------------------------------------------------

HORIZONS: dict[str, str] = {
    "now": "now", "jetzt": "now", "current": "now",
    "next": "next", "als nächstes": "next", "nächstes": "next", "soon": "next",
    "later": "later", "später": "later", "future": "later",
    "parked": "parked", "parking lot": "parked", "geparkt": "parked", "on hold": "parked",
    "not doing": "not_doing", "won't do": "not_doing", "wont do": "not_doing",
    "will not do": "not_doing", "nicht geplant": "not_doing", "machen wir nicht": "not_doing",
}  # fmt: skip


@dataclass(frozen=True)
class StatusMap:
    status: str
    horizon: str  # where an item goes when the file names no horizon


def _s(status: str, horizon: str) -> StatusMap:
    return StatusMap(status, horizon)


STATUSES: dict[str, StatusMap] = {
    # Leitstern's own (English and German)
    "exploring": _s("exploring", "later"), "validating": _s("validating", "next"),
    "building": _s("building", "now"), "released": _s("released", "now"),
    "measuring": _s("measuring", "now"), "done": _s("done", "now"),
    "erkunden": _s("exploring", "later"), "validieren": _s("validating", "next"),
    "in umsetzung": _s("building", "now"), "veröffentlicht": _s("released", "now"),
    "messen": _s("measuring", "now"), "erledigt": _s("done", "now"),
    # Productboard
    "new idea": _s("exploring", "later"), "candidate": _s("exploring", "later"),
    "planned": _s("exploring", "next"), "in progress": _s("building", "now"),
    "won't do": _s("exploring", "not_doing"), "archived": _s("exploring", "not_doing"),
    # ProdPad
    "queued for discovery": _s("exploring", "later"), "in discovery": _s("exploring", "next"),
    "discovery complete": _s("validating", "next"), "validated": _s("validating", "next"),
    "queued for development": _s("validating", "next"),
    "in development": _s("building", "now"), "in release": _s("released", "now"),
    "completed": _s("done", "now"), "complete": _s("done", "now"),
    "not doing": _s("exploring", "not_doing"),
    # Aha!
    "under consideration": _s("exploring", "later"),
    "future consideration": _s("exploring", "later"), "will do": _s("validating", "next"),
    "ready to develop": _s("validating", "next"), "in design": _s("building", "now"),
    "ready to ship": _s("building", "now"), "shipped": _s("released", "now"),
    "will not implement": _s("exploring", "not_doing"),
    "on hold": _s("exploring", "parked"),
    # Jira Product Discovery
    "parking lot": _s("exploring", "parked"), "discovery": _s("exploring", "next"),
    "ready for delivery": _s("validating", "next"), "delivery": _s("building", "now"),
    "impact": _s("measuring", "now"), "won’t do": _s("exploring", "not_doing"),
    # Plain spreadsheets
    "idea": _s("exploring", "later"), "open": _s("exploring", "later"),
    "to do": _s("exploring", "later"), "todo": _s("exploring", "later"),
    "backlog": _s("exploring", "later"),
}  # fmt: skip

# When a file names neither a horizon nor a known status.
DEFAULT_STATUS = StatusMap("exploring", "later")

LEVELS: dict[str, str] = {
    "outcome": "outcome", "theme": "outcome", "goal": "outcome", "ergebnis": "outcome",
    "problem": "problem", "opportunity": "problem",
    "solution": "solution", "feature": "solution", "idea": "solution",
    "initiative": "solution", "epic": "solution", "subfeature": "solution",
    "lösung": "solution", "solution / feature": "solution",
}  # fmt: skip
# Most tools export features: without a level column, items come in as solutions.
DEFAULT_LEVEL = "solution"

SIZES = {
    "xs": "xs", "s": "s", "m": "m", "l": "l", "xl": "xl",
    "small": "s", "medium": "m", "large": "l", "klein": "s", "mittel": "m", "groß": "l",
}  # fmt: skip

PUBLIC = {"public", "öffentlich", "yes", "ja", "true", "1", "x"}


def norm(text: str) -> str:
    return " ".join((text or "").strip().casefold().split())


# --- time windows --------------------------------------------------------------------------

_QUARTER = re.compile(r"^(?:q([1-4])\s*[-/ ]?\s*(\d{4})|(\d{4})\s*[-/ ]?\s*q([1-4]))$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$|^(\d{1,2})[/.](\d{4})$")
_RANGE = re.compile(r"\s+(?:–|-|to|bis)\s+|\s*–\s*")


def _month_end(day: date) -> date:
    following = date(day.year + (day.month == 12), day.month % 12 + 1, 1)
    return date.fromordinal(following.toordinal() - 1)


def _one(text: str) -> tuple[date, date] | None:
    text = norm(text)
    quarter = _QUARTER.match(text)
    if quarter:
        q = int(quarter.group(1) or quarter.group(4))
        year = int(quarter.group(2) or quarter.group(3))
        start = date(year, 3 * q - 2, 1)
        return start, _month_end(date(year, 3 * q, 1))
    month = _MONTH.match(text)
    if month:
        year = int(month.group(1) or month.group(4))
        number = int(month.group(2) or month.group(3))
        if 1 <= number <= 12:
            start = date(year, number, 1)
            return start, _month_end(start)
    return None


def parse_window(text: str) -> tuple[date, date] | None:
    """A time window named as a quarter ("Q3 2026", "2026-Q3"), a month ("2026-07",
    "07/2026") or a range of either ("Q3 2026 – Q4 2026"); None for anything else (a
    release called "Summer launch")."""
    text = (text or "").strip()
    if not text:
        return None
    parts = [p for p in _RANGE.split(text) if p.strip()]
    if len(parts) == 2:
        first, last = _one(parts[0]), _one(parts[1])
        if first and last and last[1] >= first[0]:
            return first[0], last[1]
        return None
    return _one(text)
