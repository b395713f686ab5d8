"""What every tracker adapter answers: pages of items, each finished, open or gone."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import Protocol
from zoneinfo import ZoneInfo

from django.conf import settings

from leitstern.connectors.sources.http import SourceError


@dataclass(frozen=True)
class Item:
    """One item as the tracker has it. ``gone``: deleted, cancelled, closed as not planned or
    removed: not work the team finished, and no longer open — removed from the team's items
    if this connector brought it in."""

    key: str
    title: str = ""
    created: date | None = None
    started: date | None = None
    done: date | None = None
    gone: bool = False


@dataclass(frozen=True)
class Settings:
    """A connector's settings as an adapter needs them (decrypted credential included)."""

    url: str
    scope: str
    secret: str
    username: str = ""
    labels: str = ""
    milestone: str = ""
    github_items: str = "issues"
    jira_done: str = "resolution"


class Source(Protocol):
    def check(self) -> str:
        """Reach the tracker with the credentials and the scope; a sentence saying what was
        found, or ``SourceError``."""
        ...

    def pages(self, since: datetime | None) -> Iterator[list[Item]]:
        """Every item in scope changed since ``since`` (all when ``None``), page by page."""
        ...


def local_day(value: object) -> date | None:
    """A tracker's timestamp as the day it was in the installation's time zone (a
    completion at 23:30 in Berlin is that day's, whatever UTC says); ``None`` for empty."""
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise SourceError("bad_answer", f"a date is not text: {value!r:.40}")
    text = value.strip()
    if len(text) == 10:
        try:
            return date.fromisoformat(text)
        except ValueError:
            raise SourceError("bad_answer", f"{text!r:.40} is not a date") from None
    # Jira writes +0100, Python reads that too since 3.11; Z for UTC.
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise SourceError("bad_answer", f"{text!r:.40} is not a date") from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(ZoneInfo(settings.TIME_ZONE)).date()


def text(value: object, limit: int = 500) -> str:
    return str(value or "").strip()[:limit]


def need_list(data: object, key: str, host: str) -> list:
    if not isinstance(data, dict) or not isinstance(data.get(key), list):
        raise SourceError("bad_answer", f"{host} answered without a list of {key}")
    return data[key]
