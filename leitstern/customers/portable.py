"""Segments, personas, organisations and contacts travel with their workspace. Contacts
are personal data: they are part of the workspace export (which only owners download) and
are erased with ``services.person_erase``."""

from __future__ import annotations

from leitstern.core import portability
from leitstern.customers.models import Organisation, Person, Persona, Segment

portability.register(Segment, workspace=Segment.workspace_path)
portability.register(Persona, workspace=Persona.workspace_path)
portability.register(Organisation, workspace=Organisation.workspace_path)
portability.register(Person, workspace=Person.workspace_path)
