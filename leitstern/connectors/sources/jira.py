"""Jira Cloud (REST v3, ``/search/jql`` with ``nextPageToken``) and Jira Data Center (REST
v2, ``/search`` with ``startAt``/``maxResults``); which one, the server says
(``serverInfo``'s ``deploymentType``). Cloud takes an email address and an API token
(Basic); Data Center a personal access token (Bearer), or a user name and password (Basic)
when a user name is given."""

from __future__ import annotations

import base64
import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from leitstern.connectors.sources.base import Item, Settings, local_day, need_list, text
from leitstern.connectors.sources.http import Client, SourceError

PAGE = 100
FIELDS = "summary,created,resolutiondate,statuscategorychangedate,status"
_ORDER_BY = re.compile(r"\border\s+by\b.*$", re.IGNORECASE | re.DOTALL)


def jql(scope: str, since: datetime | None) -> str:
    """The connector's JQL without its own ORDER BY, narrowed to items updated since the
    day before ``since`` (Jira reads times in the account's own time zone, so a day of
    overlap; merging by key makes the overlap harmless), ordered by key so pages are
    stable."""
    query = _ORDER_BY.sub("", scope).strip()
    if since is not None:
        day = (since - timedelta(days=1)).date().isoformat()
        query = f'({query}) AND updated >= "{day}"' if query else f'updated >= "{day}"'
    return f"{query} ORDER BY key ASC"


class Jira:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.host = urlsplit(settings.url).hostname or settings.url
        self.site = settings.url.rstrip("/")
        self._cloud: bool | None = None
        if settings.username:
            pair = f"{settings.username}:{settings.secret}".encode()
            auth = "Basic " + base64.b64encode(pair).decode()
        else:
            auth = f"Bearer {settings.secret}"
        self.client = Client({"Authorization": auth})

    @property
    def cloud(self) -> bool:
        if self._cloud is None:
            info = self.client.get(f"{self.site}/rest/api/2/serverInfo").data
            self._cloud = isinstance(info, dict) and info.get("deploymentType") == "Cloud"
        return self._cloud

    @property
    def api(self) -> str:
        return self.site + ("/rest/api/3" if self.cloud else "/rest/api/2")

    def check(self) -> tuple[str, int | None]:
        me = self.client.get(f"{self.api}/myself").data
        who = text(me.get("displayName") or me.get("emailAddress") or me.get("name"), 200)
        query = jql(self.settings.scope, None)
        if self.cloud:
            counted = self.client.post(f"{self.api}/search/approximate-count", {"jql": query})
            count = counted.data.get("count")
        else:
            found = self.client.get(f"{self.api}/search", {"jql": query, "maxResults": 0})
            count = found.data.get("total")
        return who, count if isinstance(count, int) else None

    def pages(self, since: datetime | None) -> Iterator[list[Item]]:
        query = jql(self.settings.scope, since)
        if self.cloud:
            token = ""
            while True:
                params = {"jql": query, "fields": FIELDS, "maxResults": PAGE}
                if token:
                    params["nextPageToken"] = token
                data = self.client.get(f"{self.api}/search/jql", params).data
                yield [self.item(issue) for issue in need_list(data, "issues", self.host)]
                token = data.get("nextPageToken") or ""
                if data.get("isLast", not token) or not token:
                    return
        start = 0
        while True:
            params = {"jql": query, "fields": FIELDS, "startAt": start, "maxResults": PAGE}
            data = self.client.get(f"{self.api}/search", params).data
            issues = need_list(data, "issues", self.host)
            yield [self.item(issue) for issue in issues]
            start += len(issues)
            total = data.get("total")
            if not issues or not isinstance(total, int) or start >= total:
                return

    def item(self, issue: object) -> Item:
        if not isinstance(issue, dict) or not isinstance(issue.get("fields"), dict):
            raise SourceError("bad_answer", f"{self.host} sent an issue without fields")
        fields = issue["fields"]
        key = text(issue.get("key"), 200)
        if not key:
            raise SourceError("bad_answer", f"{self.host} sent an issue without a key")
        status = fields.get("status") or {}
        category = (status.get("statusCategory") or {}).get("key", "")
        if self.settings.jira_done == "status":
            done = local_day(fields.get("statuscategorychangedate")) if category == "done" else None
        else:
            done = local_day(fields.get("resolutiondate"))
        return Item(
            key=key,
            title=text(fields.get("summary")),
            created=local_day(fields.get("created")),
            done=done,
        )
