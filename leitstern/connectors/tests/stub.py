"""A real HTTP server in the test process that plays a tracker: it answers each request
from a list of routes (method, path, optional conditions on the query or the JSON body,
how often), with recorded response shapes from ``fixtures/``, and keeps every request it
was sent so tests can check what the connector asked for and with which credential.

``{base}`` in a header value (GitHub's Link) becomes the server's own address."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

FIXTURES = Path(__file__).parent / "fixtures"


def fixture(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text())


@dataclass
class Seen:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    body: Any


@dataclass
class Route:
    method: str
    path: str
    status: int = 200
    body: Any = None
    headers: dict[str, str] = field(default_factory=dict)
    query: dict[str, str] = field(default_factory=dict)  # must be among the request's
    match: Callable[[Seen], bool] | None = None
    times: int | None = None  # None: every time
    raw: bytes | None = None

    def matches(self, seen: Seen) -> bool:
        if self.method != seen.method or self.path != seen.path:
            return False
        if self.times is not None and self.times <= 0:
            return False
        if any(seen.query.get(k) != v for k, v in self.query.items()):
            return False
        return self.match is None or self.match(seen)


class Stub:
    def __init__(self) -> None:
        self.routes: list[Route] = []
        self.seen: list[Seen] = []
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:  # quiet
                pass

            def _answer(self) -> None:
                parts = urlsplit(self.path)
                length = int(self.headers.get("Content-Length") or 0)
                raw = self.rfile.read(length) if length else b""
                seen = Seen(
                    self.command,
                    parts.path,
                    {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()},
                    {k.lower(): v for k, v in self.headers.items()},
                    json.loads(raw) if raw else None,
                )
                stub.seen.append(seen)
                route = next((r for r in stub.routes if r.matches(seen)), None)
                if route is None:
                    route = Route(self.command, parts.path, 404, {"message": "Not Found"})
                if route.times is not None:
                    route.times -= 1
                data = route.raw if route.raw is not None else json.dumps(route.body).encode()
                self.send_response(route.status)
                for name, value in route.headers.items():
                    self.send_header(name, value.replace("{base}", stub.url))
                if route.raw is None:
                    self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            do_GET = do_POST = _answer

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        # Polled often: ``shutdown`` waits for the next poll, half a second by default, after
        # every test.
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    def add(self, method: str, path: str, body: Any = None, **options: Any) -> Route:
        route = Route(method, path, body=body, **options)
        self.routes.append(route)
        return route

    def requests(self, path: str) -> list[Seen]:
        return [s for s in self.seen if s.path == path]

    def __enter__(self) -> Stub:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


def closed_port() -> str:
    """An address on this machine where nothing listens: "no network"."""
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
    return f"http://127.0.0.1:{port}"
