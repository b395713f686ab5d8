"""Accounts are not workspace data: people travel in an export as email addresses. A
person's own data export starts here: the account and the metadata of its API tokens."""

from __future__ import annotations

from leitstern.accounts.models import ApiToken, SignInThrottle, User
from leitstern.core import portability

portability.skip(User, reason="people travel as email addresses (the export's users section)")
portability.skip(SignInThrottle, reason="short-lived sign-in throttling counters")
portability.skip(ApiToken, reason="personal credentials, never handed over with a workspace")


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _account(user: User) -> dict:
    return {
        "email": user.email,
        "name": user.name,
        "language": user.language,
        "date_joined": _iso(user.date_joined),
        "last_login": _iso(user.last_login),
        "is_active": user.is_active,
    }


def _api_tokens(user: User) -> list[dict]:
    # Metadata only: the token itself is never stored, its hash never leaves the server.
    return [
        {
            "name": token.name,
            "workspace": token.workspace.slug,
            "ends_with": token.hint,
            "created_at": _iso(token.created_at),
            "last_used_at": _iso(token.last_used_at),
            "revoked_at": _iso(token.revoked_at),
        }
        for token in ApiToken.objects.filter(user=user).select_related("workspace")
    ]


portability.register_personal("account", _account)
portability.register_personal("api_tokens", _api_tokens)
