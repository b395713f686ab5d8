"""Background work of the roadmap: digests of what changed and why (weekly, or on demand
from the history page), and reminders to revisit decisions and parked items.

Django's tasks have no scheduler: ``leitstern roadmap_weekly`` enqueues both, for cron or a
systemd timer."""

from __future__ import annotations

import logging
from collections import defaultdict
from datetime import timedelta

from django.conf import settings
from django.db.models import Q
from django.tasks import task
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from leitstern.core.tasks import send_email
from leitstern.roadmap import clock, followers
from leitstern.roadmap.models import Audience, Decision, Horizon, Roadmap, RoadmapItem, ViewField
from leitstern.roadmap.selectors.audiences import audience_roadmaps
from leitstern.roadmap.selectors.history import (
    CATEGORIES,
    Comparison,
    Point,
    compare,
    point_at,
    point_now,
)

log = logging.getLogger(__name__)

DIGEST_DAYS = 7
SHOWN_PER_CATEGORY = 25


def _sections(comparison: Comparison, *, with_reasons: bool) -> list[dict]:
    """The comparison as the e-mail lists it: per kind of change, the items and why."""
    sections = []
    for category in CATEGORIES:
        entries = comparison.of(category)
        comparison.fill(entries[:SHOWN_PER_CATEGORY])
        if entries:
            sections.append(
                {
                    "category": category,
                    "count": len(entries),
                    "entries": entries[:SHOWN_PER_CATEGORY],
                    "more": max(0, len(entries) - SHOWN_PER_CATEGORY),
                    "with_reasons": with_reasons,
                }
            )
    return sections


def _send(recipient, *, subject: str, template: str, context: dict) -> None:
    with translation.override(recipient.language or settings.LANGUAGE_CODE):
        body = render_to_string(template, {**context, "recipient": recipient})
        subject_text = str(subject() if callable(subject) else subject)
    send_email.call(subject=subject_text, body=body, to=[recipient.email])


def _roadmap_link(roadmap: Roadmap, since_id: int) -> str:
    return (
        settings.BASE_URL
        + reverse("roadmap:changes", kwargs={"slug": roadmap.workspace.slug, "pk": roadmap.pk})
        + f"?from_change={since_id}"
    )


def digest_roadmap(roadmap: Roadmap, comparison: Comparison, since) -> int:
    """One e-mail per follower of ``roadmap`` who is a member (every item, every reason,
    a link to the signed-in page) with what ``comparison`` found; 0 when nothing changed.
    Non-members hear about the roadmap through an audience view's digest only."""
    if not comparison.total:
        return 0
    sent = 0
    for recipient in followers.roadmap_recipients(roadmap):

        def subject(roadmap=roadmap):
            return _("What changed on the %(roadmap)s roadmap") % {"roadmap": roadmap}

        _send(
            recipient,
            subject=subject,
            template="roadmap/email/digest.txt",
            context={
                "title": roadmap,
                "parts": [
                    {"roadmap": roadmap, "sections": _sections(comparison, with_reasons=True)}
                ],
                "since": since,
                "link": _roadmap_link(roadmap, comparison.before.change_id),
            },
        )
        sent += 1
    return sent


def digest_audience(audience: Audience, since_moment, since) -> int:
    """One e-mail per follower of an audience view: what changed in that view, with the
    reasons only where the view shows reasons."""
    parts = []
    for roadmap in audience_roadmaps(audience):
        comparison = compare(
            roadmap,
            before=point_at(roadmap, since_moment),
            after=point_now(roadmap),
            audience=audience,
        )
        if comparison.total:
            sections = _sections(comparison, with_reasons=audience.shows(ViewField.REASON))
            parts.append({"roadmap": roadmap, "sections": sections})
    if not parts:
        return 0
    signed_in = settings.BASE_URL + reverse(
        "roadmap:audience", kwargs={"slug": audience.workspace.slug, "pk": audience.pk}
    )
    members = {r.email.lower() for r in followers.members_following(audience)}
    shared = ""  # one share link per digest, for the followers without an account
    sent = 0
    for recipient in followers.recipients(audience):
        link = signed_in
        if recipient.email.lower() not in members:
            if not shared:
                shared = _share_link(audience, since)
            link = shared

        def subject(audience=audience):
            return _("What changed on the roadmap (%(audience)s)") % {"audience": audience}

        _send(
            recipient,
            subject=subject,
            template="roadmap/email/digest.txt",
            context={"title": audience, "parts": parts, "since": since, "link": link},
        )
        sent += 1
    return sent


