"""The demo company's stakeholder map: the numbers the issue asks for, and the suggestion
the demo is built to show."""

from __future__ import annotations

import pytest
from django.utils import timezone

from leitstern.stakeholders import selectors, wording
from leitstern.stakeholders.models import Conversation, Influence, PlanItem, Stakeholder, Theme
from leitstern.workspaces.models import Membership, Role


@pytest.fixture
def anna(demo, db):
    return Membership.objects.select_related("workspace", "user").get(
        workspace=demo, role=Role.OWNER
    )


def test_the_demo_has_25_people_in_every_part_of_the_company(demo, db):
    people = Stakeholder.objects.filter(workspace=demo)
    assert people.count() == 25
    departments = set(people.values_list("department", flat=True))
    assert {"Management", "Sales", "IT", "Marketing", "Business Intelligence"} <= departments
    assert "Customer Service" in departments
    assert people.exclude(organisation="").count() == 2


def test_the_official_and_the_real_line_differ(demo, db):
    vogel = Stakeholder.objects.get(workspace=demo, name="Dr. Henrik Vogel")
    weber = Stakeholder.objects.get(workspace=demo, name="Frank Weber")
    assert weber.reports_to == vogel
    # The CEO listens most to his head of sales, who officially reports to him.
    strongest = Influence.objects.filter(listener=vogel).order_by("-strength").first()
    assert strongest.influencer == weber and strongest.strength == 3
    stein = Stakeholder.objects.get(workspace=demo, name="Markus Stein")
    klein = Stakeholder.objects.get(workspace=demo, name="Dr. Jürgen Klein")
    assert stein.reports_to.name == "Katrin Albers"
    assert Influence.objects.filter(listener=klein, influencer=stein).exists()


def test_the_demo_has_gaps_a_log_and_a_plan(demo, anna):
    view = selectors.map_for(anna)
    rows = selectors.attention(view, timezone.localdate())
    assert len(selectors.needing_attention(rows)) >= 8
    assert Conversation.objects.filter(stakeholder__workspace=demo).count() >= 10
    items = PlanItem.objects.filter(workspace=demo)
    assert items.count() == 8
    assert any(item.is_overdue(timezone.localdate()) for item in items)
    assert Theme.objects.filter(workspace=demo).count() == 4


def test_to_win_over_klein_on_pricing_talk_to_yilmaz_first(demo, anna):
    view = selectors.map_for(anna)
    klein = Stakeholder.objects.get(workspace=demo, name="Dr. Jürgen Klein")
    pricing = Theme.objects.get(workspace=demo, name="Usage-based pricing")
    answer = view.suggestions(klein, pricing)
    found, _against = wording.suggestions(view.by_id, klein, answer, pricing)
    assert found[0].person.name == "Selin Yılmaz"
    assert found[0].sentence == (
        "To win over Dr. Jürgen Klein (resistant, opposes the theme, high power), talk to "
        "Selin Yılmaz first: "
        "Dr. Jürgen Klein listens to Selin Yılmaz (strong), and Selin Yılmaz supports "
        "“Usage-based pricing”."
    )
