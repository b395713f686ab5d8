"""Samples of accounts for the access walk (``core/tests/test_access.py``)."""

from __future__ import annotations

from leitstern.accounts.services import api_token_create


def _token_of(world, user) -> dict:
    if user is None:
        return {"pk": 999999}
    workspace = user.memberships.first().workspace
    token, _raw = api_token_create(actor=user, workspace=workspace, name="t")
    return {"pk": token.pk}


# URL arguments by route name: ``(world, requesting user or None) -> kwargs``.
ROUTE_SAMPLES = {
    "accounts:password_reset_confirm": lambda w, u: {"uidb64": "MQ", "token": "set-password"},
    "accounts:token_revoke": _token_of,
}
