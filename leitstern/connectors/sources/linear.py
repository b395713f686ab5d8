"""Linear (GraphQL): a team's issues, optionally with one label, paged by cursor. An issue is
finished when completed; cancelled or deleted (trashed) issues are gone."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urlsplit

from leitstern.connectors.sources.base import Item, Settings, local_day, text
from leitstern.connectors.sources.http import Client, Response, SourceError

API = "https://api.linear.app/graphql"
PAGE = 100
ISSUES = """
query Issues($filter: IssueFilter, $after: String) {
  issues(filter: $filter, first: PAGE, after: $after, orderBy: updatedAt, includeArchived: true) {
    nodes { identifier title createdAt startedAt completedAt canceledAt trashed }
    pageInfo { hasNextPage endCursor }
  }
}
""".replace("PAGE", str(PAGE))
CHECK = """
query Check($key: String!) {
  viewer { name }
  teams(filter: { key: { eq: $key } }) { nodes { name } }
}
"""
# Linear's error codes (``extensions.code``) in words of our own.
CODES = {
    "RATELIMITED": "rate_limited",
    "AUTHENTICATION_ERROR": "expired",
    "FORBIDDEN": "forbidden",
    "INVALID_INPUT": "bad_query",
}


class Linear:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.api = settings.url.strip() or API
        self.host = urlsplit(self.api).hostname or self.api
        # Personal API keys go as they are; OAuth access tokens as Bearer.
        secret = settings.secret
        auth = secret if secret.startswith("lin_api_") else f"Bearer {secret}"
        self.client = Client({"Authorization": auth})

    def _query(self, query: str, variables: dict[str, Any]) -> dict[str, Any]:
        response = self.client.request(
            "POST", self.api, body={"query": query, "variables": variables}, ok=(200, 400)
        )
        data = response.data if isinstance(response.data, dict) else {}
        errors = data.get("errors") or []
        if errors:
            self._raise(errors, response)
        if response.status != 200 or not isinstance(data.get("data"), dict):
            raise SourceError("bad_answer", f"{self.host} answered without data")
        return data["data"]

    def _raise(self, errors: list, response: Response) -> None:
        first = errors[0] if isinstance(errors[0], dict) else {}
        code = str((first.get("extensions") or {}).get("code") or "")
        message = text(first.get("message"), 300)
        problem = CODES.get(code, "bad_query")
        retry_at = None
        reset = response.header("x-ratelimit-requests-reset")
        if problem == "rate_limited" and reset.isdigit():
            retry_at = datetime.fromtimestamp(int(reset) / 1000, UTC)
        raise SourceError(problem, f"{self.host}: {message or code}", retry_at=retry_at)

    def check(self) -> tuple[str, int | None]:
        data = self._query(CHECK, {"key": self.settings.scope.strip()})
        teams = ((data.get("teams") or {}).get("nodes")) or []
        if not teams:
            raise SourceError("not_found", f"{self.host} has no team {self.settings.scope!r}")
        return text((data.get("viewer") or {}).get("name"), 200), None

    def filter(self, since: datetime | None) -> dict[str, Any]:
        found: dict[str, Any] = {"team": {"key": {"eq": self.settings.scope.strip()}}}
        if since is not None:
            found["updatedAt"] = {"gte": since.astimezone(UTC).isoformat()}
        if self.settings.labels.strip():
            found["labels"] = {"some": {"name": {"eq": self.settings.labels.strip()}}}
        return found

    def pages(self, since: datetime | None) -> Iterator[list[Item]]:
        variables: dict[str, Any] = {"filter": self.filter(since), "after": None}
        while True:
            issues = self._query(ISSUES, variables).get("issues")
            if not isinstance(issues, dict) or not isinstance(issues.get("nodes"), list):
                raise SourceError("bad_answer", f"{self.host} answered without issues")
            yield [self.item(node) for node in issues["nodes"]]
            info = issues.get("pageInfo") or {}
            if not info.get("hasNextPage") or not info.get("endCursor"):
                return
            variables["after"] = info["endCursor"]

    def item(self, node: object) -> Item:
        if not isinstance(node, dict) or not text(node.get("identifier")):
            raise SourceError("bad_answer", f"{self.host} sent an issue without an identifier")
        gone = bool(node.get("canceledAt")) or bool(node.get("trashed"))
        done = None if gone else local_day(node.get("completedAt"))
        return Item(
            key=text(node["identifier"], 200),
            title=text(node.get("title")),
            created=local_day(node.get("createdAt")),
            started=local_day(node.get("startedAt")),
            done=done,
            gone=gone,
        )
