"""Connectors travel with their workspace without their credentials: a workspace imported
elsewhere has to enter its tokens again (the other installation has another key anyway)."""

from __future__ import annotations

from leitstern.connectors.models import Connector, SyncedKey
from leitstern.core import portability

portability.register(Connector, secrets={"secret": str})
portability.register(SyncedKey)
