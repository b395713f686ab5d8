"""What the customers module tells the modules above it, which it may not import: Django
signals, sent by its services in the change's own transaction, so whatever a receiver
stores is committed with the change or not at all.

``organisations_changed`` (``sender``: ``Organisation``): organisations ``ids`` of
``workspace`` changed ``fields`` — a set of field names, or None when their rows moved
(a merge: the duplicate's requests and commitments now name the kept one). The requests
module keeps its revenue roll-ups and the accounts each person looks after current this
way (``requests/apps.py``)."""

from __future__ import annotations

from django.dispatch import Signal

organisations_changed = Signal()
