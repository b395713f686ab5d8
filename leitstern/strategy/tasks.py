"""Background work for strategy: the weekly e-mail with each person's due check-ins.

Django's tasks have no scheduler: ``leitstern send_checkin_reminders`` enqueues
``send_checkin_reminders`` and is meant for a weekly cron job or systemd timer."""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import date

from django.conf import settings
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from leitstern.core.tasks import send_email
from leitstern.strategy.models import CheckIn, KeyResult, ReminderPreference
from leitstern.strategy.periods import week_of
from leitstern.workspaces.models import Membership, Need, roles_reaching

log = logging.getLogger(__name__)


def due_check_ins(today: date | None = None) -> dict[tuple[int, int], list[KeyResult]]:
    """``{(workspace id, user id): [key results]}`` still without this week's check-in,
    for people who did not opt out."""
    today = today or timezone.localdate()
    week = week_of(today)
    krs = (
        KeyResult.objects.running(today)
        # A workspace scheduled for deletion sends no more reminders.
        .filter(objective__cycle__workspace__deletion_requested_at__isnull=True)
        .exclude(pk__in=CheckIn.objects.filter(week=week).values("key_result"))
        .select_related("owner", "objective__owner", "objective__cycle__workspace")
        .order_by("objective__cycle__workspace", "objective", "pk")
    )
    opted_out = set(
        ReminderPreference.objects.filter(weekly_email=False).values_list("workspace", "user")
    )
    # Only people who can check in are asked to: a viewer (or someone who left) who still
    # owns a key result gets no e-mail with links they could not use.
    can_check_in = set(
        Membership.objects.filter(
            role__in=roles_reaching(Need.CONTRIBUTE),
            workspace__in=krs.values("objective__cycle__workspace"),
        ).values_list("workspace", "user")
    )
    due: dict[tuple[int, int], list[KeyResult]] = defaultdict(list)
    for kr in krs:
        person = kr.responsible
        key = (kr.objective.cycle.workspace_id, person.pk)
        if key not in opted_out and key in can_check_in and person.is_active:
            due[key].append(kr)
    return dict(due)


@task()
def send_checkin_reminders() -> int:
    """One e-mail per person and workspace listing their due check-ins, in their language.
    Returns how many e-mails were sent."""
    sent = 0
    for (_workspace_id, _user_id), krs in due_check_ins().items():
        person = krs[0].responsible
        workspace = krs[0].objective.cycle.workspace
        with translation.override(person.language or settings.LANGUAGE_CODE):
            link = settings.BASE_URL + reverse(
                "strategy:my_check_ins", kwargs={"slug": workspace.slug}
            )
            body = render_to_string(
                "strategy/email/checkin_reminder.txt",
                {"person": person, "workspace": workspace, "key_results": krs, "link": link},
            )
            subject = _("Your weekly check-ins in %(workspace)s") % {"workspace": workspace}
        send_email.call(subject=subject, body=body, to=[person.email])
        sent += 1
    log.info("check-in reminders sent: %d", sent)
    return sent
