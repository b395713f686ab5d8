"""The roadmap API: roadmaps and their items (read, add, edit, move with why, remove,
restore, comment), the history that says why, "what changed" between two dates or
snapshots, snapshots, consolidation periods, the decision log, audience views and their
share links. Every write goes through the same services and access lookups as the pages;
contributors read and comment, editors change. Edits of versioned objects take If-Match
(or ``version``) and answer 409 when someone else changed a field sent meanwhile. One
module per topic, each with its own router; ``router`` holds them in the order the docs
list them, and operation ids name the app, not the topic module
(``leitstern.api.api.LeitsternAPI.get_openapi_operation_id``)."""

from __future__ import annotations

from ninja import Router

from leitstern.roadmap.api import audiences, history, items, plans

router = Router(tags=["roadmap"])
for _topic in (items, history, plans, audiences):
    router.add_router("", _topic.router)
