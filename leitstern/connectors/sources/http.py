"""HTTP for the connectors, with the standard library: JSON in and out, timeouts, Retry-After
honoured up to a cap, no redirects followed (a redirect could carry the credential to
another host), and failures as ``SourceError`` with a plain reason. Nothing here logs a
header or a body: the credential travels in a header."""

from __future__ import annotations

import json
import re
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from email.utils import parsedate_to_datetime
from http.client import HTTPMessage
from typing import IO, Any
from urllib.parse import urlencode, urlsplit

from django.conf import settings

TIMEOUT_SECONDS = 30
RETRIES = 3  # attempts after a 429/503 with a wait the cap allows
MAX_BODY_BYTES = 50 * 1024 * 1024
USER_AGENT = "Leitstern connector"


class SourceError(Exception):
    """A sync or test that cannot go on. ``code`` is one of ``models.Problem``; ``detail``
    is plain English from the tracker's answer (never a credential); ``retry_at`` is when a
    rate limit ends, if the tracker said."""

    def __init__(self, code: str, detail: str = "", *, retry_at: datetime | None = None):
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code = code
        self.detail = detail[:480]
        self.retry_at = retry_at


@dataclass(frozen=True)
class Response:
    status: int
    headers: Mapping[str, str]
    data: Any

    def header(self, name: str) -> str:
        return self.headers.get(name.lower(), "")


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        return None  # the 3xx answer comes back as an HTTPError and is reported


_OPENER = urllib.request.build_opener(_NoRedirects)


def host_allowed(host: str) -> bool:
    """Whether the installation lets connectors reach ``host`` (``CONNECTOR_HOSTS``)."""
    allowed = [h.strip().lower() for h in getattr(settings, "CONNECTOR_HOSTS", []) if h.strip()]
    host = host.lower()
    return not allowed or any(
        host == h or (h.startswith(".") and (host.endswith(h) or host == h[1:])) for h in allowed
    )


def next_link(link_header: str) -> str:
    """The ``rel="next"`` address of an RFC 8288 Link header (GitHub's pagination), or ''."""
    for part in link_header.split(","):
        match = re.match(r"\s*<([^>]+)>\s*;(.*)", part)
        if match and re.search(r'rel="?next"?', match.group(2)):
            return match.group(1)
    return ""


def retry_after(headers: Mapping[str, str], now: datetime) -> datetime | None:
    """When the tracker asks us to come back: ``Retry-After`` in seconds or as an HTTP
    date, else GitHub's ``x-ratelimit-reset`` (epoch seconds) once the remaining is 0."""
    value = headers.get("retry-after", "").strip()
    if value:
        if value.isdigit():
            return now + timedelta(seconds=int(value))
        try:
            return parsedate_to_datetime(value).astimezone(UTC)
        except (TypeError, ValueError):
            return None
    if (
        headers.get("x-ratelimit-remaining") == "0"
        and headers.get("x-ratelimit-reset", "").isdigit()
    ):
        return datetime.fromtimestamp(int(headers["x-ratelimit-reset"]), UTC)
    return None


