"""The requests' rules: merges sum revenue without double counting, triage needs what it
names, commitments are decided once, bad input is refused whole."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from leitstern.activity.models import ActivityEntry
from leitstern.customers.tests.factory import make_organisation, make_segment
from leitstern.discovery.tests.factory import make_opportunity
from leitstern.requests import selectors, services
from leitstern.requests.models import (
    CommitmentState,
    Request,
    RequestAccount,
    RequestComment,
    Status,
)
from leitstern.requests.selectors.revenue import rollups
from leitstern.requests.tests.factory import make_commitment, make_request
from leitstern.roadmap.tests.factory import make_item, make_roadmap
from leitstern.testing import make_world

pytestmark = pytest.mark.django_db


def _org(world, name="", **data):
    return make_organisation(world.workspace, world.owner, name, **data)


def test_a_request_records_who_heard_it_and_the_accounts_revenue(world):
    a, b = _org(world), _org(world)
    request = make_request(world, organisations=[a, b], arr="1200")
    assert request.heard_by == world.contributor
    assert request.status == Status.NEW
    assert sorted(request.accounts.values_list("organisation", flat=True)) == sorted([a.pk, b.pk])
    assert selectors.requests_of(world.workspace).get(pk=request.pk).revenue == Decimal("2400")
    assert ActivityEntry.objects.filter(kind="requests.created", target_id=request.pk).exists()


@pytest.mark.parametrize(
    ("field", "account"),
    [
        ("arr", {"arr": Decimal("-1")}),
        ("amount", {"amount": Decimal("-5")}),
        ("close_date", {"close_date": timezone.localdate() - timedelta(days=1)}),
        ("stage", {"stage": "imagined"}),
    ],
)
def test_bad_deal_input_is_refused_and_nothing_is_saved(world, field, account):
    organisation = _org(world)
    with pytest.raises(ValidationError) as refused:
        services.request_create(
            actor=world.contributor,
            workspace=world.workspace,
            title="Invoice",
            problem="Buyers want invoices.",
            accounts=[services.AccountInput(organisation=organisation, **account)],
        )
    assert field in refused.value.message_dict
    assert not Request.objects.exists()


def test_an_organisation_of_another_workspace_is_refused(world):
    other = make_world()
    with pytest.raises(ValidationError) as refused:
        make_request(world, organisations=[_org(other)])
    assert "organisation" in refused.value.message_dict
    assert not Request.objects.filter(workspace=world.workspace).exists()


def test_the_workspace_currency_is_the_only_one_accepted(world):
    services.check_currency(world.workspace, "eur")
    with pytest.raises(ValidationError, match="Unknown currency"):
        services.check_currency(world.workspace, "XYZ")
    with pytest.raises(ValidationError, match="counts revenue in EUR"):
        services.check_currency(world.workspace, "USD")
    services.settings_update(
        actor=world.owner, workspace=world.workspace, currency="CHF", ageing_days=7
    )
    services.check_currency(world.workspace, "CHF")


def test_merge_moves_accounts_and_counts_an_organisation_once(world):
    a, b, c = _org(world), _org(world), _org(world)
    target = make_request(world, organisations=[a, b], arr="1000")
    twice = make_request(world, organisations=[b, c], arr="3000")
    services.comment_add(actor=world.editor, request=twice, body="Asked again at the QBR")
    commitment = make_commitment(world, twice)

    services.request_merge(actor=world.editor, target=target, sources=[twice])

    twice.refresh_from_db()
    assert twice.status == Status.MERGED and twice.merged_into == target
    arr = dict(target.accounts.values_list("organisation", "arr"))
    # b asked in both: once, with the larger revenue at stake; c moved over.
    assert arr == {a.pk: Decimal("1000"), b.pk: Decimal("3000"), c.pk: Decimal("3000")}
    assert RequestAccount.objects.filter(organisation=b).count() == 1
    assert selectors.requests_of(world.workspace, status="").get(pk=target.pk).revenue == Decimal(
        "7000"
    )
    assert not selectors.requests_of(world.workspace, status="").filter(pk=twice.pk).exists()
    assert RequestComment.objects.get().request == target
    commitment.refresh_from_db()
    assert commitment.request == target


def test_merge_refuses_other_workspaces_itself_and_merged_requests(world):
    other = make_world()
    target = make_request(world)
    foreign = make_request(other)
    with pytest.raises(ValidationError, match="different workspaces"):
        services.request_merge(actor=world.editor, target=target, sources=[foreign])
    with pytest.raises(ValidationError, match="into itself"):
        services.request_merge(actor=world.editor, target=target, sources=[target])
    source = make_request(world)
    services.request_merge(actor=world.editor, target=target, sources=[source])
    with pytest.raises(ValidationError, match="already merged"):
        services.request_merge(actor=world.editor, target=make_request(world), sources=[source])
    assert foreign.accounts.count() == 1


def test_triage_needs_what_the_status_names(world):
    request = make_request(world)
    for status, field in [
        (Status.LINKED, "opportunity"),
        (Status.PLANNED, "roadmap_item"),
        (Status.NOT_PLANNED, "reason"),
        (Status.RELEASED, "answer"),
    ]:
        with pytest.raises(ValidationError) as refused:
            services.request_triage(actor=world.editor, request=request, status=status)
        assert field in refused.value.message_dict
    request.refresh_from_db()
    assert request.status == Status.NEW and request.first_answer_at is None


def test_triage_links_records_the_first_answer_and_closes_with_an_answer(world):
    request = make_request(world)
    opportunity = make_opportunity(world)
    item = make_item(make_roadmap(world), world.owner)
    services.request_triage(
        actor=world.editor, request=request, status=Status.LINKED, opportunity=opportunity
    )
    first = request.first_answer_at
    assert first is not None
    services.request_triage(
        actor=world.editor,
        request=request,
        status=Status.NOT_PLANNED,
        reason="Not our market",
        answer="We will not build this; here is why.",
        roadmap_item=item,
    )
    request.refresh_from_db()
    assert request.first_answer_at == first
    assert request.closed_at is not None
    assert request.status == Status.NOT_PLANNED


def test_triage_refuses_links_to_another_workspace(world):
    other = make_world()
    request = make_request(world)
    with pytest.raises(ValidationError) as refused:
        services.request_triage(
            actor=world.editor,
            request=request,
            status=Status.LINKED,
            opportunity=make_opportunity(other),
        )
    assert "opportunity" in refused.value.message_dict


def test_close_the_loop_only_for_released_requests(world):
    request = make_request(world, title="Typo search")
    with pytest.raises(ValidationError):
        services.loop_close(actor=world.editor, request=request)
    services.request_triage(
        actor=world.editor, request=request, status=Status.RELEASED, answer="Live for all shops."
    )
    message = services.loop_close(actor=world.editor, request=request)
    assert "Typo search" in message and "Live for all shops." in message
    request.refresh_from_db()
    assert request.loop_closed_at is not None


def test_commitments_are_proposed_then_decided_once(world):
    commitment = make_commitment(world)
    assert commitment.state == CommitmentState.PROPOSED
    assert commitment.sales_owner == world.contributor
    services.commitment_decide(actor=world.editor, commitment=commitment, approve=True)
    assert commitment.state == CommitmentState.COMMITTED and commitment.agreed_by == world.editor
    # The same decision again (a retried request) changes nothing; the other is refused.
    again = services.commitment_decide(actor=world.owner, commitment=commitment, approve=True)
    assert again.version == commitment.version and again.agreed_by == world.editor
    with pytest.raises(ValidationError, match="already decided"):
        services.commitment_decide(actor=world.owner, commitment=commitment, approve=False)
    services.commitment_settle(actor=world.editor, commitment=commitment, kept=True)
    assert commitment.state == CommitmentState.KEPT


def test_a_promise_cannot_be_due_in_the_past(world):
    with pytest.raises(ValidationError) as refused:
        make_commitment(world, days=-1)
    assert "due_on" in refused.value.message_dict


def test_moving_a_date_needs_a_why_and_tells_the_sales_owner(
    world, mailoutbox, django_capture_on_commit_callbacks
):
    commitment = make_commitment(world, what="Invoice payment live")
    services.commitment_decide(actor=world.editor, commitment=commitment, approve=True)
    new = commitment.due_on + timedelta(days=30)
    with pytest.raises(ValidationError) as refused:
        services.commitment_move(actor=world.editor, commitment=commitment, due_on=new, why=" ")
    assert "why" in refused.value.message_dict
    with django_capture_on_commit_callbacks(execute=True):
        services.commitment_move(
            actor=world.editor, commitment=commitment, due_on=new, why="The partner API slipped."
        )
    commitment.refresh_from_db()
    assert commitment.due_on == new
    change = commitment.date_changes.get()
    assert change.why == "The partner API slipped."
    assert [m.to for m in mailoutbox] == [[world.contributor.email]]
    assert "The partner API slipped." in mailoutbox[0].body


def test_risk_is_overdue_red_and_unknown_without_a_forecast(world):
    commitment = make_commitment(world, days=10)
    risk = selectors.risk_of(commitment)
    assert risk.level == "unknown"
    late = selectors.risk_of(commitment, on=commitment.due_on + timedelta(days=1))
    assert late.overdue and late.level == "red"


def test_risk_comes_from_the_team_forecast(world):
    from leitstern.forecasts.tests.factory import make_team

    team = make_team(world, "Checkout squad", days=180, per_day=2.0)
    item = make_item(make_roadmap(world), world.owner, team=team, size_items=20, horizon="now")
    soon = make_commitment(world, days=3, roadmap_item=item)
    later = make_commitment(world, days=90, roadmap_item=item)
    soon_risk, later_risk = selectors.risk_of(soon), selectors.risk_of(later)
    assert soon.team == team
    # About 2 items a day: 20 items in 3 days is very unlikely, in 90 days nearly certain.
    assert soon_risk.level == "red" and soon_risk.percent < 20
    assert later_risk.level == "green" and later_risk.percent >= 85
    rows = selectors.commitments_with_risk(selectors.commitments_of(world.workspace))
    assert rows[0][0] == soon


def test_rollups_count_each_account_once_with_segments_and_dominance(world):
    small, big = (
        make_segment(world.workspace, world.owner, "Small"),
        make_segment(world.workspace, world.owner, "Big"),
    )
    a, b = _org(world, segment=small), _org(world, segment=big)
    item = make_item(make_roadmap(world), world.owner)
    first = make_request(world, organisations=[a], arr="1000")
    second = make_request(world, organisations=[a, b], arr="1500")
    huge = make_request(world, organisations=[b], arr="9000")
    for request in (first, second, huge):
        services.request_triage(
            actor=world.editor, request=request, status=Status.PLANNED, roadmap_item=item
        )
    (rollup,) = rollups(world.workspace, by="roadmap_item")
    # a counts once at its largest (1500), b once at 9000.
    assert rollup.revenue == Decimal("10500")
    assert rollup.accounts == 2 and rollup.requests == 4
    assert rollup.segments == {"Small": 1, "Big": 1}
    assert rollup.dominated and rollup.largest_name == b.name


def test_alignment_counts_the_quarter_and_four_quarters_of_promises(world):
    from datetime import date, datetime

    from leitstern.requests.models import Commitment

    quarter = selectors.Quarter(2026, 4)
    assert str(quarter.previous()) == "2026-Q3" and str(quarter.next()) == "2027-Q1"
    assert selectors.Quarter(2026, 1).previous() == selectors.Quarter(2025, 4)
    assert selectors.Quarter.parse("bogus", default=quarter) == quarter
    assert quarter.end == date(2026, 12, 31)
    made = timezone.make_aware(datetime(2026, 10, 5, 9))
    answered = [make_request(world), make_request(world), make_request(world)]
    for days, request in zip((1, 3, 8), answered, strict=True):
        Request.objects.filter(pk=request.pk).update(
            created_at=made, first_answer_at=made + timedelta(days=days), status=Status.REVIEW
        )
    kept, broken, old = make_commitment(world), make_commitment(world), make_commitment(world)
    Commitment.objects.filter(pk=kept.pk).update(state="kept", settled_on=date(2026, 11, 2))
    Commitment.objects.filter(pk=broken.pk).update(state="broken", settled_on=date(2026, 2, 2))
    Commitment.objects.filter(pk=old.pk).update(state="kept", settled_on=date(2025, 12, 31))
    data = selectors.alignment(world.workspace, quarter)
    assert data.median_days == 3.0 and data.answered == 3
    assert dict((s, n) for s, _label, n in data.by_status)["review"] == 3
    assert [(str(q), k, b) for q, k, b in data.kept_broken] == [
        ("2026-Q1", 0, 1),
        ("2026-Q2", 0, 0),
        ("2026-Q3", 0, 0),
        ("2026-Q4", 1, 0),
    ]
