"""Typed requests, so views say what they can rely on; and who sent a request."""

from __future__ import annotations

import ipaddress
from typing import TYPE_CHECKING

from django.conf import settings
from django.http import HttpRequest

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from leitstern.accounts.models import User
    from leitstern.workspaces.models import Membership, Workspace


class AuthenticatedRequest(HttpRequest):
    user: User
    htmx: HtmxDetails


class WorkspaceRequest(AuthenticatedRequest):
    member: Membership
    workspace: Workspace


def _ip(text: str) -> str:
    """``text`` as a plain IP address (a port or IPv6 brackets removed), or ''."""
    text = text.strip().strip('"')
    candidates = [text]
    if text.startswith("[") and "]" in text:  # [2001:db8::1]:443
        candidates.append(text[1 : text.index("]")])
    elif text.count(":") == 1:  # 192.0.2.1:443
        candidates.append(text.split(":", 1)[0])
    for candidate in candidates:
        try:
            return str(ipaddress.ip_address(candidate))
        except ValueError:
            continue
    return ""


def client_address(request: HttpRequest) -> str:
    """The address of the client that sent ``request``.

    Behind ``TRUSTED_PROXY_COUNT`` reverse proxies, each proxy appends the address it got the
    request from to ``X-Forwarded-For``, so the client is that many entries from the right;
    entries further left were written by the client itself and are ignored. With no trusted
    proxies the header is ignored altogether: anyone can send it. A request that passed
    fewer proxies than configured counts from the leftmost entry there is."""
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies <= 0:
        return remote
    forwarded = [
        part for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()
    ]
    if not forwarded:
        return remote
    return _ip(forwarded[-min(proxies, len(forwarded))]) or remote
