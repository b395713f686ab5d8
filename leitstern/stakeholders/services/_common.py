"""What the stakeholder services share: activity kinds (seen by editors and owners only),
the map's revision counters, and how a change is named in the activity log without giving
away a private stakeholder."""

from __future__ import annotations

from typing import Any

from django.db import connection, models, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from leitstern.activity import kinds
from leitstern.activity.models import ActivityEntry
from leitstern.activity.services import activity_record
from leitstern.stakeholders.models import NetworkRevision, Stakeholder
from leitstern.workspaces.models import Need, Workspace


def _kind(name: str, label: Promise | str) -> str:
    # Notes about colleagues are sensitive: the log shows these entries only to the roles
    # that see stakeholders.
    return kinds.register(f"stakeholders.{name}", label, need=Need.EDIT)


STAKEHOLDER_CREATED = _kind("stakeholder.created", gettext_lazy("added a stakeholder"))
STAKEHOLDER_UPDATED = _kind("stakeholder.updated", gettext_lazy("changed a stakeholder"))
STAKEHOLDER_ERASED = _kind("stakeholder.erased", gettext_lazy("erased a stakeholder"))
POSITION_RECORDED = _kind("position", gettext_lazy("assessed a stakeholder"))
INFLUENCE_ADDED = _kind("influence.added", gettext_lazy("added who listens to whom"))
INFLUENCE_UPDATED = _kind("influence.updated", gettext_lazy("changed who listens to whom"))
INFLUENCE_REMOVED = _kind("influence.removed", gettext_lazy("removed who listens to whom"))
CONVERSATION_RECORDED = _kind("conversation.recorded", gettext_lazy("logged a conversation"))
CONVERSATION_UPDATED = _kind("conversation.updated", gettext_lazy("changed a conversation"))
CONVERSATION_DELETED = _kind("conversation.deleted", gettext_lazy("deleted a conversation"))
PLAN_CREATED = _kind("plan.created", gettext_lazy("planned a communication"))
PLAN_UPDATED = _kind("plan.updated", gettext_lazy("changed the communication plan"))
PLAN_SENT = _kind("plan.sent", gettext_lazy("sent planned information"))
PLAN_DELETED = _kind("plan.deleted", gettext_lazy("removed a communication plan row"))
THEME_CREATED = _kind("theme.created", gettext_lazy("added a theme"))
THEME_UPDATED = _kind("theme.updated", gettext_lazy("changed a theme"))
THEME_DELETED = _kind("theme.deleted", gettext_lazy("deleted a theme"))

for _name, _label in {
    "analysis": gettext_lazy("analysis"),
    "quadrant": gettext_lazy("quadrant"),
    "salience": gettext_lazy("salience"),
    "private": gettext_lazy("private"),
    "last_sent_on": gettext_lazy("last sent on"),
}.items():
    kinds.register_field(_name, _label)

# The register upload's importer (``importers.STAKEHOLDERS``), named here so erasure can
# find its uploads without importing the importer (which writes through these services).
REGISTER_IMPORTER = "stakeholders.register"

# What a private stakeholder is called in the log: nothing that names them.
HIDDEN = "—"


def shown_name(*people: Stakeholder) -> bool:
    """Whether entries about these people may carry their names (none of them private)."""
    return not any(person.is_private for person in people)


def _record_entry(
    *,
    workspace: Workspace,
    actor: Any,
    kind: str,
    target: models.Model,
    about: tuple[Stakeholder, ...],
    changes: dict | None = None,
    note: str = "",
) -> None:
    """The activity entry of a change to ``target`` concerning the people ``about``: named
    as usual, or — when one of them is private — without names and without values."""
    if shown_name(*about):
        activity_record(
            workspace=workspace, actor=actor, kind=kind, target=target, changes=changes, note=note
        )
        return
    if not connection.in_atomic_block:
        raise RuntimeError("activity must be recorded inside the change's transaction.")
    ActivityEntry.objects.create(
        workspace=workspace,
        actor=actor,
        kind=kind,
        target_type=target._meta.label_lower,
        target_id=target.pk,
        target_label=HIDDEN,
        changes={name: ["", ""] for name in (changes or {})},
    )


def lock_map(workspace: Workspace) -> None:
    """Take the workspace's map lock (its revision row) for the rest of the transaction:
    writes that check the network as a whole (a reporting line without loops, one tie per
    pair) run one after another instead of both passing their check."""
    NetworkRevision.objects.bulk_create(
        [NetworkRevision(workspace=workspace)], ignore_conflicts=True
    )
    NetworkRevision.objects.select_for_update().filter(workspace=workspace).get()


def touch(workspace: Workspace, *, ties: bool = False) -> None:
    """Mark the map changed (``ties``: who is on it or who listens to whom), so cached
    networks and centrality are computed anew; warm the shared cache after commit."""
    NetworkRevision.objects.bulk_create(
        [NetworkRevision(workspace=workspace)], ignore_conflicts=True
    )
    changes: dict[str, Any] = {"people": F("people") + 1, "changed_at": timezone.now()}
    if ties:
        changes["ties"] = F("ties") + 1
    NetworkRevision.objects.filter(workspace=workspace).update(**changes)
    _warm_after_commit(workspace.pk)


def _warm_after_commit(workspace_id: int) -> None:
    def warm() -> None:
        from leitstern.stakeholders.selectors import warm_shared_centrality

        warm_shared_centrality(workspace_id)

    # Several writes in one transaction each leave this; after the first the cache is warm
    # and the others only look it up.
    transaction.on_commit(warm, robust=True)
