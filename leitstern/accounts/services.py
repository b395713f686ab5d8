"""Writes for accounts: sign-up, sign-in throttling, profile and API tokens."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leitstern.accounts.models import ApiToken, FailedLogin, User, hash_token
from leitstern.activity import kinds
from leitstern.activity.services import activity_record
from leitstern.workspaces.models import Workspace

TOKEN_CREATED = kinds.register("token.created", gettext_lazy("created an API token"))
TOKEN_REVOKED = kinds.register("token.revoked", gettext_lazy("revoked an API token"))


@transaction.atomic
def user_signup(
    *, email: str, name: str, password: str, language: str = "", workspace_name: str = ""
) -> User:
    """Create an account. With ``workspace_name`` the person also gets a workspace of their
    own as its owner (a sign-up through an invitation joins the inviting one instead)."""
    from leitstern.workspaces.services import workspace_create

    email = User.objects.normalize_email(email).strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("An account with this email address already exists.")})
    user = User(email=email, name=name.strip(), language=language)
    try:
        password_validation.validate_password(password, user)
    except ValidationError as error:
        raise ValidationError({"password": error.messages}) from None
    user.set_password(password)
    user.full_clean()
    user.save()
    if workspace_name:
        workspace_create(actor=user, name=workspace_name)
    return user


@transaction.atomic
def user_update_profile(*, actor: User, name: str, language: str) -> User:
    actor.name = name.strip()
    actor.language = language
    actor.full_clean()
    actor.save(update_fields=["name", "language"])
    return actor


def _window_start():
    return timezone.now() - timedelta(seconds=settings.LOGIN_THROTTLE_WINDOW_SECONDS)


def login_is_throttled(*, email: str, address: str) -> bool:
    """True when too many sign-ins failed recently for this account or from this address."""
    recent = FailedLogin.objects.filter(at__gte=_window_start())
    return (
        recent.filter(email=email.strip().lower()).count() >= settings.LOGIN_THROTTLE_PER_ACCOUNT
        or recent.filter(address=address).count() >= settings.LOGIN_THROTTLE_PER_ADDRESS
    )


def login_failed(*, email: str, address: str) -> None:
    FailedLogin.objects.filter(at__lt=_window_start()).delete()
    FailedLogin.objects.create(email=email.strip().lower()[:254], address=address[:64])


def login_succeeded(*, email: str) -> None:
    FailedLogin.objects.filter(email=email.strip().lower()).delete()


@transaction.atomic
def api_token_create(*, actor: User, workspace: Workspace, name: str) -> tuple[ApiToken, str]:
    """Create a token for ``actor`` in ``workspace``; returns it with the secret, shown once."""
    raw = ApiToken.generate()
    token = ApiToken(
        user=actor,
        workspace=workspace,
        name=name.strip(),
        token_hash=hash_token(raw),
        hint=raw[-4:],
    )
    token.full_clean()
    token.save()
    activity_record(workspace=workspace, actor=actor, kind=TOKEN_CREATED, target=token)
    return token, raw


@transaction.atomic
def api_token_revoke(*, actor: User, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        activity_record(workspace=token.workspace, actor=actor, kind=TOKEN_REVOKED, target=token)
    return token
