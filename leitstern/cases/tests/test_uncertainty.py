"""Yes/no events and correlations between inputs: edited through the services, the pages
and the API; the engine's refusals by field with nothing saved; the result shows them."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.test import Client

from leitstern.accounts.services import api_token_create
from leitstern.activity.models import ActivityEntry
from leitstern.cases import services, uncertainty
from leitstern.cases.models import CaseCorrelation, CaseEvent
from leitstern.cases.tasks import compute_case
from leitstern.cases.tests.factory import make_case, make_event, make_line

pytestmark = pytest.mark.django_db
JSON = "application/json"


def _messages(error) -> dict[str, str]:
    return {field: " ".join(messages) for field, messages in error.value.message_dict.items()}


def _blank_with_ranges(world):
    """A blank case with three uncertain cost inputs (a, b, c) to correlate."""
    case = make_case(world, template="blank")
    for name in ("a", "b", "c"):
        make_line(case, world.owner, name=name, values={"amount": {"lower": 100, "upper": 400}})
    case.refresh_from_db()
    return case


def _saved(case) -> tuple:
    case.refresh_from_db()
    return (
        case.revision,
        CaseEvent.objects.filter(case=case).count(),
        CaseCorrelation.objects.filter(case=case).count(),
        ActivityEntry.objects.count(),
    )


def test_a_line_hanging_on_an_event_counts_only_in_the_futures_where_it_happens(world):
    case = make_case(world, template="blank", horizon_months=12, discount_rate=0.0)
    event = make_event(case, world.owner, name="Key customer signs", probability=0.3)
    make_line(case, world.owner, kind="benefit", driver="amount", category="other",
              name="Licence income", values={"amount": {"point": 1000}},
              event=event.key)  # fmt: skip
    case.refresh_from_db()
    compute_case.call(case_id=case.pk, revision=case.revision)
    case.refresh_from_db()
    npv = case.result["npv"]
    # 12 months × 1000 with a chance of 0.3: mean 3600, within Monte Carlo error.
    assert abs(npv["mean"] - 3600) < 4 * npv["se"] + 1
    assert npv["percentiles"]["50"] == 0
    keys = [row["key"] for row in case.result["sensitivity"]]
    assert f"events.{event.key}" in keys


@pytest.mark.parametrize("probability", [-0.1, 1.5])
def test_an_events_chance_outside_zero_to_one_is_refused_by_field(world, probability):
    case = make_case(world, template="blank")
    before = _saved(case)
    with pytest.raises(ValidationError) as error:
        make_event(case, world.owner, probability=probability)
    assert "probability" in error.value.message_dict
    assert _saved(case) == before


@pytest.mark.parametrize(
    ("first", "second", "rank", "field", "words"),
    [
        ("a.amount", "b.amount", 1.5, "rank", "from -1 to 1"),
        ("a.amount", "b.amount", -1.2, "rank", "from -1 to 1"),
        ("a.amount", "a.amount", 0.5, "__all__", "with itself"),
        ("a.amount", "nothing.amount", 0.5, "second", "no input"),
    ],
)
def test_an_impossible_correlation_is_refused_by_field_and_nothing_is_saved(
    world, first, second, rank, field, words
):
    case = _blank_with_ranges(world)
    before = _saved(case)
    with pytest.raises(ValidationError) as error:
        uncertainty.correlation_create(
            actor=world.owner, case=case, first=first, second=second, rank=rank
        )
    assert words in _messages(error)[field]
    assert _saved(case) == before


def test_correlations_that_cannot_all_hold_at_once_are_refused(world):
    case = _blank_with_ranges(world)
    make = uncertainty.correlation_create
    make(actor=world.owner, case=case, first="a.amount", second="b.amount", rank=0.6)
    make(actor=world.owner, case=case, first="a.amount", second="c.amount", rank=0.6)
    before = _saved(case)
    with pytest.raises(ValidationError) as error:
        make(actor=world.owner, case=case, first="b.amount", second="c.amount", rank=-0.9)
    assert "cannot all hold at once" in _messages(error)["__all__"]
    assert _saved(case) == before
    # The same pair may hold with a rank that fits the others.
    make(actor=world.owner, case=case, first="b.amount", second="c.amount", rank=0.5)
    assert case.correlations.count() == 3


def test_a_correlation_names_the_inputs_as_the_page_does(world):
    case = _blank_with_ranges(world)
    make_line(case, world.owner, name="d", values={"amount": {"point": 5}})
    with pytest.raises(ValidationError) as error:
        uncertainty.correlation_create(
            actor=world.owner, case=case, first="a.amount", second="d.amount", rank=0.5
        )
    assert "“d: amount” is known exactly" in _messages(error)["second"]


def test_an_input_made_certain_while_correlated_is_refused(world):
    case = _blank_with_ranges(world)
    event = make_event(case, world.owner, probability=0.4)
    uncertainty.correlation_create(
        actor=world.owner, case=case, first=event.input_key, second="a.amount", rank=0.5
    )
    with pytest.raises(ValidationError) as error:
        uncertainty.event_update(actor=world.owner, event=event, probability=1.0)
    assert "known exactly" in " ".join(error.value.messages)
    event.refresh_from_db()
    assert event.probability == 0.4


def test_an_event_a_line_hangs_on_cannot_be_removed_and_its_correlations_go_with_it(world):
    case = _blank_with_ranges(world)
    event = make_event(case, world.owner, name="Audit", probability=0.2)
    uncertainty.correlation_create(
        actor=world.owner, case=case, first=event.input_key, second="a.amount", rank=0.5
    )
    line = case.lines.get(key="b")
    services.line_update(actor=world.owner, line=line, event=event.key)
    with pytest.raises(ValidationError) as error:
        uncertainty.event_delete(actor=world.owner, event=event)
    assert "b" in " ".join(error.value.messages)
    services.line_update(actor=world.owner, line=line, event="")
    uncertainty.event_delete(actor=world.owner, event=event, why="No audit this year")
    assert not case.events.exists() and not case.correlations.exists()
    entry = ActivityEntry.objects.filter(kind="cases.event.changed").latest("id")
    assert entry.note == "No audit this year"


def test_a_line_naming_an_unknown_event_is_refused(world):
    case = make_case(world, template="blank")
    with pytest.raises(ValidationError) as error:
        make_line(case, world.owner, event="moon")
    assert "no yes/no event" in _messages(error)["event"]


def test_an_event_change_from_an_outdated_revision_is_refused_and_raises_the_revision(world):
    case = make_case(world, template="blank")
    event = make_event(case, world.owner, probability=0.3)
    case.refresh_from_db()
    opened = case.revision
    uncertainty.event_update(actor=world.editor, event=event, probability=0.5, revision=opened)
    case.refresh_from_db()
    assert case.revision == opened + 1
    with pytest.raises(ValidationError):
        uncertainty.event_update(actor=world.owner, event=event, probability=0.6, revision=opened)
    event.refresh_from_db()
    assert event.probability == 0.5


# --- pages ---------------------------------------------------------------------------------


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _url(world, tail: str) -> str:
    return f"/w/{world.workspace.slug}/cases/{tail}"


def test_events_and_correlations_are_edited_on_pages_with_field_messages(world):
    case = _blank_with_ranges(world)
    client = _client(world.editor)
    bad = client.post(
        _url(world, f"{case.pk}/events/new/"),
        {"name": "Audit", "probability": "1.5", "revision": case.revision},
    )
    assert bad.status_code == 200 and not case.events.exists()
    assert "probability" in bad.context["form"].errors
    added = client.post(
        _url(world, f"{case.pk}/events/new/"),
        {"name": "Audit", "probability": "0.25", "revision": case.revision},
    )
    assert added.status_code == 302, added.context["form"].errors
    case.refresh_from_db()
    bad = client.post(
        _url(world, f"{case.pk}/correlations/new/"),
        {"first": "a.amount", "second": "a.amount", "rank": "0.5", "revision": case.revision},
    )
    assert "with itself" in str(bad.context["form"].non_field_errors())
    form = client.get(_url(world, f"{case.pk}/correlations/new/")).content.decode()
    assert 'value="events.audit"' in form and "Audit: happens" in form
    client.post(
        _url(world, f"{case.pk}/correlations/new/"),
        {"first": "events.audit", "second": "a.amount", "rank": "-0.4", "revision": case.revision},
    )
    correlation = case.correlations.get()
    assert (correlation.first, correlation.second, correlation.rank) == (
        "events.audit",
        "a.amount",
        -0.4,
    )
    html = _client(world.viewer).get(_url(world, f"{case.pk}/")).content.decode()
    assert "Audit: happens" in html and "a: amount" in html and "25%" in html
    assert f"/cases/correlations/{correlation.pk}/edit/" not in html  # a viewer edits nothing
    page = client.get(_url(world, f"{case.pk}/")).content.decode()
    assert f"/cases/correlations/{correlation.pk}/edit/" in page


def test_a_viewer_cannot_open_the_editors(world):
    case = _blank_with_ranges(world)
    event = make_event(case, world.owner)
    client = _client(world.viewer)
    assert client.get(_url(world, f"{case.pk}/events/new/")).status_code == 404
    assert client.post(_url(world, f"events/{event.pk}/delete/")).status_code == 404
    assert case.events.count() == 1


# --- API -----------------------------------------------------------------------------------


def _api(world, user) -> Client:
    _token, raw = api_token_create(actor=user, workspace=world.workspace, name="test")
    return Client(headers={"Authorization": f"Bearer {raw}"})


def test_the_api_creates_changes_and_removes_events_and_correlations(world):
    case = _blank_with_ranges(world)
    api = _api(world, world.editor)
    base = f"/api/v1/workspaces/{world.workspace.slug}"
    bad = api.post(base + f"/cases/{case.pk}/events", {"name": "Audit", "probability": 2}, JSON)
    assert bad.status_code == 422
    assert [e["field"] for e in bad.json()["errors"]] == ["probability"]
    event = api.post(base + f"/cases/{case.pk}/events", {"name": "Audit", "probability": 0.2}, JSON)
    assert event.status_code == 201, event.content
    event_id = event.json()["id"]
    body = {"first": "a.amount", "second": "b.amount", "rank": 3}
    bad = api.post(base + f"/cases/{case.pk}/correlations", body, JSON)
    assert bad.status_code == 422
    assert [e["field"] for e in bad.json()["errors"]] == ["rank"]
    body["rank"] = 0.6
    created = api.post(base + f"/cases/{case.pk}/correlations", body, JSON)
    assert created.status_code == 201, created.content
    correlation_id = created.json()["id"]
    changed = api.patch(base + f"/case-correlations/{correlation_id}", {"rank": 0.7}, JSON)
    assert changed.json()["rank"] == 0.7
    detail = api.get(base + f"/cases/{case.pk}").json()
    assert [e["key"] for e in detail["events"]] == ["audit"]
    assert [c["rank"] for c in detail["correlations"]] == [0.7]
    assert (
        api.patch(base + f"/case-events/{event_id}", {"probability": 0.5}, JSON).json()[
            "probability"
        ]
        == 0.5
    )
    assert api.delete(base + f"/case-correlations/{correlation_id}").status_code == 204
    assert api.delete(base + f"/case-events/{event_id}").status_code == 204
    assert not case.events.exists() and not case.correlations.exists()