def _share_link(audience: Audience, since) -> str:
    from leitstern.roadmap.services.audiences import digest_link_create

    _link, raw = digest_link_create(audience=audience, since=since)
    return settings.BASE_URL + reverse("roadmap_share:view", args=[raw])


@task()
def send_weekly_digests() -> int:
    """The weekly digest of every followed roadmap and audience view: what changed in the
    last seven days, and why. Returns how many e-mails were sent."""
    moment = clock.now() - timedelta(days=DIGEST_DAYS)
    since = timezone.localdate(moment)
    sent = 0
    for roadmap in (
        # A workspace scheduled for deletion rests: no more digests for it.
        Roadmap.objects.filter(
            Q(follows__isnull=False) | Q(stakeholder_follows__isnull=False),
            workspace__deletion_requested_at__isnull=True,
        )
        .distinct()
        .select_related("workspace", "product")
    ):
        comparison = compare(roadmap, before=point_at(roadmap, moment), after=point_now(roadmap))
        sent += digest_roadmap(roadmap, comparison, since)
    for audience in (
        Audience.objects.filter(
            Q(follows__isnull=False) | Q(stakeholder_follows__isnull=False),
            workspace__deletion_requested_at__isnull=True,
        )
        .distinct()
        .select_related("workspace")
    ):
        sent += digest_audience(audience, moment, since)
    log.info("roadmap digests sent: %d", sent)
    return sent


@task()
def send_digest_now(*, roadmap_id: int, before_change_id: int, since: str) -> int:
    """The digest the history page sends on demand, from a chosen moment up to now."""
    from datetime import date

    roadmap = Roadmap.objects.select_related("workspace", "product").filter(pk=roadmap_id).first()
    if roadmap is None:
        return 0
    comparison = compare(roadmap, before=Point(before_change_id, ""), after=point_now(roadmap))
    return digest_roadmap(roadmap, comparison, date.fromisoformat(since))


@task()
def send_revisit_reminders() -> int:
    """Decisions whose revisit date has come, and parked items due for another look: one
    e-mail per person and roadmap (to whoever decided, and the roadmap's followers for
    decisions), once per revisit date."""
    today = clock.today()
    decisions = list(
        Decision.objects.filter(
            revisit_on__lte=today,
            reminded_on__isnull=True,
            roadmap__workspace__deletion_requested_at__isnull=True,
        ).select_related("roadmap__workspace", "roadmap__product", "decided_by")
    )
    parked = list(
        RoadmapItem.objects.current()
        .filter(
            horizon=Horizon.PARKED,
            revisit_on__lte=today,
            reminded_on__isnull=True,
            roadmap__workspace__deletion_requested_at__isnull=True,
        )
        .select_related("roadmap__workspace", "roadmap__product", "decided_by")
    )
    due: dict[tuple[int, str], dict] = defaultdict(
        lambda: {"decisions": [], "items": [], "recipient": None, "roadmap": None}
    )
    for decision in decisions:
        people = followers.roadmap_recipients(decision.roadmap)
        if decision.decided_by and decision.decided_by.email and decision.decided_by.is_active:
            person = decision.decided_by
            people.append(followers.Recipient(person.email, str(person), person.language or "en"))
        for recipient in people:
            entry = due[(decision.roadmap_id, recipient.email.lower())]
            entry.update(recipient=recipient, roadmap=decision.roadmap)
            if decision not in entry["decisions"]:
                entry["decisions"].append(decision)
    for item in parked:
        person = item.decided_by
        if person is None or not person.email or not person.is_active:
            continue
        recipient = followers.Recipient(person.email, str(person), person.language or "en")
        entry = due[(item.roadmap_id, recipient.email.lower())]
        entry.update(recipient=recipient, roadmap=item.roadmap)
        entry["items"].append(item)
    sent = 0
    for entry in due.values():
        roadmap = entry["roadmap"]
        link = settings.BASE_URL + reverse(
            "roadmap:decisions", kwargs={"slug": roadmap.workspace.slug, "pk": roadmap.pk}
        )

        def subject(roadmap=roadmap):
            return _("Time to look again: %(roadmap)s roadmap") % {"roadmap": roadmap}

        _send(
            entry["recipient"],
            subject=subject,
            template="roadmap/email/revisit.txt",
            context={**entry, "link": link, "board": settings.BASE_URL + reverse(
                "roadmap:board", kwargs={"slug": roadmap.workspace.slug, "pk": roadmap.pk})},
        )  # fmt: skip
        sent += 1
    Decision.objects.filter(pk__in=[d.pk for d in decisions]).update(reminded_on=today)
    RoadmapItem.objects.filter(pk__in=[i.pk for i in parked]).update(reminded_on=today)
    log.info("roadmap reminders sent: %d", sent)
    return sent
