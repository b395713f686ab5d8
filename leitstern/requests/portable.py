"""Requests, their accounts and comments, commitments and their date changes, and the
settings travel with their workspace. The stored revenue roll-ups and the accounts each
person looks after do not: they are computed anew at the end of an import."""

from __future__ import annotations

from leitstern.core import portability
from leitstern.requests.models import (
    Commitment,
    DateChange,
    PersonAccount,
    Request,
    RequestAccount,
    RequestComment,
    RequestSettings,
    RevenueRollup,
    RollupState,
)
from leitstern.requests.selectors.accounts import person_accounts_rebuild
from leitstern.requests.selectors.revenue import rollup_refresh_all

portability.register(RequestSettings)
portability.register(Request)
portability.register(RequestAccount)
portability.register(RequestComment)
portability.register(Commitment)
portability.register(DateChange)
portability.skip(RevenueRollup, reason="derived totals, computed anew after an import")
portability.skip(RollupState, reason="what the derived totals were computed from")
portability.skip(PersonAccount, reason="derived from requests and commitments, computed anew")
portability.after_import(rollup_refresh_all)
portability.after_import(person_accounts_rebuild)
