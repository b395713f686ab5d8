"""Relationship care: the conversations held, and the plan of who hears what, how often."""

from __future__ import annotations

import calendar
from datetime import date, timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from leitstern.core.versioning import Versioned
from leitstern.stakeholders.models.register import Stakeholder
from leitstern.workspaces.models import Membership, Role


class Conversation(Versioned):
    """One conversation with a stakeholder: when, about what, what came out of it and what
    happens next."""

    workspace_path = "stakeholder__workspace"

    stakeholder = models.ForeignKey(
        Stakeholder, on_delete=models.CASCADE, related_name="conversations"
    )
    day = models.DateField(_("date"))
    topic = models.CharField(_("topic"), max_length=200)
    outcome = models.TextField(_("outcome"), blank=True)
    next_step = models.CharField(_("next step"), max_length=300, blank=True)
    next_step_due = models.DateField(_("next step by"), null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    EDITABLE_FIELDS = ["day", "topic", "outcome", "next_step", "next_step_due"]

    class Meta:
        ordering = ["-day", "-created_at", "-id"]
        indexes = [models.Index(fields=["stakeholder", "-day"], name="conversation_latest")]
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")

    def __str__(self) -> str:
        return f"{self.day} {self.topic}"

    def clean(self) -> None:
        if self.next_step_due and self.day and self.next_step_due < self.day:
            raise ValidationError(
                {"next_step_due": _("The next step cannot be due before the conversation.")}
            )


class Frequency(models.TextChoices):
    WEEKLY = "weekly", _("every week")
    FORTNIGHTLY = "fortnightly", _("every two weeks")
    MONTHLY = "monthly", _("every month")
    QUARTERLY = "quarterly", _("every quarter")


class Channel(models.TextChoices):
    ONE_TO_ONE = "one_to_one", _("one-to-one conversation")
    MEETING = "meeting", _("meeting")
    EMAIL = "email", _("e-mail")
    NEWSLETTER = "newsletter", _("newsletter")
    CHAT = "chat", _("chat message")
    REPORT = "report", _("written report")
    DEMO = "demo", _("demo or review")


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later, or the month's last day when it is shorter."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def next_after(day: date, frequency: str) -> date:
    """The day one period of ``frequency`` after ``day``."""
    if frequency == Frequency.WEEKLY:
        return day + timedelta(weeks=1)
    if frequency == Frequency.FORTNIGHTLY:
        return day + timedelta(weeks=2)
    if frequency == Frequency.MONTHLY:
        return add_months(day, 1)
    return add_months(day, 3)


class PlanItem(Versioned):
    """One row of the communication plan: what information one stakeholder — or a group
    of them — gets, how often, through which channel, and who sends it. The next due day
    is one period after the last time it was sent (the start day while it never was)."""

    workspace_path = "workspace"

    workspace = models.ForeignKey(
        "workspaces.Workspace", on_delete=models.CASCADE, related_name="+"
    )
    stakeholder = models.ForeignKey(
        Stakeholder,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="plan_items",
        verbose_name=_("stakeholder"),
    )
    group_name = models.CharField(
        _("group"),
        max_length=120,
        blank=True,
        help_text=_("Instead of one stakeholder: a name for a group, e.g. “Sales leads”."),
    )
    members = models.ManyToManyField(
        Stakeholder, blank=True, related_name="plan_groups", verbose_name=_("group members")
    )
    information = models.CharField(_("what information"), max_length=300)
    frequency = models.CharField(
        _("how often"), max_length=12, choices=Frequency.choices, default=Frequency.MONTHLY
    )
    channel = models.CharField(
        _("channel"), max_length=12, choices=Channel.choices, default=Channel.EMAIL
    )
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who sends it"),
    )
    starts_on = models.DateField(_("first due on"))
    last_sent_on = models.DateField(_("last sent on"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    EDITABLE_FIELDS = [
        "stakeholder",
        "group_name",
        "members",
        "information",
        "frequency",
        "channel",
        "owner",
        "starts_on",
    ]

    class Meta:
        ordering = ["starts_on", "id"]
        verbose_name = _("communication plan row")
        verbose_name_plural = _("communication plan")

    def __str__(self) -> str:
        return self.information

    def clean(self) -> None:
        """A row is for one stakeholder or for a named group, not both and not neither;
        whoever sends it can see stakeholders (editor or owner)."""
        errors = {}
        if self.stakeholder_id and self.group_name:
            errors["group_name"] = _(
                "A row is for one stakeholder or for a group: leave the group empty, or "
                "choose no stakeholder."
            )
        elif not self.stakeholder_id and not self.group_name:
            errors["stakeholder"] = _("Choose a stakeholder, or name a group.")
        if self.stakeholder_id and self.stakeholder.workspace_id != self.workspace_id:
            errors["stakeholder"] = _("Choose a stakeholder of this workspace.")
        if (
            self.owner_id
            and not Membership.objects.filter(
                workspace=self.workspace_id, user=self.owner_id, role__in=[Role.OWNER, Role.EDITOR]
            ).exists()
        ):
            errors["owner"] = _("Only editors and owners see stakeholders; choose one of them.")
        if self.last_sent_on and self.starts_on and self.last_sent_on < self.starts_on:
            errors["starts_on"] = _("It was already sent before this day; choose an earlier one.")
        if errors:
            raise ValidationError(errors)

    def next_due(self) -> date:
        if self.last_sent_on is None:
            return self.starts_on
        return next_after(self.last_sent_on, self.frequency)

    def is_overdue(self, today: date) -> bool:
        return self.next_due() < today
