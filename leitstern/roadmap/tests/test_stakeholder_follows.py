"""Stakeholders following a roadmap or an audience view: an editor adds them, the digest
reaches their address in the view's detail, the follower section names them to editors
only, and erasing the stakeholder removes the follow."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client, TestCase
from django.urls import reverse

from leitstern.activity.models import ActivityEntry
from leitstern.roadmap import clock, followers
from leitstern.roadmap.models import Horizon, StakeholderFollow, Visibility
from leitstern.roadmap.services import item_move, stakeholder_follow_set
from leitstern.roadmap.tasks import send_weekly_digests
from leitstern.roadmap.tests.factory import make_audience, make_item, make_roadmap
from leitstern.stakeholders.services.erase import stakeholder_erase
from leitstern.stakeholders.tests.factory import make_stakeholder

pytestmark = pytest.mark.django_db


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def moved(world):
    """A roadmap planned ten days ago with one public item moved this week."""
    roadmap = make_roadmap(world, world.product)
    with clock.recorded_at(clock.now() - timedelta(days=10)):
        item = make_item(
            roadmap, world.owner, "One-click reorder", horizon=Horizon.NEXT,
            visibility=Visibility.PUBLIC,
        )  # fmt: skip
    item_move(
        actor=world.owner, item=item, horizon=Horizon.LATER, why="Returning buyers do not miss it"
    )
    return roadmap


def _send() -> int:
    with TestCase.captureOnCommitCallbacks(execute=True):
        return send_weekly_digests.call()


def test_a_stakeholder_who_is_a_member_gets_the_roadmap_digest(world, moved):
    viewer = make_stakeholder(world.workspace, world.owner, "Claire", email=world.viewer.email)
    stakeholder_follow_set(actor=world.owner, stakeholder=viewer, following=True, roadmap=moved)
    assert _send() == 1
    [message] = mail.outbox
    assert message.to == [world.viewer.email]
    assert "One-click reorder" in message.body and "Returning buyers do not miss it" in message.body


def test_a_stakeholder_outside_the_workspace_cannot_follow_a_whole_roadmap(world, moved):
    vogel = make_stakeholder(world.workspace, world.owner, "Dr. Vogel", email="vogel@example.com")
    with pytest.raises(ValidationError) as raised:
        stakeholder_follow_set(actor=world.owner, stakeholder=vogel, following=True, roadmap=moved)
    assert "audience view" in str(raised.value)
    assert not StakeholderFollow.objects.exists()
    # An outsider's follow kept from before the rule gets nothing: no digest with every
    # reason and a link they cannot open.
    StakeholderFollow.objects.create(workspace=world.workspace, stakeholder=vogel, roadmap=moved)
    assert [r.email for r in followers.recipients(moved)] == ["vogel@example.com"]
    assert followers.roadmap_recipients(moved) == []
    assert _send() == 0 and not mail.outbox


def test_a_stakeholder_following_an_audience_gets_that_views_digest_only(world, moved):
    management = make_audience(world, preset="management")
    sales = make_audience(world, preset="sales")
    vogel = make_stakeholder(world.workspace, world.owner, "Dr. Vogel", email="vogel@example.com")
    stakeholder_follow_set(actor=world.owner, stakeholder=vogel, following=True, audience=sales)
    assert [r.email for r in followers.recipients(sales)] == ["vogel@example.com"]
    assert followers.recipients(management) == []
    assert followers.recipients(moved) == []


def test_an_audience_digest_reaches_a_stakeholder_following_that_view(world, moved):
    customers = make_audience(world, preset="customers", roadmaps=[moved])
    vogel = make_stakeholder(world.workspace, world.owner, "Dr. Vogel", email="vogel@example.com")
    stakeholder_follow_set(actor=world.owner, stakeholder=vogel, following=True, audience=customers)
    assert _send() == 1
    [message] = mail.outbox
    assert message.to == ["vogel@example.com"] and "One-click reorder" in message.body


def test_a_member_who_is_also_a_stakeholder_hears_once(world, moved):
    from leitstern.roadmap.services import follow_set

    follow_set(actor=world.editor, workspace=world.workspace, following=True, roadmap=moved)
    same = make_stakeholder(world.workspace, world.owner, "Same person", email=world.editor.email)
    stakeholder_follow_set(actor=world.owner, stakeholder=same, following=True, roadmap=moved)
    assert [r.email for r in followers.recipients(moved)] == [world.editor.email]


def test_a_stakeholder_without_an_address_cannot_follow(world, moved):
    nobody = make_stakeholder(world.workspace, world.owner, "No mail")
    with pytest.raises(ValidationError):
        stakeholder_follow_set(actor=world.owner, stakeholder=nobody, following=True, roadmap=moved)
    assert not StakeholderFollow.objects.exists()


def test_a_stakeholder_of_another_workspace_cannot_follow(world, moved):
    stranger = make_stakeholder(
        world.other_workspace, world.outsider, "Stranger", email="s@example.com"
    )
    with pytest.raises(ValidationError):
        stakeholder_follow_set(
            actor=world.owner, stakeholder=stranger, following=True, roadmap=moved
        )
    assert not StakeholderFollow.objects.exists()


def test_following_twice_stays_one_follow_and_the_log_names_nobody(world, moved):
    vogel = make_stakeholder(world.workspace, world.owner, "Dr. Vogel", email=world.viewer.email)
    for _ in range(2):
        stakeholder_follow_set(actor=world.owner, stakeholder=vogel, following=True, roadmap=moved)
    assert StakeholderFollow.objects.count() == 1
    entries = ActivityEntry.objects.filter(target_type="roadmap.roadmap", target_id=moved.pk)
    logged = [e for e in entries if "followers" in (e.changes or {})]
    assert len(logged) == 1
    assert "Vogel" not in f"{logged[0].target_label} {logged[0].changes} {logged[0].note}"


def test_erasing_the_stakeholder_removes_the_follow(world, moved):
    vogel = make_stakeholder(world.workspace, world.owner, "Dr. Vogel", email=world.viewer.email)
    stakeholder_follow_set(actor=world.owner, stakeholder=vogel, following=True, roadmap=moved)
    stakeholder_erase(actor=world.owner, stakeholder=vogel)
    assert not StakeholderFollow.objects.exists()
    assert followers.recipients(moved) == []
    assert _send() == 0


def test_editors_add_and_remove_a_stakeholder_on_the_board(world, moved):
    vogel = make_stakeholder(world.workspace, world.owner, "Dr. Vogel", email=world.viewer.email)
    make_stakeholder(world.workspace, world.owner, "Without address")
    outside = make_stakeholder(world.workspace, world.owner, "Outside", email="o@example.com")
    slug = world.workspace.slug
    board = reverse("roadmap:board", kwargs={"slug": slug, "pk": moved.pk})
    action = reverse("roadmap:stakeholder_follow", kwargs={"slug": slug, "pk": moved.pk})
    editor = client_for(world.editor)
    html = editor.get(board).text
    assert "Stakeholders following" in html and "No stakeholder follows yet." in html
    assert f'<option value="{vogel.pk}">Dr. Vogel</option>' in html
    assert "Without address" not in html  # nothing to send to
    assert "Outside" not in html  # not a member: follows an audience view instead
    assert editor.post(action, {"stakeholder": outside.pk}).status_code == 302
    assert not StakeholderFollow.objects.exists()

    assert editor.post(action, {"stakeholder": vogel.pk}).status_code == 302
    assert StakeholderFollow.objects.filter(stakeholder=vogel, roadmap=moved).exists()
    html = editor.get(board).text
    assert "Dr. Vogel" in html and f'<option value="{vogel.pk}">' not in html

    assert editor.post(action, {"stakeholder": vogel.pk, "following": "0"}).status_code == 302
    assert not StakeholderFollow.objects.exists()


def test_viewers_see_no_stakeholder_names_and_cannot_add_them(world, moved):
    vogel = make_stakeholder(world.workspace, world.owner, "Dr. Vogel", email=world.viewer.email)
    stakeholder_follow_set(actor=world.owner, stakeholder=vogel, following=True, roadmap=moved)
    slug = world.workspace.slug
    viewer = client_for(world.viewer)
    html = viewer.get(reverse("roadmap:board", kwargs={"slug": slug, "pk": moved.pk})).text
    assert "Dr. Vogel" not in html and "Stakeholders following" not in html
    action = reverse("roadmap:stakeholder_follow", kwargs={"slug": slug, "pk": moved.pk})
    assert viewer.post(action, {"stakeholder": vogel.pk, "following": "0"}).status_code == 404
    assert StakeholderFollow.objects.count() == 1


def test_a_stakeholder_id_of_another_workspace_is_not_found(world, moved):
    stranger = make_stakeholder(
        world.other_workspace, world.outsider, "Stranger", email="s@example.com"
    )
    audience = make_audience(world)
    action = reverse(
        "roadmap:audience_stakeholder_follow",
        kwargs={"slug": world.workspace.slug, "pk": audience.pk},
    )
    response = client_for(world.owner).post(action, {"stakeholder": stranger.pk})
    assert response.status_code == 404
    assert not StakeholderFollow.objects.exists()


def test_the_audience_page_lists_its_stakeholder_followers(world):
    audience = make_audience(world)
    vogel = make_stakeholder(world.workspace, world.owner, "Dr. Vogel", email="vogel@example.com")
    stakeholder_follow_set(actor=world.owner, stakeholder=vogel, following=True, audience=audience)
    page = reverse("roadmap:audience", kwargs={"slug": world.workspace.slug, "pk": audience.pk})
    html = client_for(world.owner).get(page).text
    section = html[html.index("Stakeholders following") :]
    assert "Dr. Vogel" in section and 'name="following" value="0"' in section


def test_sending_no_stakeholder_says_so_and_changes_nothing(world, moved):
    action = reverse(
        "roadmap:stakeholder_follow", kwargs={"slug": world.workspace.slug, "pk": moved.pk}
    )
    response = client_for(world.editor).post(action, {}, follow=True)
    assert "Choose a stakeholder." in response.text
    assert not StakeholderFollow.objects.exists()


# --- the audience digest's link for people without an account -----------------------------


def _link_in(body: str) -> str:
    import re

    found = re.search(r"https?://\S+", body)
    assert found, body
    return found.group(0).split("://", 1)[1].split("/", 1)[1].join(["/", ""])


def test_a_stakeholders_audience_digest_opens_signed_out_at_that_audiences_detail(world, moved):
    from leitstern.roadmap import kinds, services
    from leitstern.roadmap.models import AudienceLink

    make_item(
        moved, world.owner, "Secret pricing experiment", horizon=Horizon.NOW,
        visibility=Visibility.INTERNAL,
    )  # fmt: skip
    customers = make_audience(world, preset="customers", roadmaps=[moved])
    management = make_audience(world, preset="management", roadmaps=[moved])
    vogel = make_stakeholder(world.workspace, world.owner, "Dr. Vogel", email="vogel@example.com")
    stakeholder_follow_set(actor=world.owner, stakeholder=vogel, following=True, audience=customers)
    services.follow_set(
        actor=world.viewer, workspace=world.workspace, following=True, audience=customers
    )

    assert _send() == 2
    by_address = {message.to[0]: message.body for message in mail.outbox}
    # The member signs in as always; the stakeholder gets a share link of that audience.
    member_link = _link_in(by_address[world.viewer.email])
    assert member_link == reverse("roadmap:audience", args=[world.workspace.slug, customers.pk])
    public = _link_in(by_address["vogel@example.com"])
    assert public.startswith("/s/r/")
    [link] = AudienceLink.objects.all()
    assert link.audience == customers and link.expires_at is not None
    assert link.created_by is None
    assert ActivityEntry.objects.filter(kind=kinds.LINK_CREATED).count() == 1

    page = Client().get(public)
    assert page.status_code == 200
    assert page["X-Robots-Tag"] == "noindex" and "no-store" in page["Cache-Control"]
    text = page.content.decode()
    assert "One-click reorder" in text
    # Nothing beyond the customers' detail: no internal item (the management view shows
    # it), no owner, no reason, no confidence.
    assert "Secret pricing experiment" not in text
    assert str(world.owner) not in text
    assert "Returning buyers do not miss it" not in text
    assert "Confidence" not in text
    assert management.name not in text
    # Bound to its audience: the token opens the customers' view and nothing else.
    assert services.link_resolve(public.split("/")[3]).link == link

    services.link_revoke(actor=world.owner, link=link)
    gone = Client().get(public)
    assert gone.status_code == 404
    assert "This link has been revoked" in gone.content.decode()
    assert "One-click reorder" not in gone.content.decode()


def test_an_audience_digest_to_members_only_makes_no_share_link(world, moved):
    from leitstern.roadmap import services
    from leitstern.roadmap.models import AudienceLink

    customers = make_audience(world, preset="customers", roadmaps=[moved])
    services.follow_set(
        actor=world.viewer, workspace=world.workspace, following=True, audience=customers
    )
    assert _send() == 1
    assert not AudienceLink.objects.exists()
