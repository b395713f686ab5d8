"""Moving in: a roadmap from the CSV export of Productboard, ProdPad, Aha!, Jira Product
Discovery or a plain spreadsheet, on the kernel's import flow (docs/imports.md).

The columns are read by the kernel (``mapping.COLUMNS`` names what each tool calls them);
a file needs a title and a horizon or status column. Horizons, statuses, levels, sizes and
time windows are mapped with the tables in ``mapping``; the preview shows, for every value
the file holds, what it becomes and in how many rows. A value no table knows becomes
"Later, exploring" and the preview says so. Nothing is written before the user confirms;
then all rows in one transaction (``services.items_import``)."""

from __future__ import annotations

import copy
from collections import Counter
from datetime import date
from typing import Any, NamedTuple

from django.utils.translation import gettext_lazy as _

from leitstern.core.imports import (
    CellError,
    Column,
    Counts,
    Example,
    FileProblem,
    Importer,
    Read,
    Source,
    register,
)
from leitstern.core.imports.reading import read_columns
from leitstern.roadmap import mapping
from leitstern.roadmap.models import Horizon, Roadmap, RoadmapItem


class ItemRow(NamedTuple):
    title: str
    horizon: str = ""
    status: str = ""
    outcome: str = ""
    description: str = ""
    level: str = ""
    confidence: float | None = None
    size: str = ""
    tags: str = ""
    team: str = ""
    release: str = ""
    start: date | None = None
    end: date | None = None
    visibility: str = ""


def _column(name: str, label, *, kind: str = "text", required: bool = False, max_chars=None):
    extra = {"max_chars": max_chars} if max_chars else {}
    return Column(name, label, kind=kind, required=required, names=mapping.COLUMNS[name], **extra)


COLUMNS = (
    _column("title", _("title"), required=True, max_chars=200),
    _column("horizon", _("horizon"), max_chars=60),
    _column("status", _("status"), max_chars=60),
    _column("outcome", _("outcome or problem"), max_chars=5000),
    _column("description", _("notes"), max_chars=20000),
    _column("level", _("level of detail"), max_chars=60),
    _column("confidence", _("confidence"), kind="number"),
    _column("size", _("size"), max_chars=20),
    _column("tags", _("tags"), max_chars=300),
    _column("team", _("team"), max_chars=120),
    _column("release", _("time window"), max_chars=120),
    _column("start", _("from"), kind="date"),
    _column("end", _("until"), kind="date"),
    _column("visibility", _("visibility"), max_chars=20),
)


MESSAGES = {
    "horizon_or_status": _(
        "The file needs a column with the horizon (Now, Next, Later) or the status; its "
        "columns are: %(columns)s."
    ),
    "confidence_range": _("The confidence %(value)s is not a percentage from 0 to 100."),
    "window_order": _("The time window ends (%(end)s) before it starts (%(start)s)."),
}


def validate(row: ItemRow) -> None:
    """Rules across cells: a confidence is a percentage, a window ends after it starts."""
    if row.confidence is not None and not 0 <= row.confidence <= 100:
        raise CellError(
            "confidence_range",
            f"{row.confidence:g} is not a percentage.",
            value=f"{row.confidence:g}",
            column_name=str(_("confidence")),
        )
    start, end = window(row)
    if start and end and end < start:
        raise CellError(
            "window_order",
            "The window ends before it starts.",
            start=start.isoformat(),
            end=end.isoformat(),
            column_name=str(_("until")),
        )


# Reads the columns declared above; ``read_items`` adds the rule no column can state.
_COLUMNS = Importer(
    name="roadmap.items.columns",
    label=_("roadmap items"),
    target=Roadmap,
    workspace_of=lambda roadmap: roadmap.workspace,
    row=ItemRow,
    columns=COLUMNS,
    unique=("title",),
    validate=validate,
    apply=lambda **kwargs: Counts(),
)


def read_items(source: Source) -> Read:
    """The kernel's reading of the columns, once the file is known to name a horizon or a
    status (without either, nothing says where an item belongs)."""
    table = source.table()
    if table.records:
        header = {mapping.norm(cell) for cell in table.header}
        wanted = set(mapping.COLUMNS["horizon"]) | set(mapping.COLUMNS["status"])
        titled = any(mapping.norm(cell) in mapping.COLUMNS["title"] for cell in table.header)
        if titled and not header & wanted:
            raise FileProblem(
                "horizon_or_status",
                "The file names neither a horizon nor a status column.",
                columns=[cell for cell in table.header if cell.strip()],
            )
    columns = copy.copy(source)
    columns.importer = _COLUMNS
    return read_columns(columns)


# --- mapping a row -------------------------------------------------------------------------


