"""Logs never carry secrets. Invitation links, public links (``core.tokens``) and
password-reset links hold their secret in the URL path, and request lines (access logs, "Not
Found" warnings) would otherwise write it down for anyone who reads the logs.

Two rules: the segment after a known secret prefix, and any token-shaped segment of a path
or query string (32 or more URL-safe characters with upper- and lower-case letters, as
``secrets.token_urlsafe`` makes them), so a module's new public link is redacted without
registering anything. Slugs never match: they have no capitals."""

from __future__ import annotations

import logging
import re

from gunicorn.glogging import Logger as GunicornLogger

_SECRET_IN_PATH = re.compile(
    r"(?P<prefix>/(?:invite|s)/|/accounts/password/reset/[^/\s\"']+/)"
    r"(?P<secret>[^/\s?\"']+)"
)


_TOKEN_SHAPED = re.compile(
    r"(?P<lead>/|[?&][\w.-]+=)"
    r"(?=[A-Za-z0-9_-]*[A-Z])(?=[A-Za-z0-9_-]*[a-z])[A-Za-z0-9_-]{32,}(?![A-Za-z0-9_.-])"
)


def redact(text: str) -> str:
    """``text`` with every secret path segment replaced by ``[redacted]``."""
    text = _SECRET_IN_PATH.sub(r"\g<prefix>[redacted]", text)
    return _TOKEN_SHAPED.sub(r"\g<lead>[redacted]", text)


class RedactSecrets(logging.Filter):
    """A handler filter: renders the message once and redacts it before any output."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg, record.args = cleaned, ()
        return True


class AccessLogger(GunicornLogger):
    """gunicorn's logger with the request path and line redacted in access logs."""

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        for key in ("r", "U", "q", "f"):
            if isinstance(atoms.get(key), str):
                atoms[key] = redact(atoms[key])
        return atoms
