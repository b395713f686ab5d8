"""What a problem means and what to do, in the reader's language."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from leitstern.connectors.models import Problem

PROBLEMS = {
    Problem.NO_CREDENTIALS: _(
        "No credentials: they were revoked or never entered. Enter a new token to sync again."
    ),
    Problem.NO_KEY: _(
        "The stored credentials cannot be read: the installation's connector key is missing "
        "or was changed. Ask the administrator, or enter the token again."
    ),
    Problem.EXPIRED: _(
        "The tracker refused the credentials: the token has expired or was revoked there. "
        "Enter a new one."
    ),
    Problem.FORBIDDEN: _("The tracker refused access: the account may not read these items."),
    Problem.NOT_FOUND: _(
        "Not found: check the address and which items to read (project, repository or team)."
    ),
    Problem.RATE_LIMITED: _(
        "Rate limited: the tracker asked to wait longer than Leitstern waits. The next sync "
        "tries again."
    ),
    Problem.UNREACHABLE: _(
        "The tracker could not be reached: check the address, or the network or server is down."
    ),
    Problem.BAD_QUERY: _("The tracker refused the query: check which items to read."),
    Problem.BAD_ANSWER: _("The tracker's answer could not be read."),
    Problem.NOTHING_FOUND: _(
        "The query found no items, though it found some before, so nothing was removed. "
        "Check the query and the account's permissions."
    ),
}


def problem_text(code: str) -> str:
    return str(PROBLEMS.get(code, "")) if code else ""
