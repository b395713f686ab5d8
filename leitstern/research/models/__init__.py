"""Research: participants and their consent, learning conversations, quotes, insights."""

from leitstern.research.models.conversations import (
    Attachment,
    AttachmentKind,
    Conversation,
    ConversationStatus,
    Relay,
    Source,
    attachment_path,
)
from leitstern.research.models.evidence import (
    MAX_QUOTE_CHARS,
    Insight,
    Quote,
    QuoteSource,
    Tag,
)
from leitstern.research.models.participants import (
    REMOVED,
    Channel,
    Consent,
    ConsentLink,
    ConsentText,
    Language,
    Participant,
    ParticipantStatus,
    Purpose,
)
from leitstern.research.models.workspace import (
    ReminderPreference,
    ResearchSettings,
    SearchEntry,
    SearchKind,
)

__all__ = [
    "MAX_QUOTE_CHARS",
    "REMOVED",
    "Attachment",
    "AttachmentKind",
    "Channel",
    "Consent",
    "ConsentLink",
    "ConsentText",
    "Conversation",
    "ConversationStatus",
    "Insight",
    "Language",
    "Participant",
    "ParticipantStatus",
    "Purpose",
    "Quote",
    "QuoteSource",
    "Relay",
    "ReminderPreference",
    "ResearchSettings",
    "SearchEntry",
    "SearchKind",
    "Source",
    "Tag",
    "attachment_path",
]
