"""The activity log travels with its workspace; its targets are remapped on import."""

from __future__ import annotations

from leitstern.activity.models import ActivityEntry
from leitstern.core import portability

portability.register(ActivityEntry, generic={"target_id": "target_type"})
