"""Teams travel with their workspace, with their products and members."""

from __future__ import annotations

from leitstern.core import portability
from leitstern.teams.models import Team

portability.register(Team)
