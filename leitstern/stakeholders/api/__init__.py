"""The stakeholders API: the register, positions (grid, salience, engagement, attitudes),
who listens to whom with the network's numbers and suggestions, conversations, the
communication plan and themes. The same services and access rules as the pages: editors and
owners only (404 for everyone else), a private stakeholder for their keeper alone, erasure
for owners. One module per topic, each with its own router; ``router`` holds them in the
order the OpenAPI description lists them, and operation ids name the app, not the topic
module (``leitstern.api.api.LeitsternAPI.get_openapi_operation_id``)."""

from __future__ import annotations

from ninja import Router

from leitstern.stakeholders.api import conversations, network, plan, positions, register, themes

router = Router(tags=["stakeholders"])
for _topic in (register, positions, network, conversations, plan, themes):
    router.add_router("", _topic.router)
