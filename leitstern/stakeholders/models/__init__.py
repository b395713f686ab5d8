"""The stakeholders app's models, one module per topic."""

from leitstern.stakeholders.models.care import (
    Channel,
    Conversation,
    Frequency,
    PlanItem,
    add_months,
    next_after,
)
from leitstern.stakeholders.models.history import Analysis, PositionRecord
from leitstern.stakeholders.models.network import Influence, NetworkRevision, Strength
from leitstern.stakeholders.models.register import (
    Attitude,
    Engagement,
    Stakeholder,
    StakeholderQuerySet,
    Stance,
    Theme,
)

__all__ = [
    "Analysis",
    "Attitude",
    "Channel",
    "Conversation",
    "Engagement",
    "Frequency",
    "Influence",
    "NetworkRevision",
    "PlanItem",
    "PositionRecord",
    "Stakeholder",
    "StakeholderQuerySet",
    "Stance",
    "Strength",
    "Theme",
    "add_months",
    "next_after",
]
