"""Erasing a stakeholder completely: the person, everything recorded about them, and every
trace of their name in the activity log and in stakeholder uploads."""

from __future__ import annotations

import json
import re

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils.translation import gettext as _

from leitstern.accounts.models import User
from leitstern.activity.models import ActivityEntry
from leitstern.core.imports.models import ImportJob
from leitstern.stakeholders.models import Influence, Stakeholder
from leitstern.stakeholders.services._common import (
    HIDDEN,
    REGISTER_IMPORTER,
    STAKEHOLDER_ERASED,
    lock_map,
    touch,
)
from leitstern.stakeholders.services.scrub import about, targeting
from leitstern.workspaces.models import Membership


@transaction.atomic
def stakeholder_erase(*, actor: User, stakeholder: Stakeholder) -> None:
    """Remove the stakeholder with their positions and their trail, attitudes, ties in
    both directions, conversations and plan rows (they leave any group they were in; a
    reporting line to them ends). Activity entries about them go, those that only mention
    them lose the name, and finished stakeholder uploads that name them are deleted. The
    erasure itself is logged without a name. Owners erase any stakeholder they see; the
    keeper of a private one may erase their own."""
    workspace = stakeholder.workspace
    member = Membership.objects.filter(workspace=workspace, user=actor).first()
    if member is None or not stakeholder.erasable_by(member):
        raise ValidationError(_("Only owners can erase a stakeholder that is not private to you."))
    lock_map(workspace)
    words = [w for w in (stakeholder.name, stakeholder.email) if w]
    about(stakeholder).filter(targeting(stakeholder)).delete()
    for entry in about(stakeholder):
        entry.target_label = HIDDEN if _mentions(entry.target_label, words) else entry.target_label
        entry.changes = {
            name: (["", ""] if _mentions(json.dumps(pair, ensure_ascii=False), words) else pair)
            for name, pair in (entry.changes or {}).items()
            if not _mentions(name, words)
        }
        if _mentions(entry.note, words):
            entry.note = ""
        entry.save(update_fields=["target_label", "changes", "note"])
    _forget_uploads(stakeholder)
    Influence.objects.filter(Q(influencer=stakeholder) | Q(listener=stakeholder)).delete()
    stakeholder.delete()
    # The record of the erasure names nobody.
    ActivityEntry.objects.create(
        workspace=workspace,
        actor=actor,
        kind=STAKEHOLDER_ERASED,
        target_type=Stakeholder._meta.label_lower,
        target_label=HIDDEN,
    )
    touch(workspace, ties=True)


def _mentions(text: str, words: list[str]) -> bool:
    folded = (text or "").casefold()
    return any(re.search(rf"(?<!\w){re.escape(w.casefold())}(?!\w)", folded) for w in words)


def _forget_uploads(stakeholder: Stakeholder) -> None:
    """Stakeholder uploads keep the file until they are done and a sample of the rows
    after; any of them may name the person, so the workspace's finished and previewed
    stakeholder uploads go (what they imported is in the register — or just erased)."""
    ImportJob.objects.filter(workspace=stakeholder.workspace, importer=REGISTER_IMPORTER).exclude(
        status__in=ImportJob.RUNNING
    ).delete()
