"""Logs never carry secrets. Invitation links, share links and password-reset links hold
their secret in the URL path, and request lines (access logs, "Not Found" warnings) would
otherwise write it down for anyone who reads the logs."""

from __future__ import annotations

import logging
import re

from gunicorn.glogging import Logger as GunicornLogger

_SECRET_IN_PATH = re.compile(
    r"(?P<prefix>/(?:invite|s)/|/accounts/password/reset/[^/\s\"']+/)"
    r"(?P<secret>[^/\s?\"']+)"
)


def redact(text: str) -> str:
    """``text`` with every secret path segment replaced by ``[redacted]``."""
    return _SECRET_IN_PATH.sub(r"\g<prefix>[redacted]", text)


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
