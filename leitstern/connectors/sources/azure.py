"""Azure DevOps (REST): WIQL finds the ids of a project's work items (changed since the last
sync, ``[System.Id] > last`` page by page), then ``workitemsbatch`` fetches their fields 200
at a time. Finished: the closed date; state ``Removed`` or deleted: gone."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import quote, urlsplit

from leitstern.connectors.sources.base import Item, Settings, local_day, need_list, text
from leitstern.connectors.sources.http import Client, SourceError

VERSION = "7.1"
IDS_PAGE = 1000
BATCH = 200
FIELDS = [
    "System.Id",
    "System.Title",
    "System.State",
    "System.CreatedDate",
    "Microsoft.VSTS.Common.ActivatedDate",
    "Microsoft.VSTS.Common.ClosedDate",
]
GONE_STATES = {"Removed"}


class Azure:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.org = settings.url.rstrip("/")
        self.host = urlsplit(self.org).hostname or self.org
        self.project = settings.scope.strip()
        self.base = f"{self.org}/{quote(self.project, safe='')}/_apis/wit"
        token = base64.b64encode(f":{settings.secret}".encode()).decode()
        self.client = Client({"Authorization": f"Basic {token}"})

    def check(self) -> tuple[str, int | None]:
        url = f"{self.org}/_apis/projects/{quote(self.project, safe='')}"
        data = self.client.get(url, {"api-version": VERSION}).data
        return text(data.get("name") or self.project, 200), None

    def wiql(self, since: datetime | None, after: int) -> str:
        conditions = ["[System.TeamProject] = @project", f"[System.Id] > {int(after)}"]
        if since is not None:
            # Day precision (WIQL's default); a day of overlap, harmless with merging by key.
            day = (since - timedelta(days=1)).date().isoformat()
            conditions.append(f"[System.ChangedDate] >= '{day}'")
        if self.settings.labels.strip():
            conditions.append(f"({self.settings.labels.strip()})")
        where = " AND ".join(conditions)
        # WIQL goes to the tracker's own query language, with the connector's own filter.
        return f"SELECT [System.Id] FROM WorkItems WHERE {where} ORDER BY [System.Id] ASC"  # noqa: S608

    def pages(self, since: datetime | None) -> Iterator[list[Item]]:
        after = 0
        while True:
            found = self.client.post(
                f"{self.base}/wiql",
                {"query": self.wiql(since, after)},
                {"api-version": VERSION, "$top": IDS_PAGE},
            ).data
            ids = [entry.get("id") for entry in need_list(found, "workItems", self.host)]
            if not all(isinstance(i, int) for i in ids):
                raise SourceError("bad_answer", f"{self.host} sent a work item without an id")
            for first in range(0, len(ids), BATCH):
                yield self.fetch(ids[first : first + BATCH])
            if len(ids) < IDS_PAGE:
                return
            after = max(ids)

    def fetch(self, ids: list[int]) -> list[Item]:
        body = {"ids": ids, "fields": FIELDS, "errorPolicy": "Omit"}
        data = self.client.post(f"{self.base}/workitemsbatch", body, {"api-version": VERSION}).data
        values = need_list(data, "value", self.host)
        items = [self.item(value) for value in values if value is not None]
        # With errorPolicy Omit a deleted work item comes back as null: gone.
        seen = {item.key for item in items}
        items += [Item(key=f"AB#{i}", gone=True) for i in ids if f"AB#{i}" not in seen]
        return items

    def item(self, value: Any) -> Item:
        if not isinstance(value, dict) or not isinstance(value.get("fields"), dict):
            raise SourceError("bad_answer", f"{self.host} sent a work item without fields")
        fields = value["fields"]
        number = value.get("id") or fields.get("System.Id")
        key = f"AB#{number}" if number else ""
        if not key:
            raise SourceError("bad_answer", f"{self.host} sent a work item without an id")
        gone = fields.get("System.State") in GONE_STATES
        return Item(
            key=key,
            title=text(fields.get("System.Title")),
            created=local_day(fields.get("System.CreatedDate")),
            started=local_day(fields.get("Microsoft.VSTS.Common.ActivatedDate")),
            done=None if gone else local_day(fields.get("Microsoft.VSTS.Common.ClosedDate")),
            gone=gone,
        )
