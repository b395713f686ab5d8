"""The map's rules through its services and pages: bad input refused by field with nothing
half-saved, positions that keep their trail, who sees what, erasure and the personal-data
export."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from leitstern.activity.models import ActivityEntry
from leitstern.core.portability.personal import personal_data
from leitstern.stakeholders import access, selectors, services
from leitstern.stakeholders.models import Influence, PositionRecord, Stakeholder
from leitstern.stakeholders.tests.factory import (
    make_conversation,
    make_influence,
    make_stakeholder,
)
from leitstern.workspaces.models import Membership

pytestmark = pytest.mark.django_db


def _member(world, role: str) -> Membership:
    return Membership.objects.get(workspace=world.workspace, user=world.user(role))


def test_nobody_influences_themselves(world):
    klein = make_stakeholder(world.workspace, world.owner, "Dr. Klein")
    with pytest.raises(ValidationError) as error:
        services.influence_add(actor=world.owner, influencer=klein, listener=klein)
    assert "cannot influence themselves" in str(error.value.message_dict["influencer"])
    assert not Influence.objects.exists()


def test_a_second_tie_for_the_same_pair_is_refused_but_the_other_direction_is_not(world):
    klein = make_stakeholder(world.workspace, world.owner, "Dr. Klein")
    yilmaz = make_stakeholder(world.workspace, world.owner, "Selin Yilmaz")
    make_influence(yilmaz, klein, world.owner, strength=3)
    with pytest.raises(ValidationError) as error:
        make_influence(yilmaz, klein, world.owner, strength=1)
    assert "already listens to" in str(error.value.message_dict["influencer"])
    make_influence(klein, yilmaz, world.owner, strength=1)
    assert sorted(Influence.objects.values_list("strength", flat=True)) == [1, 3]


@pytest.mark.parametrize("strength", [0, 4, -1, True, "3"])
def test_a_strength_outside_one_to_three_is_refused(world, strength):
    a = make_stakeholder(world.workspace, world.owner)
    b = make_stakeholder(world.workspace, world.owner)
    with pytest.raises(ValidationError) as error:
        make_influence(a, b, world.owner, strength=strength)
    assert "1 (weak), 2 (medium) or 3 (strong)" in str(error.value.message_dict["strength"])
    assert not Influence.objects.exists()


@pytest.mark.parametrize(
    "power,interest,field",
    [(11, 5, "power"), (5, -0.5, "interest"), (float("nan"), 5, "power"), ("x", 5, "power")],
)
def test_a_grid_position_outside_the_axes_is_refused_and_nothing_moves(
    world, power, interest, field
):
    person = make_stakeholder(world.workspace, world.owner)
    services.grid_place(actor=world.owner, stakeholder=person, power=3, interest=4)
    with pytest.raises(ValidationError) as error:
        services.grid_place(actor=world.owner, stakeholder=person, power=power, interest=interest)
    assert field in error.value.message_dict
    person.refresh_from_db()
    assert (person.power, person.interest) == (3, 4)
    assert PositionRecord.objects.filter(stakeholder=person).count() == 1


def test_positions_keep_their_trail_and_an_earlier_day_does_not_move_the_person(world):
    person = make_stakeholder(world.workspace, world.owner)
    today = timezone.localdate()
    services.grid_place(actor=world.owner, stakeholder=person, power=2, interest=3)
    services.grid_place(
        actor=world.owner,
        stakeholder=person,
        power=9,
        interest=9,
        day=today - timedelta(days=30),
    )
    services.grid_place(actor=world.owner, stakeholder=person, power=8, interest=7)
    person.refresh_from_db()
    assert (person.power, person.interest, person.quadrant) == (8, 7, "manage_closely")
    trail = list(person.positions.filter(analysis="grid").values_list("power", flat=True))
    assert trail == [9, 2, 8]  # oldest day first


def test_the_engagement_gap_puts_people_on_the_attention_list(world):
    resistant = make_stakeholder(world.workspace, world.owner, "Dr. Klein")
    fine = make_stakeholder(world.workspace, world.owner, "Frau Yilmaz")
    services.engagement_assess(
        actor=world.owner, stakeholder=resistant, current="resistant", desired="supportive"
    )
    services.engagement_assess(
        actor=world.owner, stakeholder=fine, current="supportive", desired="supportive"
    )
    assert resistant.engagement_gap == 2 and fine.engagement_gap == 0
    rows = selectors.attention(selectors.map_for(_member(world, "owner")), timezone.localdate())
    needing = [row.person.name for row in selectors.needing_attention(rows)]
    assert needing == ["Dr. Klein"]


def test_contributors_and_viewers_see_no_stakeholder_and_get_404(world, client):
    person = make_stakeholder(world.workspace, world.owner)
    for role in ("contributor", "viewer"):
        member = _member(world, role)
        assert not selectors.visible(member).exists()
        client.force_login(world.user(role))
        for name, kwargs in [("index", {}), ("stakeholder", {"pk": person.pk})]:
            url = reverse(f"stakeholders:{name}", kwargs={"slug": world.workspace.slug, **kwargs})
            assert client.get(url).status_code == 404, (role, name)
        home = client.get(reverse("site:home", kwargs={"slug": world.workspace.slug}))
        assert reverse("stakeholders:index", kwargs={"slug": world.workspace.slug}) not in (
            home.content.decode()
        )
        activity = client.get(reverse("activity:list", kwargs={"slug": world.workspace.slug}))
        assert person.name not in activity.content.decode()


def test_a_private_stakeholder_is_seen_by_their_keeper_alone(world):
    secret = make_stakeholder(world.workspace, world.editor, "Private Person", private=True)
    assert access.get_stakeholder_for(_member(world, "editor"), secret.pk) == secret
    with pytest.raises(Exception) as error:
        access.get_stakeholder_for(_member(world, "owner"), secret.pk)
    assert error.typename == "Http404"
    entries = ActivityEntry.objects.filter(target_id=secret.pk, kind__startswith="stakeholders.")
    assert entries.exists()
    assert not entries.filter(target_label__contains="Private").exists()


def test_erasure_removes_the_person_their_ties_talks_and_their_name_in_the_log(world):
    klein = make_stakeholder(world.workspace, world.owner, "Dr. Jürgen Klein")
    other = make_stakeholder(world.workspace, world.owner, "Selin Yilmaz")
    make_influence(other, klein, world.owner)
    make_conversation(klein, world.owner, topic="Pricing with Klein")
    with pytest.raises(Exception) as error:
        access.get_erasable_for(_member(world, "editor"), klein.pk)
    assert error.typename == "Http404"
    services.stakeholder_erase(actor=world.owner, stakeholder=klein)
    assert not Stakeholder.objects.filter(pk=klein.pk).exists()
    assert not Influence.objects.exists()
    logged = " ".join(
        f"{e.target_label} {e.changes} {e.note}"
        for e in ActivityEntry.objects.filter(workspace=world.workspace)
    )
    assert "Klein" not in logged
    assert Stakeholder.objects.filter(pk=other.pk).exists()


def test_a_linked_member_gets_what_is_stored_about_them(world):
    person = make_stakeholder(
        world.workspace, world.owner, "Carl Contributor", member=world.contributor, notes="Ally"
    )
    services.grid_place(actor=world.owner, stakeholder=person, power=6, interest=7)
    make_conversation(person, world.owner, topic="Quarterly review")
    records = personal_data(world.contributor)["sections"]["stakeholder_records"]
    assert len(records) == 1
    assert records[0]["notes"] == "Ally"
    assert (records[0]["power"], records[0]["interest"]) == (6, 7)
    assert "Quarterly review" in str(records[0])
