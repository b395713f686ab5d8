"""Writes for research: participants and consent (with withdrawal and erasure),
conversations and second-hand feedback, snapshots and attachments, tags, quotes and
insights, settings. Views, the API, the public consent pages, the daily task and the demo
all call these."""

from leitstern.research.services.conversations import (
    attachment_add,
    attachment_delete,
    check_interview_consent,
    conversation_cancel,
    conversation_create,
    conversation_hold,
    conversation_update,
    feedback_submit,
    missing_consent,
    snapshot_update,
)
from leitstern.research.services.evidence import (
    insight_archive,
    insight_create,
    insight_quotes_change,
    insight_update,
    quote_create,
    quote_delete,
    quote_tags_set,
    tag_create,
)
from leitstern.research.services.links import (
    consent_by_link,
    consent_link_create,
    consent_link_resolve,
)
from leitstern.research.services.participants import (
    add_months,
    consent_record,
    consent_withdraw,
    participant_accept,
    participant_create,
    participant_update,
)
from leitstern.research.services.removal import (
    delete_recordings,
    participant_erase,
    participant_remove,
)
from leitstern.research.services.workspace import (
    consent_text_publish,
    reminder_preference_set,
    research_settings_update,
)

__all__ = [
    "add_months",
    "attachment_add",
    "attachment_delete",
    "check_interview_consent",
    "consent_by_link",
    "consent_link_create",
    "consent_link_resolve",
    "consent_record",
    "consent_text_publish",
    "consent_withdraw",
    "conversation_cancel",
    "conversation_create",
    "conversation_hold",
    "conversation_update",
    "delete_recordings",
    "feedback_submit",
    "insight_archive",
    "insight_create",
    "insight_quotes_change",
    "insight_update",
    "missing_consent",
    "participant_accept",
    "participant_create",
    "participant_erase",
    "participant_remove",
    "participant_update",
    "quote_create",
    "quote_delete",
    "quote_tags_set",
    "reminder_preference_set",
    "research_settings_update",
    "snapshot_update",
    "tag_create",
]
