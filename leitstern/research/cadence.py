"""The research home's numbers: conversations per week against the goal, per interviewer,
coverage of segments × personas with "last talked to", the share of second-hand
evidence, and who has not talked to a customer for a while. A fixed number of queries,
whatever the number of conversations."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import Count, Max, Q

from leitstern.customers.models import Persona, Segment
from leitstern.research.models import (
    Consent,
    Conversation,
    ConversationStatus,
    ResearchSettings,
    Source,
)
from leitstern.workspaces.models import Membership, Need, roles_reaching

WEEKS = 26


@dataclass(frozen=True)
class Week:
    start: date
    count: int
    low: int
    high: int

    @property
    def below(self) -> bool:
        return self.count < self.low


@dataclass(frozen=True)
class Interviewer:
    name: str
    user_id: int
    count: int  # held direct conversations in the window
    last: date | None
    days_since: int | None
    stale: bool


@dataclass(frozen=True)
class Cell:
    count: int  # in the last quarter (13 weeks)
    last: date | None
    days_since: int | None
    red: bool


@dataclass
class Coverage:
    segments: list[Segment]
    personas: list[Persona]
    rows: list[tuple[Segment | None, list[Cell]]] = field(default_factory=list)
    without_persona: bool = False


@dataclass(frozen=True)
class Cadence:
    settings: ResearchSettings
    weeks: list[Week]
    interviewers: list[Interviewer]
    coverage: Coverage
    direct: int
    second_hand: int
    expiring: int

    @property
    def total(self) -> int:
        return self.direct + self.second_hand

    @property
    def share_second_hand(self) -> float | None:
        return self.second_hand / self.total if self.total else None

    @property
    def scale(self) -> int:
        """The top of the week bars: the busiest week or twice the goal."""
        return max([w.count for w in self.weeks] + [self.settings.weekly_goal_high * 2, 1])

    @property
    def share_percent(self) -> int | None:
        share = self.share_second_hand
        return round(share * 100) if share is not None else None

    @property
    def weeks_below(self) -> int:
        return sum(1 for week in self.weeks if week.below)

    @property
    def average(self) -> float:
        return sum(w.count for w in self.weeks) / len(self.weeks) if self.weeks else 0.0


def _monday(day: date) -> date:
    return day - timedelta(days=day.weekday())


def _days(today: date, last: date | None) -> int | None:
    return (today - last).days if last is not None else None


def cadence(workspace, *, today: date, product=None) -> Cadence:
    """The research home of ``workspace`` (of one ``product`` when given) on ``today``."""
    settings = ResearchSettings.for_workspace(workspace)
    first = _monday(today) - timedelta(weeks=WEEKS - 1)
    held = Conversation.objects.filter(workspace=workspace, status=ConversationStatus.HELD)
    if product is not None:
        held = held.filter(product=product)
    window = held.filter(date__gte=first, date__lte=today)

    # Counted per day and source (a few hundred rows), summed into weeks here: no date
    # function runs for each of the thousands of conversations.
    by_week: dict[date, int] = {}
    sources: dict[str, int] = {}
    for row in window.values("date", "source").annotate(n=Count("id")).order_by():
        sources[row["source"]] = sources.get(row["source"], 0) + row["n"]
        if row["source"] == Source.DIRECT:
            week = _monday(row["date"])
            by_week[week] = by_week.get(week, 0) + row["n"]
    weeks = [
        Week(start, by_week.get(start, 0), settings.weekly_goal_low, settings.weekly_goal_high)
        for start in (first + timedelta(weeks=i) for i in range(WEEKS))
    ]

    # Every editor and owner counts as an interviewer, talked or not.
    members = list(
        Membership.objects.filter(workspace=workspace, role__in=roles_reaching(Need.EDIT))
        .select_related("user")
        .order_by("user__name", "user__email")
    )
    # The window's conversations per interviewer; the last one before the window only
    # for members without one in it (through their own index, not every conversation).
    talked = {
        row["interviewers"]: row
        for row in window.filter(source=Source.DIRECT, interviewers__isnull=False)
        .values("interviewers")
        .annotate(n=Count("id"), last=Max("date"))
    }
    absent = [member.user_id for member in members if member.user_id not in talked]
    if absent:
        for row in (
            held.filter(source=Source.DIRECT, date__lt=first, interviewers__in=absent)
            .values("interviewers")
            .annotate(last=Max("date"))
        ):
            talked[row["interviewers"]] = {"n": 0, "last": row["last"]}
    stale_after = settings.stale_weeks * 7
    interviewers = []
    for member in members:
        row = talked.get(member.user_id, {})
        last = row.get("last")
        since = _days(today, last)
        interviewers.append(
            Interviewer(
                name=member.user.name or member.user.email,
                user_id=member.user_id,
                count=row.get("n", 0),
                last=last,
                days_since=since,
                stale=since is None or since > stale_after,
            )
        )

    segments = list(Segment.objects.filter(workspace=workspace).active())
    personas = list(Persona.objects.filter(workspace=workspace).active())
    quarter = today - timedelta(weeks=13)
    cells = {
        (row["segment"], row["persona"]): row
        for row in held.filter(source=Source.DIRECT, date__lte=today)
        .values("segment", "persona")
        .annotate(n=Count("id", filter=Q(date__gte=quarter)), last=Max("date"))
    }
    coverage = Coverage(segments=segments, personas=personas)
    red_after = settings.coverage_red_days
    # "No segment" and "no persona" only when some conversation lacks one.
    coverage.without_persona = any(persona is None for _s, persona in cells)
    row_segments: list[Segment | None] = list(segments)
    if any(segment is None for segment, _p in cells):
        row_segments.append(None)
    columns: list[Persona | None] = [*personas, None] if coverage.without_persona else [*personas]
    for segment in row_segments:
        row_cells = []
        for persona in columns:
            found = cells.get((segment.pk if segment else None, persona.pk if persona else None))
            last = found["last"] if found else None
            since = _days(today, last)
            row_cells.append(
                Cell(
                    count=found["n"] if found else 0,
                    last=last,
                    days_since=since,
                    red=since is None or since > red_after,
                )
            )
        coverage.rows.append((segment, row_cells))

    # From the few consents near their expiry to their participants.
    expiring = (
        Consent.objects.expiring(within_days=settings.expiry_notice_days)
        .in_workspace_by_expiry(workspace.pk)
        .order_by()
        .values("participant")
        .distinct()
        .count()
    )
    return Cadence(
        settings=settings,
        weeks=weeks,
        interviewers=interviewers,
        coverage=coverage,
        direct=sources.get(Source.DIRECT, 0),
        second_hand=sources.get(Source.SECOND_HAND, 0),
        expiring=expiring,
    )
