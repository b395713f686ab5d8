"""Writes for accounts: sign-up, sign-in throttling, profile and API tokens."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass
from datetime import timedelta

from django.conf import settings
from django.contrib.auth import password_validation
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from leitstern.accounts.models import ApiToken, SignInThrottle, User, hash_token
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


@dataclass(frozen=True)
class SignInRefusal:
    """Why a sign-in attempt is refused before its password is checked."""

    scope: str  # SignInThrottle.Scope: the account's or the address's limit was reached
    retry_after: timedelta


def _account_key(email: str) -> str:
    return email.strip().lower()[:254]


def address_key(address: str) -> str:
    """What failures from ``address`` are counted under. An IPv6 client usually holds a whole
    /64 network and could switch addresses within it at will, so IPv6 counts per /64."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address[:254]
    if isinstance(ip, ipaddress.IPv6Address):
        if ip.ipv4_mapped is not None:
            return str(ip.ipv4_mapped)
        return str(ipaddress.ip_network(f"{ip}/64", strict=False))
    return str(ip)


def sign_in_begin(*, email: str, address: str) -> SignInRefusal | None:
    """Count a sign-in attempt against its account and its client address *before* the
    password is checked; returns why it is refused, or None when the password may be checked.

    The attempt counts as a failure until ``sign_in_succeeded`` takes it back. Each counter is
    one row, read and changed under a row lock (always the account's first, then the
    address's), so parallel attempts take their places one after the other: with a limit of
    5, at most 5 passwords are checked within the window, however many arrive at once. On
    SQLite every write transaction holds the database's write lock from its start, which
    serialises them the same way."""
    refusal = _sign_in_reserve(email=email, address=address)
    _sign_in_forget_expired()
    return refusal


@transaction.atomic
def _sign_in_reserve(*, email: str, address: str) -> SignInRefusal | None:
    now = timezone.now()
    window = timedelta(seconds=settings.LOGIN_THROTTLE_WINDOW_SECONDS)
    counters = []
    for scope, key, limit in (
        (SignInThrottle.Scope.ACCOUNT, _account_key(email), settings.LOGIN_THROTTLE_PER_ACCOUNT),
        (SignInThrottle.Scope.ADDRESS, address_key(address), settings.LOGIN_THROTTLE_PER_ADDRESS),
    ):
        counter, _created = SignInThrottle.objects.select_for_update().get_or_create(
            scope=scope, key=key, defaults={"window_started_at": now}
        )
        if counter.window_started_at <= now - window:
            counter.failures, counter.window_started_at = 0, now
        if counter.failures >= limit:
            return SignInRefusal(scope=scope, retry_after=counter.window_started_at + window - now)
        counters.append(counter)
    for counter in counters:
        counter.failures += 1
        counter.save(update_fields=["failures", "window_started_at"])
    return None


@transaction.atomic
def _sign_in_forget_expired() -> None:
    """Delete counters whose window has passed. Rows another attempt holds are skipped, not
    waited for: waiting here while holding other rows could deadlock with that attempt."""
    cutoff = timezone.now() - timedelta(seconds=settings.LOGIN_THROTTLE_WINDOW_SECONDS)
    expired = list(
        SignInThrottle.objects.select_for_update(skip_locked=True)
        .filter(window_started_at__lt=cutoff)
        .values_list("pk", flat=True)[:500]
    )
    if expired:
        SignInThrottle.objects.filter(pk__in=expired).delete()


@transaction.atomic
def sign_in_succeeded(*, email: str, address: str) -> None:
    """The password was right: the account's failures are forgotten, and the place this
    attempt took at its address is given back."""
    sign_in_unlock(email=email)
    SignInThrottle.objects.filter(
        scope=SignInThrottle.Scope.ADDRESS, key=address_key(address), failures__gt=0
    ).update(failures=F("failures") - 1)


@transaction.atomic
def sign_in_unlock(*, email: str) -> None:
    """Forget the failed sign-ins of one account, e.g. after its password was reset. The
    limit per address stays: resetting one's own password must not unlock a network that
    is guessing at other accounts."""
    SignInThrottle.objects.filter(
        scope=SignInThrottle.Scope.ACCOUNT, key=_account_key(email)
    ).delete()


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
