"""Writes for relationship care: the conversation log and the communication plan."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from typing import TypedDict, Unpack

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from leitstern.accounts.models import User
from leitstern.core.versioning import update_versioned
from leitstern.stakeholders.models import Conversation, PlanItem, Stakeholder
from leitstern.stakeholders.services._common import (
    CONVERSATION_DELETED,
    CONVERSATION_RECORDED,
    CONVERSATION_UPDATED,
    PLAN_CREATED,
    PLAN_DELETED,
    PLAN_SENT,
    PLAN_UPDATED,
    _record_entry,
    touch,
)
from leitstern.workspaces.models import Workspace

# --- conversations ------------------------------------------------------------------------


def _not_future(day: date | None, field: str = "day") -> None:
    if day is not None and day > timezone.localdate():
        raise ValidationError(
            {field: _("Log a conversation once it happened; this date is in the future.")}
        )


@transaction.atomic
def conversation_record(
    *,
    actor: User,
    stakeholder: Stakeholder,
    topic: str,
    day: date | None = None,
    outcome: str = "",
    next_step: str = "",
    next_step_due: date | None = None,
) -> Conversation:
    """Log a conversation with ``stakeholder`` (today unless ``day`` says otherwise)."""
    day = day or timezone.localdate()
    _not_future(day)
    conversation = Conversation(
        stakeholder=stakeholder,
        day=day,
        topic=topic,
        outcome=outcome,
        next_step=next_step,
        next_step_due=next_step_due,
        recorded_by=actor,
    )
    conversation.full_clean()
    conversation.save()
    _record_entry(
        workspace=stakeholder.workspace,
        actor=actor,
        kind=CONVERSATION_RECORDED,
        target=conversation,
        about=(stakeholder,),
    )
    touch(stakeholder.workspace)
    return conversation


class ConversationChanges(TypedDict, total=False):
    day: date
    topic: str
    outcome: str
    next_step: str
    next_step_due: date | None


@transaction.atomic
def conversation_update(
    *,
    actor: User,
    conversation: Conversation,
    version: int | None = None,
    **fields: Unpack[ConversationChanges],
) -> Conversation:
    _not_future(fields.get("day"))
    changes = update_versioned(conversation, fields, version=version)
    if changes:
        stakeholder = conversation.stakeholder
        _record_entry(
            workspace=stakeholder.workspace,
            actor=actor,
            kind=CONVERSATION_UPDATED,
            target=conversation,
            about=(stakeholder,),
            changes=changes,
        )
        touch(stakeholder.workspace)
    return conversation


@transaction.atomic
def conversation_delete(*, actor: User, conversation: Conversation) -> None:
    stakeholder = conversation.stakeholder
    _record_entry(
        workspace=stakeholder.workspace,
        actor=actor,
        kind=CONVERSATION_DELETED,
        target=conversation,
        about=(stakeholder,),
    )
    conversation.delete()
    touch(stakeholder.workspace)


# --- the communication plan ---------------------------------------------------------------


class PlanDetails(TypedDict, total=False):
    stakeholder: Stakeholder | None
    group_name: str
    members: Iterable[Stakeholder]
    frequency: str
    channel: str
    owner: User | None
    starts_on: date


class PlanChanges(PlanDetails, total=False):
    information: str


def _members(workspace: Workspace, members: Iterable[Stakeholder]) -> list[Stakeholder]:
    members = list(members)
    if any(member.workspace_id != workspace.pk for member in members):
        raise ValidationError({"members": _("Choose stakeholders of this workspace.")})
    return members


def _about(item: PlanItem) -> tuple[Stakeholder, ...]:
    """Whom a row concerns: its stakeholder, or its group's members (a private one among
    them keeps the names out of the log)."""
    if item.stakeholder is not None:
        return (item.stakeholder,)
    return tuple(item.members.all())


@transaction.atomic
def plan_item_create(
    *,
    actor: User,
    workspace: Workspace,
    information: str,
    **details: Unpack[PlanDetails],
) -> PlanItem:
    """A row of the communication plan, for one stakeholder or a named group; first due
    on ``starts_on`` (today unless given)."""
    members = _members(workspace, details.pop("members", ()))
    details.setdefault("starts_on", timezone.localdate())
    item = PlanItem(workspace=workspace, information=information, **details)
    item.full_clean()
    if item.stakeholder_id and members:
        raise ValidationError(
            {"members": _("Group members belong to a group row; this row is for one person.")}
        )
    item.save()
    item.members.set(members)
    _record_entry(
        workspace=workspace, actor=actor, kind=PLAN_CREATED, target=item, about=_about(item)
    )
    return item


@transaction.atomic
def plan_item_update(
    *,
    actor: User,
    item: PlanItem,
    version: int | None = None,
    **fields: Unpack[PlanChanges],
) -> PlanItem:
    data: dict = dict(fields)
    if "members" in data:
        data["members"] = _members(item.workspace, data["members"])
    changes = update_versioned(item, data, version=version)
    if item.stakeholder_id and item.members.exists():
        raise ValidationError(
            {"members": _("Group members belong to a group row; this row is for one person.")}
        )
    if changes:
        _record_entry(
            workspace=item.workspace,
            actor=actor,
            kind=PLAN_UPDATED,
            target=item,
            about=_about(item),
            changes=changes,
        )
    return item


@transaction.atomic
def plan_item_sent(*, actor: User, item: PlanItem, day: date | None = None) -> PlanItem:
    """Mark the information sent (today unless ``day``): the next one is due a period
    later."""
    day = day or timezone.localdate()
    if day > timezone.localdate():
        raise ValidationError({"day": _("Mark it sent once it was; this date is in the future.")})
    if day < item.starts_on:
        raise ValidationError(
            {"day": _("This row starts on %(day)s; it cannot have been sent before.")
             % {"day": item.starts_on.isoformat()}}
        )  # fmt: skip
    changes = update_versioned(item, {"last_sent_on": day}, clean=False)
    if changes:
        _record_entry(
            workspace=item.workspace,
            actor=actor,
            kind=PLAN_SENT,
            target=item,
            about=_about(item),
            changes=changes,
        )
    return item


@transaction.atomic
def plan_item_delete(*, actor: User, item: PlanItem) -> None:
    _record_entry(
        workspace=item.workspace, actor=actor, kind=PLAN_DELETED, target=item, about=_about(item)
    )
    item.delete()
