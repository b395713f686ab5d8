"""Everything research keeps travels with its workspace: participants (personal data,
which only owners download with the workspace export), consents with the exact texts,
conversations with their attachments' files, quotes, tags, insights, settings, reminder
choices and the search index (imported rows are indexed again by the database).

A participant's own data (GDPR Art. 15) is exported by ``research.gdpr.access_export``,
not by the account data export: participants are not Leitstern users."""

from __future__ import annotations

from leitstern.core import portability
from leitstern.research.models import (
    Attachment,
    Consent,
    ConsentLink,
    ConsentText,
    Conversation,
    Insight,
    Participant,
    Quote,
    ReminderPreference,
    ResearchSettings,
    SearchEntry,
    Tag,
)

for model in (
    ResearchSettings,
    ReminderPreference,
    ConsentText,
    Participant,
    Consent,
    Conversation,
    Attachment,
    Tag,
    Quote,
    Insight,
    SearchEntry,
):
    portability.register(model, workspace=model.workspace_path)
portability.register(ConsentLink, secrets={"token_hash": portability.random_secret_hash})
