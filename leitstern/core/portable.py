"""The kernel's own models are installation records, not workspace data."""

from __future__ import annotations

from leitstern.core import portability
from leitstern.core.models import ImportJob, WorkerHeartbeat

portability.skip(WorkerHeartbeat, reason="a record of this installation's worker processes")
portability.skip(ImportJob, reason="temporary upload state with a copy of the uploaded file")
