"""Requests, their accounts and comments, commitments and their date changes, and the
settings travel with their workspace."""

from __future__ import annotations

from leitstern.core import portability
from leitstern.requests.models import (
    Commitment,
    DateChange,
    Request,
    RequestAccount,
    RequestComment,
    RequestSettings,
)

portability.register(RequestSettings)
portability.register(Request)
portability.register(RequestAccount)
portability.register(RequestComment)
portability.register(Commitment)
portability.register(DateChange)