class Client:
    """JSON over HTTP(S) to one tracker with fixed headers (its credential)."""

    def __init__(
        self,
        headers: Mapping[str, str],
        *,
        timeout: float = TIMEOUT_SECONDS,
        max_wait: float | None = None,
        sleep: Callable[[float], object] = time.sleep,
    ) -> None:
        self.headers = {"User-Agent": USER_AGENT, "Accept": "application/json", **headers}
        self.timeout = timeout
        self.max_wait = settings.CONNECTOR_MAX_WAIT_SECONDS if max_wait is None else max_wait
        self.sleep = sleep
        self.requests = 0

    def get(self, url: str, params: Mapping[str, Any] | None = None) -> Response:
        return self.request("GET", url, params=params)

    def post(self, url: str, body: Any, params: Mapping[str, Any] | None = None) -> Response:
        return self.request("POST", url, params=params, body=body)

    def request(
        self,
        method: str,
        url: str,
        *,
        params: Mapping[str, Any] | None = None,
        body: Any = None,
        ok: tuple[int, ...] = (200,),
    ) -> Response:
        if params:
            url += ("&" if "?" in url else "?") + urlencode(
                {k: v for k, v in params.items() if v not in (None, "")}
            )
        parts = urlsplit(url)
        if parts.scheme not in ("http", "https") or not parts.hostname:
            raise SourceError("unreachable", f"{url[:200]} is not an http(s) address")
        host = parts.hostname
        if not host_allowed(host):
            raise SourceError(
                "unreachable", f"{host} is not among the hosts allowed (LEITSTERN_CONNECTOR_HOSTS)"
            )
        for attempt in range(RETRIES + 1):
            response = self._once(method, url, body, host)
            if response.status not in (429, 503) and not (
                response.status == 403 and response.header("x-ratelimit-remaining") == "0"
            ):
                break
            now = datetime.now(UTC)
            until = retry_after(response.headers, now)
            wait = (until - now).total_seconds() if until else 2.0**attempt
            if attempt == RETRIES or wait > self.max_wait:
                raise SourceError(
                    "rate_limited",
                    f"{host} asks to wait {max(0, round(wait))} s before the next request",
                    retry_at=until or now + timedelta(seconds=wait),
                )
            self.sleep(max(0.0, wait))
        return self._checked(response, host, ok)

    def _once(self, method: str, url: str, body: Any, host: str) -> Response:
        data = None
        headers = dict(self.headers)
        if body is not None:
            data = json.dumps(body).encode()
            headers["Content-Type"] = "application/json"
        request = urllib.request.Request(url, data=data, method=method, headers=headers)  # noqa: S310 - http(s) checked above
        self.requests += 1
        try:
            with _OPENER.open(request, timeout=self.timeout) as answer:
                raw = answer.read(MAX_BODY_BYTES + 1)
                status, answer_headers = answer.status, answer.headers
        except urllib.error.HTTPError as error:
            raw = error.read(MAX_BODY_BYTES + 1) if error.fp else b""
            status, answer_headers = error.code, error.headers
        except (urllib.error.URLError, TimeoutError, OSError) as error:
            reason = getattr(error, "reason", error)
            raise SourceError("unreachable", f"{host} cannot be reached ({reason})") from None
        if len(raw) > MAX_BODY_BYTES:
            raise SourceError("bad_answer", f"{host} answered with more than 50 MB")
        lowered = {k.lower(): v for k, v in (answer_headers or {}).items()}
        return Response(status, lowered, _json(raw, lowered))

    def _checked(self, response: Response, host: str, ok: tuple[int, ...]) -> Response:
        status = response.status
        if status in ok and response.data is not None:
            return response
        said = _message(response.data)
        if status == 203:  # Azure DevOps answers an invalid token with its sign-in page
            raise SourceError("expired", f"{host} answered with a sign-in page (203)")
        if status == 401:
            raise SourceError("expired", f"{host} refused the credentials (401){said}")
        if status == 403:
            raise SourceError("forbidden", f"{host} refused access (403){said}")
        if status in (404, 410):
            raise SourceError("not_found", f"{host} does not know this address ({status}){said}")
        if status == 400:
            raise SourceError("bad_query", f"{host} refused the request (400){said}")
        if 300 <= status < 400:
            where = response.header("location")[:200]
            raise SourceError("not_found", f"{host} redirects to {where}: use that address")
        if status in ok:
            raise SourceError("bad_answer", f"{host} did not answer with JSON ({status})")
        raise SourceError("bad_answer", f"{host} answered {status}{said}")


def _json(raw: bytes, headers: Mapping[str, str]) -> Any:
    if not raw.strip():
        return {}
    try:
        return json.loads(raw)
    except (ValueError, UnicodeDecodeError):
        return None


def _message(data: Any) -> str:
    """The tracker's own words about a failure, when it gave any (Jira's errorMessages,
    GitHub's message, GraphQL's errors)."""
    texts: list[str] = []
    if isinstance(data, dict):
        for key in ("errorMessages", "errors"):
            for entry in data.get(key) or []:
                if isinstance(entry, str):
                    texts.append(entry)
                elif isinstance(entry, dict) and isinstance(entry.get("message"), str):
                    texts.append(entry["message"])
        if isinstance(data.get("errors"), dict):
            texts += [str(v) for v in data["errors"].values()]
        if isinstance(data.get("message"), str):
            texts.append(data["message"])
    text = "; ".join(t.strip() for t in texts if t.strip())
    return f": {text[:300]}" if text else ""
