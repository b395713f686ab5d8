"""Credentials at rest: encrypted with the installation's connector key (Fernet: AES-128-CBC
with HMAC-SHA256), never stored or shown in plain text.

The keys come from ``settings.CONNECTOR_KEYS`` (``LEITSTERN_CONNECTOR_KEY``, several
separated by commas while rotating: the first encrypts, every one decrypts)."""

from __future__ import annotations

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings


class KeyMissing(Exception):
    """No usable connector key is configured, or the stored credential was encrypted with a
    key the installation no longer has."""


def _fernet() -> MultiFernet:
    keys = [key.strip() for key in getattr(settings, "CONNECTOR_KEYS", []) if key.strip()]
    if not keys:
        raise KeyMissing("LEITSTERN_CONNECTOR_KEY is not set")
    try:
        return MultiFernet([Fernet(key.encode()) for key in keys])
    except ValueError as error:
        raise KeyMissing("LEITSTERN_CONNECTOR_KEY is not a valid Fernet key") from error


def key_problem() -> str:
    """Why credentials cannot be encrypted now, or ``""`` when they can."""
    try:
        _fernet()
    except KeyMissing as error:
        return str(error)
    return ""


def encrypt(secret: str) -> str:
    return _fernet().encrypt(secret.encode()).decode()


def decrypt(stored: str) -> str:
    try:
        return _fernet().decrypt(stored.encode()).decode()
    except InvalidToken as error:
        raise KeyMissing("the credential was encrypted with another connector key") from error


def reencrypt(stored: str) -> str:
    """``stored`` encrypted with the first (newest) key, for a key rotation."""
    try:
        return _fernet().rotate(stored.encode()).decode()
    except InvalidToken as error:
        raise KeyMissing("the credential was encrypted with another connector key") from error
