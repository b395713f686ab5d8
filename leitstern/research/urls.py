from django.urls import path

from leitstern.research.views import conversations, evidence, pages, participants

app_name = "research"

urlpatterns = [
    # Home: cadence and coverage; search; settings
    path("", pages.index, name="index"),
    path("search/", pages.search_page, name="search"),
    path("settings/", pages.settings_edit, name="settings"),
    path("processing/", pages.processing, name="processing"),
    path("products/<int:pk>/", pages.product_home, name="product_home"),
    path("retention/", pages.retention, name="retention"),
    path("reminder/", pages.reminder, name="reminder"),
    path("consent-texts/", pages.consent_texts, name="consent_texts"),
    # Participants and consent
    path("participants/", participants.participant_list, name="participants"),
    path("participants/new/", participants.participant_new, name="participant_new"),
    path("participants/<int:pk>/", participants.participant_detail, name="participant"),
    path("participants/<int:pk>/edit/", participants.participant_edit, name="participant_edit"),
    path(
        "participants/<int:pk>/accept/",
        participants.participant_accept,
        name="participant_accept",
    ),
    path("participants/<int:pk>/consent/", participants.consent_record, name="consent_record"),
    path(
        "participants/<int:pk>/consent/withdraw/",
        participants.consent_withdraw,
        name="consent_withdraw",
    ),
    path(
        "participants/<int:pk>/consent/link/",
        participants.consent_link_new,
        name="consent_link_new",
    ),
    path("participants/<int:pk>/erase/", participants.participant_erase, name="participant_erase"),
    path(
        "participants/<int:pk>/export/", participants.participant_export, name="participant_export"
    ),
    # Conversations and second-hand feedback
    path("conversations/", conversations.conversation_list, name="conversations"),
    path("conversations/new/", conversations.conversation_new, name="conversation_new"),
    path("feedback/new/", conversations.feedback_new, name="feedback_new"),
    path("conversations/<int:pk>/", conversations.conversation_detail, name="conversation"),
    path(
        "conversations/<int:pk>/edit/",
        conversations.conversation_edit,
        name="conversation_edit",
    ),
    path("conversations/<int:pk>/snapshot/", conversations.snapshot_edit, name="snapshot_edit"),
    path("conversations/<int:pk>/hold/", conversations.conversation_hold, name="conversation_hold"),
    path(
        "conversations/<int:pk>/cancel/",
        conversations.conversation_cancel,
        name="conversation_cancel",
    ),
    path("conversations/<int:pk>/quotes/", conversations.quote_new, name="quote_new"),
    path(
        "conversations/<int:pk>/attachments/",
        conversations.attachment_new,
        name="attachment_new",
    ),
    path(
        "conversations/<int:pk>/attachments/<int:attachment>/",
        conversations.attachment_download,
        name="attachment",
    ),
    path(
        "conversations/<int:pk>/attachments/<int:attachment>/delete/",
        conversations.attachment_delete,
        name="attachment_delete",
    ),
    # Quotes and insights
    path("quotes/", evidence.quote_list, name="quotes"),
    path("quotes/<int:pk>/delete/", evidence.quote_delete, name="quote_delete"),
    path("insights/", evidence.insight_list, name="insights"),
    path("insights/new/", evidence.insight_new, name="insight_new"),
    path("insights/<int:pk>/", evidence.insight_detail, name="insight"),
    path("insights/<int:pk>/edit/", evidence.insight_edit, name="insight_edit"),
]
