"""The research API: participants (contact data for editors and owners only), consents
(record, withdraw), erasure and the Art. 15 export, conversations and second-hand
feedback, quotes, insights with their evidence, and search. The same services and access
lookups as the pages: contributors propose participants and submit second-hand feedback,
editors record conversations, viewers read. One module per topic, each with its own router;
``router`` holds them in the order the OpenAPI description lists them, and operation ids
name the app, not the topic module
(``leitstern.api.api.LeitsternAPI.get_openapi_operation_id``)."""

from __future__ import annotations

from ninja import Router

from leitstern.research.api import conversations, insights, participants, quotes, search

router = Router(tags=["research"])
for _topic in (participants, conversations, quotes, insights, search):
    router.add_router("", _topic.router)
