"""Placeholder accounts: people a workspace import names who have no account here yet.

A placeholder is an inactive account without a password, so memberships, authorship and
activity keep their person. Nobody can sign in with it. Its owner claims it by asking for a
password reset at that email address: the emailed link proves the address, and setting the
password activates the account. An account an administrator deactivated is not a
placeholder and is not reactivated this way: placeholders carry their own unusable-password
marker.
"""

from __future__ import annotations

import secrets

from django.contrib.auth.forms import SetPasswordForm

from leitstern.accounts.forms import QueuedPasswordResetForm
from leitstern.accounts.models import User

MARKER = "!leitstern-placeholder:"


def placeholder_create(*, email: str, name: str, language: str = "") -> User:
    """An inactive account for ``email`` that its owner can claim (see the module doc)."""
    user = User(
        email=User.objects.normalize_email(email).strip().lower(),
        name=name.strip() or email.split("@")[0],
        language=language if language in {"en", "de"} else "",
        is_active=False,
    )
    # A password starting with "!" is unusable for Django; the marker tells it apart from
    # accounts deactivated on purpose.
    user.password = MARKER + secrets.token_urlsafe(24)
    user.full_clean()
    user.save()
    return user


def is_placeholder(user: User) -> bool:
    return not user.is_active and user.password.startswith(MARKER)


class ClaimingPasswordResetForm(QueuedPasswordResetForm):
    """The reset form, also for placeholder accounts (so their owners can claim them)."""

    def get_users(self, email: str):
        yield from super().get_users(email)
        yield from User._base_manager.filter(
            email__iexact=email, is_active=False, password__startswith=MARKER
        )


class ClaimingSetPasswordForm(SetPasswordForm):
    """Setting the password through a reset link activates a placeholder account."""

    def save(self, commit: bool = True) -> User:
        if is_placeholder(self.user):
            self.user.is_active = True
        return super().save(commit=commit)
