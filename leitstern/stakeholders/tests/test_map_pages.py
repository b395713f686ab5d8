"""The grid, network and attention pages at a size where drawing everyone stops being
readable: what is drawn is bounded and the rest counted with a way to see it, filters
narrow by product, department and quadrant, and the queries do not grow with the map."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from leitstern.stakeholders import analyses, selectors, services, wording
from leitstern.stakeholders.models import Stakeholder
from leitstern.stakeholders.tests.factory import (
    make_conversation,
    make_influence,
    make_plan_item,
    make_stakeholder,
    make_theme,
)
from leitstern.stakeholders.views import analyses as grid_views
from leitstern.stakeholders.views import network as network_views
from leitstern.workspaces.models import Membership

pytestmark = pytest.mark.django_db


def _people(world, n: int, *, department: str = "Sales", start: int = 0) -> list[Stakeholder]:
    """``n`` placed people with a gap in engagement, tied in a chain, owned by the owner."""
    people = []
    for i in range(start, start + n):
        person = make_stakeholder(
            world.workspace,
            world.owner,
            f"Person {i:03d}",
            department=department,
            relationship_owner=world.owner,
        )
        services.grid_place(
            actor=world.owner, stakeholder=person, power=5 + (i % 5), interest=5 + (i % 4)
        )
        services.engagement_assess(
            actor=world.owner, stakeholder=person, current="resistant", desired="supportive"
        )
        if people:
            make_influence(people[-1], person, world.owner)
        people.append(person)
    return people


def _get(client, world, name: str, query: str = ""):
    url = reverse(f"stakeholders:{name}", kwargs={"slug": world.workspace.slug})
    response = client.get(f"{url}?{query}" if query else url)
    assert response.status_code == 200, name
    return response.content.decode()


def _queries(client, world, name: str) -> int:
    _get(client, world, name)  # the first visit fills the centrality cache
    with CaptureQueriesContext(connection) as captured:
        _get(client, world, name)
    return len(captured.captured_queries)


@pytest.mark.parametrize("name", ["grid", "network", "attention"])
def test_the_queries_of_a_map_page_do_not_grow_with_the_people(world, client, name):
    client.force_login(world.owner)
    _people(world, 3)
    few = _queries(client, world, name)
    _people(world, 12, department="IT", start=3)
    assert _queries(client, world, name) == few


def test_the_grid_draws_the_most_powerful_and_counts_the_rest(world, client, monkeypatch):
    monkeypatch.setattr(grid_views, "CHART_LIMIT", 3)
    client.force_login(world.owner)
    people = _people(world, 6)
    html = _get(client, world, "grid")
    drawn = re.findall(r'class="sh-(?:dot|spot)"', html)
    assert 1 <= len(drawn) <= 3
    assert "The 3 people with the most power and interest are drawn; 3 more are not." in html
    assert 'href="#positions">see everyone in the table' in html
    # Every one of them is still in the table under the chart.
    for person in people:
        assert f'id="row-{person.pk}"' in html


def test_the_grid_filter_narrows_the_chart_and_the_table(world, client):
    client.force_login(world.owner)
    sales = _people(world, 2, department="Sales")
    it = _people(world, 2, department="IT", start=2)
    html = _get(client, world, "grid", "department=IT")
    assert all(f'id="row-{p.pk}"' in html for p in it)
    assert not any(f'id="row-{p.pk}"' in html for p in sales)
    assert not any(f'data-id="{p.pk}"' in html for p in sales)
    # The row forms send the filter back, so a saved move returns to the same view.
    assert '<input type="hidden" name="department" value="IT">' in html


def test_the_grid_keeps_the_filter_after_a_move(world, client):
    client.force_login(world.owner)
    person = _people(world, 1, department="IT")[0]
    url = reverse("stakeholders:grid_set", kwargs={"slug": world.workspace.slug, "pk": person.pk})
    response = client.post(url, {"next": "grid", "department": "IT", "move": "power_up"})
    assert response.status_code == 302
    assert "department=IT" in response["Location"]
    person.refresh_from_db()
    assert person.power == 6


@pytest.mark.parametrize(
    "power,interest",
    [(5, 5), (4.9, 5), (5, 4.9), (4.9, 4.9), (10, 0), (0, 10), (0, 0), (10, 10)],
)
def test_the_database_puts_a_person_in_the_quadrant_the_rule_names(world, power, interest):
    person = make_stakeholder(world.workspace, world.owner)
    services.grid_place(actor=world.owner, stakeholder=person, power=power, interest=interest)
    found = [
        code
        for code in analyses.QUADRANTS
        if Stakeholder.objects.in_quadrant(code).filter(pk=person.pk).exists()
    ]
    assert found == [analyses.quadrant(power, interest)]
    member = Membership.objects.get(workspace=world.workspace, user=world.owner)
    counts = selectors.quadrant_counts(selectors.visible(member))
    assert counts[analyses.quadrant(power, interest)] == 1
    assert sum(counts.values()) == 1


def test_an_unplaced_person_is_in_no_quadrant(world):
    person = make_stakeholder(world.workspace, world.owner)
    assert not any(
        Stakeholder.objects.in_quadrant(code).filter(pk=person.pk).exists()
        for code in analyses.QUADRANTS
    )


def test_the_network_draws_the_widest_reach_with_the_ties_among_them(world, client, monkeypatch):
    monkeypatch.setattr(network_views, "GRAPH_LIMIT", 3)
    client.force_login(world.owner)
    _people(world, 6)
    response = client.get(reverse("stakeholders:network", kwargs={"slug": world.workspace.slug}))
    graph = response.context["graph"]
    drawn = {node["id"] for node in graph["nodes"]}
    assert len(drawn) == 3
    assert all(link["source"] in drawn and link["target"] in drawn for link in graph["links"])
    html = response.content.decode()
    assert "3 more people are not." in html
    assert f"{5 - len(graph['links'])} ties are not drawn." in html
    # The table of numbers still ranks everyone.
    assert len(response.context["table"].paginator.object_list) == 6


def test_the_network_filter_narrows_the_people_and_ties(world, client):
    client.force_login(world.owner)
    sales = _people(world, 3, department="Sales")
    it = _people(world, 2, department="IT", start=3)
    make_influence(sales[0], it[0], world.owner)
    url = reverse("stakeholders:network", kwargs={"slug": world.workspace.slug})
    response = client.get(f"{url}?department=IT")
    assert {node["id"] for node in response.context["graph"]["nodes"]} == {str(p.pk) for p in it}
    assert response.context["tie_count"] == 1  # the tie inside IT, not the one from Sales


def test_a_private_person_stays_out_of_another_editors_ties(world, client):
    secret = make_stakeholder(world.workspace, world.owner, "Hidden Heidi", private=True)
    public = make_stakeholder(world.workspace, world.owner, "Open Otto")
    make_influence(secret, public, world.owner)
    client.force_login(world.editor)
    html = _get(client, world, "network")
    assert "Hidden Heidi" not in html
    assert "0 ties" in html


def test_the_cached_centrality_is_the_one_computed_from_the_rows(world):
    people = _people(world, 5)
    make_influence(people[4], people[0], world.owner, strength=3)
    member = Membership.objects.get(workspace=world.workspace, user=world.owner)
    fresh = selectors.map_for(member, stances=False).centrality
    with CaptureQueriesContext(connection) as captured:
        cached = selectors.centrality_for(member)
    assert cached.ids == fresh.ids
    assert list(cached.reach) == list(fresh.reach)
    assert list(cached.betweenness) == list(fresh.betweenness)
    assert not any("stakeholders_influence" in q["sql"] for q in captured.captured_queries)
    # A new tie changes the revision: computed anew.
    make_influence(people[0], people[2], world.owner, strength=3)
    again = selectors.centrality_for(member)
    assert list(again.influence) != list(fresh.influence)


def test_attention_shows_the_owner_of_silent_key_players_and_filters(world, client):
    client.force_login(world.owner)
    _people(world, 2, department="Sales")
    it = _people(world, 1, department="IT", start=2)
    html = _get(client, world, "attention", "department=IT")
    assert it[0].name in html
    assert "Person 000" not in html
    assert str(world.owner) in html


def _person_page(client, world, person, query: str = "") -> str:
    url = reverse("stakeholders:stakeholder", args=[world.workspace.slug, person.pk])
    response = client.get(f"{url}?{query}" if query else url)
    assert response.status_code == 200
    return response.content.decode()


def test_a_person_page_reads_their_neighbourhood_not_the_whole_map(world, client):
    client.force_login(world.owner)
    people = _people(world, 6)  # a chain: 0 → 1 → … → 5
    target = people[-1]
    _person_page(client, world, target)  # fills the centrality cache
    with CaptureQueriesContext(connection) as small:
        _person_page(client, world, target)
    # far more people and ties elsewhere on the map, and one more route into the target
    others = _people(world, 30, department="IT", start=6)
    for a, b in zip(others, others[5:], strict=False):
        make_influence(a, b, world.owner)
    make_influence(others[0], people[-2], world.owner)
    _person_page(client, world, target)
    with CaptureQueriesContext(connection) as large:
        html = _person_page(client, world, target)
    assert len(large.captured_queries) == len(small.captured_queries)
    # no query reads every tie of the workspace: each names the listeners it wants
    tie_reads = [q["sql"] for q in large.captured_queries if "stakeholders_influence" in q["sql"]]
    assert tie_reads and all("listener_id" in sql and " IN " in sql for sql in tie_reads), tie_reads
    # what it says is what the whole map says
    member = Membership.objects.get(workspace=world.workspace, user=world.owner)
    whole = selectors.map_for(member)
    answer = whole.suggestions(target, None)
    assert answer.candidates
    near = selectors.neighbourhood_for(member, target)
    assert near.suggestions(target, None).as_dict() == answer.as_dict()
    assert len(near.by_id) < len(whole.by_id)
    best = whole.by_id[answer.candidates[0].person]
    assert best.name in html
    # routes from someone three ties away are found as on the whole map
    source = people[-4]
    page = _person_page(client, world, target, f"from={source.pk}")
    routes = whole.paths(source, target)
    assert routes and len(routes[0].people) == 4
    near = selectors.neighbourhood_for(member, target, steps=3, also=source)
    assert near.paths(source, target) == routes
    assert wording.route(whole.by_id, routes[0]) in page


PERSON_PAGE_BUDGET = 20  # issue 9's budget per page


def _fill_around(world, person, theme, n: int, start: int) -> None:
    """``n`` more of everything the person page lists: ties both ways, reports, talks,
    plan rows, stances of the people around."""
    for i in range(start, start + n):
        other = make_stakeholder(world.workspace, world.owner, f"Around {i:03d}", reports_to=person)
        make_influence(other, person, world.owner)
        make_influence(person, other, world.owner, strength=3)
        services.stance_set(actor=world.owner, stakeholder=other, theme=theme, attitude="opposes")
        make_conversation(person, world.owner)
        make_plan_item(world.workspace, world.owner, stakeholder=person)


def test_a_person_page_stays_in_the_query_budget_however_much_they_have(world, client):
    client.force_login(world.owner)
    person = make_stakeholder(world.workspace, world.owner, "Busy Person")
    theme = make_theme(world.workspace, world.owner)
    services.stance_set(actor=world.owner, stakeholder=person, theme=theme, attitude="supports")
    _fill_around(world, person, theme, 2, start=0)
    _person_page(client, world, person)  # fills the centrality cache
    with CaptureQueriesContext(connection) as few:
        _person_page(client, world, person)
    _fill_around(world, person, theme, 10, start=2)
    _person_page(client, world, person)
    with CaptureQueriesContext(connection) as many:
        html = _person_page(client, world, person)
    assert len(few.captured_queries) <= PERSON_PAGE_BUDGET
    # no query per tie, report, conversation or plan row
    assert len(many.captured_queries) == len(few.captured_queries)
    # the ties are read once, both ways, with the people on either end
    tie_lists = [
        q["sql"]
        for q in many.captured_queries
        if 'FROM "stakeholders_influence"' in q["sql"]
        and '"stakeholders_influence"."note"' in q["sql"]
        and "ORDER BY" in q["sql"]
        and "strength" in q["sql"].split("ORDER BY")[1]
    ]
    assert len(tie_lists) == 1, tie_lists
    assert html.count("Around 011") >= 2  # listed among those they listen to and who listen
