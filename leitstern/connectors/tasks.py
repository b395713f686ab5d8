"""The schedule's task that queues the syncs that are due. (The sync itself is a task next
to the service that queues it: ``services.sync_connector``.)"""

from __future__ import annotations

from django.tasks import task

from leitstern.connectors import services


@task()
def sync_due() -> int:
    """Queue a sync for every connector whose schedule says one is due."""
    queued = 0
    for connector in services.connectors_due():
        queued += services.sync_request(actor=None, connector=connector)
    return queued
