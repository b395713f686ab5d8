"""The research home's interviewers: held direct conversations in the 26-week window, and
the last one, also when it lies before the window."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from leitstern.research.cadence import WEEKS, cadence
from leitstern.research.tests.factory import (
    ALL_PURPOSES,
    give_consent,
    make_conversation,
    make_participant,
)

pytestmark = pytest.mark.django_db


def test_interviewers_count_the_window_and_know_their_last_conversation_before_it(world):
    w, editor, owner = world.workspace, world.editor, world.owner
    today = timezone.localdate()
    person = make_participant(w, editor, "Ines Vogt")
    give_consent(person, editor, ALL_PURPOSES, days_ago=300)
    long_ago = today - timedelta(weeks=WEEKS + 10)
    for day in (today - timedelta(days=3), today - timedelta(days=10), long_ago):
        make_conversation(w, editor, participants=[person], interviewers=[editor], day=day)
    make_conversation(w, editor, participants=[person], interviewers=[owner], day=long_ago)
    make_conversation(w, editor, participants=[person], interviewers=[owner], held=False,
                      day=today + timedelta(days=5))  # fmt: skip
    found = {i.user_id: i for i in cadence(w, today=today).interviewers}
    assert (found[editor.pk].count, found[editor.pk].last) == (2, today - timedelta(days=3))
    assert not found[editor.pk].stale
    assert (found[owner.pk].count, found[owner.pk].last) == (0, long_ago)
    assert found[owner.pk].days_since == (today - long_ago).days and found[owner.pk].stale
