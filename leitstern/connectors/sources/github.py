"""GitHub (REST): a repository's issues or pull requests, filtered by labels and a
milestone, paged by the ``Link`` header. An issue is finished when closed as completed; one
closed as not planned or as a duplicate is gone. A pull request is finished when merged;
one closed without merging is gone."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote, urlsplit

from leitstern.connectors.sources.base import Item, Settings, local_day, need_list, text
from leitstern.connectors.sources.http import Client, SourceError, next_link

API = "https://api.github.com"
PAGE = 100
GONE_REASONS = {"not_planned", "duplicate"}


class GitHub:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.api = (settings.url or API).rstrip("/")
        self.host = urlsplit(self.api).hostname or self.api
        self.repo = settings.scope.strip().strip("/")
        headers = {
            "Authorization": f"Bearer {settings.secret}",
            "Accept": "application/vnd.github+json",
            "X-GitHub-Api-Version": "2022-11-28",
        }
        self.client = Client(headers)

    def _repo_url(self) -> str:
        owner, _slash, name = self.repo.partition("/")
        return f"{self.api}/repos/{quote(owner, safe='')}/{quote(name, safe='')}"

    def check(self) -> tuple[str, int | None]:
        data = self.client.get(self._repo_url()).data
        return text(data.get("full_name") or self.repo, 200), None

    def pages(self, since: datetime | None) -> Iterator[list[Item]]:
        params: dict[str, Any] | None = {
            "state": "all",
            "sort": "updated",
            "direction": "asc",
            "per_page": PAGE,
            "labels": self.settings.labels.replace(", ", ","),
            "milestone": self.settings.milestone,
            "since": since.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ") if since else "",
        }
        url = f"{self._repo_url()}/issues"
        while url:
            response = self.client.get(url, params)
            entries = response.data
            if not isinstance(entries, list):
                entries = need_list(entries, "items", self.host)
            page = [item for entry in entries if (item := self.item(entry)) is not None]
            yield page
            url = next_link(response.header("link"))
            params = None  # the next link carries them

    def item(self, entry: object) -> Item | None:
        if not isinstance(entry, dict) or not isinstance(entry.get("number"), int):
            raise SourceError("bad_answer", f"{self.host} sent an issue without a number")
        pull = entry.get("pull_request")
        wanted_pulls = self.settings.github_items == "pulls"
        if bool(pull) != wanted_pulls:
            return None  # the issues list holds both; this one is of the other kind
        key = f"{self.repo}#{entry['number']}"
        closed = entry.get("state") == "closed"
        if wanted_pulls:
            merged = local_day((pull or {}).get("merged_at"))
            done, gone = merged, closed and merged is None
        else:
            gone = closed and entry.get("state_reason") in GONE_REASONS
            done = local_day(entry.get("closed_at")) if closed and not gone else None
        return Item(
            key=key,
            title=text(entry.get("title")),
            created=local_day(entry.get("created_at")),
            done=done,
            gone=gone,
        )