def window(row: ItemRow) -> tuple[date | None, date | None]:
    """The row's time window as whole months: from its start and end dates, else from its
    release or timeframe ("Q3 2026"); none when neither says."""
    if row.start or row.end:
        start = row.start or row.end
        end = row.end or row.start
        return start.replace(day=1), mapping._month_end(end)
    found = mapping.parse_window(row.release)
    return found if found else (None, None)


class Mapped(NamedTuple):
    """What a row becomes."""

    horizon: str
    status: str
    level: str
    confidence: int | None
    size: str
    size_items: int | None
    visibility: str
    window_start: date | None
    window_end: date | None


def map_row(row: ItemRow) -> Mapped:
    status = mapping.STATUSES.get(mapping.norm(row.status))
    horizon = mapping.HORIZONS.get(mapping.norm(row.horizon))
    if horizon is None:
        horizon = (status or mapping.DEFAULT_STATUS).horizon
    size_text = mapping.norm(row.size)
    size_items = None
    if size_text.isdigit():
        size_items = int(size_text) or None
    start, end = window(row)
    return Mapped(
        horizon=horizon,
        status=(status or mapping.DEFAULT_STATUS).status,
        level=mapping.LEVELS.get(mapping.norm(row.level), mapping.DEFAULT_LEVEL),
        confidence=None if row.confidence is None else round(row.confidence),
        size=mapping.SIZES.get(size_text, ""),
        size_items=size_items,
        visibility="public" if mapping.norm(row.visibility) in mapping.PUBLIC else "internal",
        window_start=start,
        window_end=end,
    )


def summarize(roadmap: Roadmap, rows: list[tuple[int, ItemRow]]) -> dict[str, Any]:
    """The mapping table of this file (every horizon and status value it holds, what it
    becomes, in how many rows) and what else the preview should say: rows already on the
    roadmap (left out), release names not read as a time, teams not found, how full Now
    would be."""
    values: Counter = Counter()
    unknown: Counter = Counter()
    releases: Counter = Counter()
    teams_named: Counter = Counter()
    horizons: Counter = Counter()
    for _number, row in rows:
        mapped = map_row(row)
        horizons[mapped.horizon] += 1
        for kind, text in (("horizon", row.horizon), ("status", row.status)):
            if text.strip():
                values[(kind, text.strip(), mapped.horizon, mapped.status)] += 1
                table = mapping.HORIZONS if kind == "horizon" else mapping.STATUSES
                if mapping.norm(text) not in table:
                    unknown[text.strip()] += 1
        if (
            row.release.strip()
            and not (row.start or row.end)
            and not mapping.parse_window(row.release)
        ):
            releases[row.release.strip()] += 1
        if row.team.strip():
            teams_named[row.team.strip()] += 1
    known_teams = {t.name.casefold() for t in roadmap.workspace.teams.all()}
    titles = {
        t.casefold()
        for t in RoadmapItem.objects.current()
        .filter(roadmap=roadmap)
        .values_list("title", flat=True)
    }
    existing = sum(1 for _n, row in rows if row.title.casefold() in titles)
    now = RoadmapItem.objects.planned().filter(roadmap=roadmap, horizon=Horizon.NOW).count()
    return {
        "mapping": [
            {"kind": kind, "value": value, "horizon": horizon, "status": status, "rows": n}
            for (kind, value, horizon, status), n in sorted(values.items())
        ],
        "unknown": sorted(unknown),
        "releases": sorted(releases)[:20],
        "teams_unknown": sorted(t for t in teams_named if t.casefold() not in known_teams),
        "existing": existing,
        "horizons": dict(horizons),
        "now_after": now + horizons.get(Horizon.NOW, 0),
        "wip_limit": roadmap.wip_limit,
    }


def apply_items(*, actor, target: Roadmap, rows, job, progress) -> Counts:
    from leitstern.roadmap.services.imports import items_import

    created, unchanged = items_import(
        actor=actor,
        roadmap=target,
        rows=[(number, row, map_row(row)) for number, row in rows],
        source=job.filename,
    )
    progress(created + unchanged)
    return Counts(created=created, unchanged=unchanged)


ROADMAP_ITEMS = register(
    Importer(
        name="roadmap.items",
        label=_("roadmap items"),
        target=Roadmap,
        workspace_of=lambda roadmap: roadmap.workspace,
        row=ItemRow,
        read=read_items,
        apply=apply_items,
        messages=MESSAGES,
        summarize=summarize,
        summary_template="roadmap/_import_summary.html",
        example=Example(
            text=(
                "Title;Horizon;Status;Outcome;Release;Tags\n"
                "Größenberater im Checkout;Now;In progress;Weniger Retouren;Q3 2026;checkout\n"
                "One-click reorder;Next;Planned;Returning buyers order faster;2026-10;\n"
                "Übersicht für Händler;Later;Candidate;Händler sehen ihre Umsätze;;portal\n"
            ),
            rows=3,
            target="leitstern.roadmap.tests.factory.import_roadmap",
        ),
    )
)
