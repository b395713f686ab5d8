"""Who gets which digest, with which link, in which language: a whole roadmap's digest
(every item, every reason, the signed-in "what changed" page) goes to members only; an
audience view's digest gives members the view's page and everyone else a share link at
that view's detail."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.test import TestCase, override_settings
from django.urls import reverse

from leitstern.accounts.models import User
from leitstern.roadmap import clock
from leitstern.roadmap.models import Horizon, StakeholderFollow, Visibility
from leitstern.roadmap.services import follow_set, item_move, stakeholder_follow_set
from leitstern.roadmap.tasks import send_weekly_digests
from leitstern.roadmap.tests.factory import make_audience, make_item, make_roadmap
from leitstern.stakeholders.tests.factory import make_stakeholder

pytestmark = pytest.mark.django_db

REASON = "Returning buyers do not miss it"


@pytest.fixture
def moved(world):
    """A roadmap planned ten days ago: a public item moved this week with a reason, and an
    internal one added."""
    roadmap = make_roadmap(world, world.product)
    with clock.recorded_at(clock.now() - timedelta(days=10)):
        item = make_item(
            roadmap, world.owner, "One-click reorder", horizon=Horizon.NEXT,
            visibility=Visibility.PUBLIC,
        )  # fmt: skip
    item_move(actor=world.owner, item=item, horizon=Horizon.LATER, why=REASON)
    make_item(
        roadmap, world.owner, "Secret pricing experiment", horizon=Horizon.NOW,
        visibility=Visibility.INTERNAL,
    )  # fmt: skip
    return roadmap


def _speaks(user, language: str) -> None:
    User.objects.filter(pk=user.pk).update(language=language)


def _send() -> dict[str, tuple[str, str]]:
    with TestCase.captureOnCommitCallbacks(execute=True):
        send_weekly_digests.call()
    return {message.to[0]: (message.subject, message.body) for message in mail.outbox}


def _path(body: str) -> str:
    found = re.search(r"https?://\S+", body)
    assert found, body
    return "/" + found.group(0).split("://", 1)[1].split("/", 1)[1]


@pytest.mark.parametrize(
    ("language", "hello", "why", "subject"),
    [
        ("en", "Hello", "Why:", "What changed on the"),
        ("de", "Hallo", "Warum:", "Was sich auf der Roadmap"),
    ],
)
def test_a_roadmaps_digest_goes_to_members_with_reasons_and_the_signed_in_page(
    world, moved, language, hello, why, subject
):
    _speaks(world.viewer, language)
    follow_set(actor=world.viewer, workspace=world.workspace, following=True, roadmap=moved)
    # a stakeholder who is a member (by address) and an outsider kept from before the rule
    member = make_stakeholder(world.workspace, world.owner, "Jonas", email=world.editor.email)
    _speaks(world.editor, language)
    stakeholder_follow_set(actor=world.owner, stakeholder=member, following=True, roadmap=moved)
    outsider = make_stakeholder(world.workspace, world.owner, "Dr. Vogel", email="v@example.com")
    StakeholderFollow.objects.create(workspace=world.workspace, stakeholder=outsider, roadmap=moved)

    sent = _send()
    assert set(sent) == {world.viewer.email, world.editor.email}  # not the outsider
    changes = reverse("roadmap:changes", args=[world.workspace.slug, moved.pk])
    for address in sent:
        title, body = sent[address]
        assert title.startswith(subject)
        assert body.startswith(hello)
        assert f"{why} {REASON}" in body
        assert "Secret pricing experiment" in body  # members see internal items
        assert _path(body).startswith(f"{changes}?from_change=")


@pytest.mark.parametrize(
    ("language", "hello", "subject"),
    [("en", "Hello", "What changed on the roadmap"), ("de", "Hallo", "Was sich auf der Roadmap")],
)
def test_an_audience_digest_links_members_to_the_view_and_others_to_a_share_link(
    world, moved, language, hello, subject
):
    customers = make_audience(world, preset="customers", roadmaps=[moved])
    _speaks(world.viewer, language)
    follow_set(actor=world.viewer, workspace=world.workspace, following=True, audience=customers)
    outsider = make_stakeholder(world.workspace, world.owner, "Dr. Vogel", email="v@example.com")
    stakeholder_follow_set(
        actor=world.owner, stakeholder=outsider, following=True, audience=customers
    )

    # a stakeholder without a member's language hears in the installation's
    with override_settings(LANGUAGE_CODE=language):
        sent = _send()
    assert set(sent) == {world.viewer.email, "v@example.com"}
    view = reverse("roadmap:audience", args=[world.workspace.slug, customers.pk])
    assert _path(sent[world.viewer.email][1]) == view
    assert _path(sent["v@example.com"][1]).startswith("/s/r/")
    for title, body in sent.values():
        assert title.startswith(subject) and body.startswith(hello)
        assert "One-click reorder" in body
        # the customers' detail: no internal item, no reason
        assert "Secret pricing experiment" not in body
        assert REASON not in body
