"""Races where consent and merges must hold: one single-use consent link opened twice at
once, a withdrawal while a conversation with that person is being scheduled, and two
merges of the same duplicate organisation.

Each scenario builds its own workspace, runs several tries with threads that have their
own database connections, and returns the problems it saw (empty: none). The PostgreSQL
pass runs them in-process, the SQLite pass on a file in a subprocess (``test_races.py``)."""

from __future__ import annotations

from functools import partial

from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from leitstern.customers import services as customers
from leitstern.customers.models import Organisation, Person
from leitstern.research import services
from leitstern.research.models import Consent, Conversation, Participant
from leitstern.research.tests.factory import ALL_PURPOSES, make_participant
from leitstern.testing import make_world, run_together

TRIES = 10


def _status(answer) -> object:
    if isinstance(answer, BaseException):
        return f"{type(answer).__name__}: {answer}"
    return getattr(answer, "status_code", answer)


def same_consent_link_twice(tries: int = TRIES) -> list[str]:
    """The person's single-use link posted twice at the same moment (a double click, two
    tabs): one answer records the consent, the other says the link was used; each
    purpose is recorded once, never twice, and nothing answers 500."""
    world = make_world()
    problems = []
    for n in range(tries):
        participant = make_participant(world.workspace, world.owner, f"Link {n}")
        _link, raw = services.consent_link_create(actor=world.owner, participant=participant)
        url = reverse("research_consent:page", kwargs={"token": raw})
        form = {"give": ["interview", "quoting"], "language": "de"}
        answers = run_together(partial(Client().post, url, form), partial(Client().post, url, form))
        statuses = [_status(a) for a in answers]
        if any(not isinstance(s, int) or s >= 500 for s in statuses):
            problems.append(f"try {n}: answers {statuses}")
            continue
        recorded = Consent.objects.filter(participant=participant).count()
        if recorded != 2:
            problems.append(f"try {n}: {recorded} consents recorded for 2 purposes")
        used = sum(
            "already been used" in a.content.decode() or "bereits verwendet" in a.content.decode()
            or "no longer" in a.content.decode()
            for a in answers
        )  # fmt: skip
        if used != 1:
            problems.append(f"try {n}: {used} answers said the link was used ({statuses})")
    return problems


def withdrawal_while_scheduling(tries: int = TRIES) -> list[str]:
    """The person withdraws consent to research interviews while an editor schedules a
    conversation with them. Either the conversation is refused (the withdrawal came
    first) or it was in before the withdrawal's cascade, which then removed their words
    from it. Never a conversation with their notes after they withdrew."""
    world = make_world()
    problems = []
    for n in range(tries):
        name = f"Wiebke Widerruf {n}"
        participant = make_participant(
            world.workspace, world.owner, name, consent=ALL_PURPOSES, email=f"w{n}@example.com"
        )

        def schedule(participant=participant, name=name, n=n):
            try:
                return services.conversation_create(
                    actor=world.editor,
                    workspace=world.workspace,
                    title=f"Termin {n}",
                    date=timezone.localdate(),
                    participants=[participant.pk],
                    notes=f"{name} sagt, der Warenkorb ist weg.",
                )
            except ValidationError as error:
                return error

        def withdraw(participant=participant):
            return services.consent_withdraw(
                actor=None, participant=participant, purposes=["interview"]
            )

        scheduled, withdrawn = run_together(schedule, withdraw)
        if isinstance(withdrawn, BaseException):
            problems.append(f"try {n}: the withdrawal failed: {_status(withdrawn)}")
            continue
        stored = Participant._base_manager.get(pk=participant.pk)
        if not stored.is_removed:
            problems.append(f"try {n}: the participant was not removed")
        if isinstance(scheduled, Conversation):
            conversation = Conversation.objects.get(pk=scheduled.pk)
            if name in conversation.notes or "Wiebke" in conversation.title + conversation.notes:
                problems.append(f"try {n}: their words stayed in a conversation")
        elif not isinstance(scheduled, ValidationError):
            problems.append(f"try {n}: scheduling answered {_status(scheduled)}")
        elif "participants" not in getattr(scheduled, "message_dict", {}):
            problems.append(f"try {n}: refused without naming the participants: {scheduled}")
    return problems


def two_merges_of_one_duplicate(tries: int = TRIES) -> list[str]:
    """Two editors merge the same duplicate at once, into two different organisations:
    one merge happens, the other is refused saying so; the duplicate's contacts all end
    at the organisation that won, and nothing answers 500."""
    world = make_world()
    problems = []
    for n in range(tries):
        first = customers.organisation_create(
            actor=world.owner, workspace=world.workspace, name=f"Nordlicht {n}"
        )
        second = customers.organisation_create(
            actor=world.owner, workspace=world.workspace, name=f"Nordlicht AG {n}"
        )
        duplicate = customers.organisation_create(
            actor=world.owner, workspace=world.workspace, name=f"Nordlicht GmbH {n}", plan="Pro"
        )
        for i in range(3):
            customers.person_create(
                actor=world.owner, workspace=world.workspace, name=f"K{n}.{i}",
                organisation=duplicate,
            )  # fmt: skip

        def merge(keep, duplicate=duplicate):
            try:
                return customers.organisation_merge(
                    actor=world.editor, keep=keep, duplicate=duplicate
                )
            except ValidationError as error:
                return error

        answers = run_together(partial(merge, first), partial(merge, second))
        merged = [a for a in answers if isinstance(a, Organisation)]
        refused = [a for a in answers if isinstance(a, ValidationError)]
        if len(merged) != 1 or len(refused) != 1:
            problems.append(f"try {n}: answers {[_status(a) for a in answers]}")
            continue
        if Organisation.objects.filter(pk=duplicate.pk).exists():
            problems.append(f"try {n}: the duplicate is still there")
        winner = merged[0].pk
        where = set(
            Person.objects.filter(name__startswith=f"K{n}.").values_list("organisation", flat=True)
        )
        if where != {winner}:
            problems.append(f"try {n}: contacts at {where}, the merge went to {winner}")
        loser = second.pk if winner == first.pk else first.pk
        if Organisation.objects.get(pk=loser).plan:
            problems.append(f"try {n}: the refused merge still copied the duplicate's plan")
    return problems
