"""How API callers prove who they are: a personal token (``Authorization: Bearer lst_…``)
or, for pages calling the API, the browser session with its CSRF token."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.http import HttpRequest
from django.utils import timezone
from ninja.security import SessionAuth
from ninja.security.base import AuthBase

from leitstern.accounts.models import ApiToken, hash_token


class TokenAuth(AuthBase):
    openapi_type = "http"
    openapi_scheme = "bearer"

    def __call__(self, request: HttpRequest) -> Any:
        # The header is never logged: it carries the secret.
        value = request.headers.get("Authorization", "")
        scheme, _, raw = value.partition(" ")
        if scheme.lower() != "bearer" or not raw.strip():
            return None
        token = (
            ApiToken.objects.active()
            .select_related("user", "workspace")
            .filter(token_hash=hash_token(raw.strip()))
            .order_by()  # the hash is unique: nothing to sort, on every API request
            .first()
        )
        if token is None or not token.user.is_active:
            return None
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > timedelta(minutes=1):
            ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        request.api_token = token  # type: ignore[attr-defined]  # for the operation
        request.user = token.user
        return token.user


def token_workspace_slug(request: HttpRequest) -> str | None:
    """The one workspace a token may reach; None for session callers."""
    token = getattr(request, "api_token", None)
    return token.workspace.slug if token else None


api_auth = [TokenAuth(), SessionAuth()]
