"""The gentle weekly reminder: an editor or owner who held fewer direct conversations over
the last four weeks than the workspace's goal per interviewer gets one short email, in
their language, with what they did and a link to the research home. Anyone can turn it
off for themselves (``reminder_preference_set``); it is sent at most once in six days,
however often the weekly run is started."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from django.conf import settings as django_settings
from django.db import transaction
from django.db.models import Count, Max, Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from leitstern.core.tasks import send_email_on_commit
from leitstern.research.models import (
    Conversation,
    ConversationStatus,
    ReminderPreference,
    ResearchSettings,
    Source,
)
from leitstern.workspaces.models import Membership, Need, Workspace, roles_reaching

WINDOW_WEEKS = 4
RESEND_DAYS = 6


@dataclass(frozen=True)
class Behind:
    """An interviewer behind their goal in one workspace."""

    member: Membership
    held: int  # direct conversations in the last four weeks
    goal: int  # over the same four weeks
    last: date | None


def interviewers_behind(workspace: Workspace, *, today: date) -> list[Behind]:
    """Editors and owners of ``workspace`` below its goal per interviewer over the last
    four weeks (none when the goal is 0). Two queries and the settings'."""
    settings = ResearchSettings.for_workspace(workspace)
    weekly = settings.interviewer_weekly_goal
    if not weekly:
        return []
    first = today - timedelta(weeks=WINDOW_WEEKS) + timedelta(days=1)
    members = list(
        Membership.objects.filter(workspace=workspace, role__in=roles_reaching(Need.EDIT))
        .select_related("user")
        .order_by("user_id")
    )
    talked = {
        row["interviewers"]: row
        for row in Conversation.objects.filter(
            workspace=workspace,
            status=ConversationStatus.HELD,
            source=Source.DIRECT,
            interviewers__in=[m.user_id for m in members],
            date__lte=today,
        )
        .values("interviewers")
        .annotate(n=Count("id", filter=Q(date__gte=first)), last=Max("date"))
    }
    goal = weekly * WINDOW_WEEKS
    behind = []
    for member in members:
        row = talked.get(member.user_id)
        held, last = (row["n"], row["last"]) if row else (0, None)
        if held < goal:
            behind.append(Behind(member, held, goal, last))
    return behind


@transaction.atomic
def reminders_send_workspace(workspace: Workspace, *, today: date) -> int:
    """Email the interviewers of ``workspace`` who are behind and have not turned the
    reminder off nor had one in the last six days; returns how many were sent."""
    behind = interviewers_behind(workspace, today=today)
    if not behind:
        return 0
    choices = {
        p.user_id: p
        for p in ReminderPreference.objects.select_for_update().filter(
            workspace=workspace, user_id__in=[b.member.user_id for b in behind]
        )
    }
    link = django_settings.BASE_URL + reverse("research:index", kwargs={"slug": workspace.slug})
    settings_link = django_settings.BASE_URL + reverse(
        "research:reminder", kwargs={"slug": workspace.slug}
    )
    sent = 0
    for entry in behind:
        user = entry.member.user
        choice = choices.get(user.pk)
        if choice is not None and not choice.weekly_email:
            continue
        if (
            choice is not None
            and choice.last_sent_on
            and (today - choice.last_sent_on) < timedelta(days=RESEND_DAYS)
        ):
            continue
        if not user.email or not user.is_active:
            continue
        with translation.override(user.language or django_settings.LANGUAGE_CODE):
            body = render_to_string(
                "research/email/reminder.txt",
                {
                    "recipient": user,
                    "workspace": workspace,
                    "entry": entry,
                    "weeks": WINDOW_WEEKS,
                    "link": link,
                    "settings_link": settings_link,
                },
            )
            subject = _("Time for a customer conversation? %(workspace)s") % {
                "workspace": workspace
            }
        send_email_on_commit(subject=str(subject), body=body, to=[user.email])
        ReminderPreference.objects.update_or_create(
            workspace=workspace, user=user, defaults={"last_sent_on": today}
        )
        sent += 1
    return sent


def reminders_send(*, today: date | None = None) -> int:
    """The weekly run over every workspace; each in a transaction of its own."""
    today = today or timezone.localdate()
    # A workspace scheduled for deletion rests: no reminders for it.
    workspaces = Workspace.objects.filter(
        deletion_requested_at__isnull=True,
        pk__in=Membership.objects.filter(role__in=roles_reaching(Need.EDIT)).values("workspace_id"),
    )
    return sum(reminders_send_workspace(w, today=today) for w in workspaces)
