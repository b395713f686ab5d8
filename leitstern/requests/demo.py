"""Nordwind Commerce's sales requests: 60 requests from 20 merchant accounts with revenue at
stake, triaged over the last quarter (linked to opportunities and roadmap items, some not
planned with a reason, some released), and six commitments: one overdue, one at risk by
its team's forecast, one moved with a reason, one kept and one broken last quarter.

Everything is written through the services; afterwards each request's and commitment's
dates are set back to when it happened (a quarter of history for the triage inbox's
ageing and for promises kept and broken)."""

from __future__ import annotations

import random
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from leitstern.core.seeding import DemoContext
from leitstern.discovery.models import Opportunity
from leitstern.requests import services
from leitstern.requests.models import Commitment, Request, Source, Stage, Status, Urgency
from leitstern.roadmap.models import RoadmapItem

# (title, the customer's words, roadmap item, opportunity, status, answer)
PROBLEMS = [
    (
        "Size advice for fashion shops",
        "Our returns are killing us: people order three sizes and send two back.",
        "Size advisor on product pages",
        None,
        Status.PLANNED,
        "It is being built now; we will tell you when it is live.",
    ),
    (
        "Invoice payment for Austrian buyers",
        "Half of our Austrian customers want to pay on invoice, and we lose them at checkout.",
        None,
        "I want to pay after the parcel has arrived",
        Status.LINKED,
        "",
    ),
    (
        "Search finds nothing with typos",
        "Customers type 'Fahradhelm' and get zero results.",
        "Search that forgives typos",
        None,
        Status.RELEASED,
        "Search now finds products despite typos; it is live for every shop.",
    ),
    (
        "Delivery date in the cart",
        "Buyers call us to ask when the parcel arrives.",
        "Delivery dates shoppers can trust",
        "I don't know when my parcel will arrive",
        Status.PLANNED,
        "Planned for this quarter.",
    ),
    (
        "Bulk upload of products",
        "We have 4,000 products; typing them in one by one is impossible.",
        "Bulk listing upload",
        None,
        Status.PLANNED,
        "",
    ),
    (
        "Weekly payouts",
        "We wait a month for our money; our suppliers want to be paid weekly.",
        "Payouts every week",
        None,
        Status.REVIEW,
        "",
    ),
    (
        "Apple Pay in every shop",
        "Young buyers expect Apple Pay; without it they leave.",
        None,
        "My preferred way to pay is missing",
        Status.LINKED,
        "",
    ),
    (
        "Gift cards for the Christmas season",
        "Customers ask for gift cards every December.",
        "Gift cards",
        None,
        Status.PLANNED,
        "",
    ),
    (
        "Accessible shop for public customers",
        "Our public-sector buyers require an accessibility statement.",
        "Accessibility audit before the trade fair",
        None,
        Status.PLANNED,
        "",
    ),
    (
        "Own mobile app for our shop",
        "We want our own app in the App Store.",
        None,
        None,
        Status.NOT_PLANNED,
        "We are not building shop apps; the mobile shop gets faster instead.",
    ),
    (
        "Faster product pages on phones",
        "Our product pages take ages on the phone.",
        "Faster product pages on mobile",
        None,
        Status.REVIEW,
        "",
    ),
    (
        "Back-in-stock emails",
        "Buyers ask us to tell them when a size is back.",
        "Back-in-stock alerts",
        None,
        Status.NEW,
        "",
    ),
    (
        "TWINT for Swiss buyers",
        "Swiss buyers ask for TWINT all the time.",
        None,
        "My preferred way to pay is missing",
        Status.NEW,
        "",
    ),
    (
        "Shop in French",
        "Our Swiss-French customers want the shop in French.",
        None,
        None,
        Status.NEW,
        "",
    ),
    (
        "Export orders to our ERP",
        "We retype every order into our ERP system.",
        None,
        None,
        Status.REVIEW,
        "",
    ),
]
NOT_PLANNED_REASON = "Outside what we build for the next year: merchants' apps stay web shops."
STAGES = [Stage.RENEWAL, Stage.NEGOTIATION, Stage.PROPOSAL, Stage.QUALIFIED, Stage.WON, Stage.LOST]
SOURCES = [Source.SALES_CALL, Source.SUPPORT, Source.QBR, Source.LOST_DEAL]
URGENCIES = [Urgency.LOW, Urgency.MEDIUM, Urgency.MEDIUM, Urgency.HIGH, Urgency.CRITICAL]


def seed(context: DemoContext) -> None:
    workspace, people = context.workspace, context.people
    rng = random.Random(14)
    today = timezone.localdate()
    now = timezone.now()
    sales = [
        people["lea.hoffmann@nordwind.example"],
        people["tobias.wagner@nordwind.example"],
        people["sofia.marin@nordwind.example"],
    ]
    product = people["jonas.keller@nordwind.example"]
    # Nordwind counts revenue in euros and looks at requests waiting longer than two weeks.
    services.settings_update(actor=product, workspace=workspace, currency="EUR", ageing_days=14)
    organisations = context.extra["customers"]["organisations"][:20]
    items = {i.title: i for i in RoadmapItem.objects.filter(roadmap__workspace=workspace)}
    opportunities = {o.title: o for o in Opportunity.objects.filter(product__workspace=workspace)}
    made: list[Request] = []
    # Four requests per problem (60 in all), each from its own account.
    for number in range(60):
        title, words, item_title, opportunity_title, status, answer = PROBLEMS[number % 15]
        organisation = organisations[(number * 7) % 20]
        arr = organisation.arr or Decimal(1188)
        stage = STAGES[number % len(STAGES)]
        days_ago = 5 + (number * 37) % 85
        request = services.request_create(
            actor=sales[number % 3],
            workspace=workspace,
            title=title if number < 15 else f"{title} ({organisation.name})",
            problem=words,
            source=SOURCES[number % 4],
            urgency=URGENCIES[number % 5],
            deadline=today + timedelta(days=30 + 10 * (number % 9)) if number % 4 == 0 else None,
            accounts=[
                services.AccountInput(
                    organisation=organisation,
                    arr=(arr * Decimal(rng.choice([1, 1, 2, 3]))).quantize(Decimal("1")),
                    deal=f"{organisation.name} {stage.label}".strip()[:200],
                    stage=stage,
                    amount=(arr * 2).quantize(Decimal("1")),
                    close_date=today + timedelta(days=14 + number % 60),
                )
            ],
        )
        Request.objects.filter(pk=request.pk).update(created_at=now - timedelta(days=days_ago))
        request.refresh_from_db()
        if number % 4 == 3 and status not in (Status.NEW,):
            # The last of each four stays waiting: the inbox has old and young requests.
            made.append(request)
            continue
        if status != Status.NEW:
            services.request_triage(
                actor=product,
                request=request,
                status=status,
                opportunity=opportunities.get(opportunity_title) if opportunity_title else None,
                roadmap_item=items.get(item_title) if item_title else None,
                reason=NOT_PLANNED_REASON if status == Status.NOT_PLANNED else "",
                answer=answer or "We looked at it and will keep you posted here.",
            )
            Request.objects.filter(pk=request.pk).update(
                first_answer_at=now - timedelta(days=max(days_ago - 1 - number % 9, 0))
            )
        made.append(request)
    # The same problem asked by several accounts: merge the Austrian invoice requests.
    invoice = [r for r in made if r.title.startswith("Invoice payment for Austrian buyers")]
    services.request_merge(actor=product, target=invoice[0], sources=invoice[1:3])
    released = next(r for r in made if r.title == "Search finds nothing with typos")
    services.loop_close(actor=product, request=released)
    # Sales and product talk about a request in its thread.
    services.comment_add(
        actor=sales[0],
        request=next(r for r in made if r.title == "Weekly payouts"),
        body="Their biggest supplier asks again; could we pay out weekly to this account first?",
    )
    _commitments(context, made, items, sales, product)


def _commitments(context, made, items, sales, product) -> None:
    workspace = context.workspace
    today = timezone.localdate()
    lea = sales[0]
    by_title = {r.title: r for r in made}

    def promise(request_title, what, days, item_title, *, contractual=False, decide=True):
        request = by_title[request_title]
        organisation = request.accounts.first().organisation
        commitment = services.commitment_propose(
            actor=lea,
            workspace=workspace,
            organisation=organisation,
            what=what,
            due_on=today + timedelta(days=max(days, 1)),
            contractual=contractual,
            request=request,
            roadmap_item=items.get(item_title),
        )
        if decide:
            services.commitment_decide(actor=product, commitment=commitment, approve=True)
        return commitment

    # Far enough out for the team: green, after product moved the date once with a reason.
    moved = promise(
        "Size advice for fashion shops",
        "Size advisor live on the customer's shop",
        45,
        "Size advisor on product pages",
        contractual=True,
    )
    services.commitment_move(
        actor=product,
        commitment=moved,
        due_on=today + timedelta(days=60),
        why="The size tables of the second clothing supplier arrive two weeks later.",
    )
    # Too soon for what the team has planned before it: at risk by the forecast.
    promise(
        "Faster product pages on phones",
        "Product pages load in under two seconds on phones",
        16,
        "Faster product pages on mobile",
        contractual=True,
    )
    # Waiting for product's approval.
    promise(
        "Gift cards for the Christmas season",
        "Gift cards before Christmas",
        150,
        "Gift cards",
        decide=False,
    )
    # Overdue: promised for last week and not delivered.
    overdue = promise(
        "Delivery date in the cart",
        "Delivery date shown in the cart",
        30,
        "Delivery dates shoppers can trust",
    )
    Commitment.objects.filter(pk=overdue.pk).update(due_on=today - timedelta(days=6))
    # Last quarter: one kept, one broken.
    kept = promise(
        "Search finds nothing with typos",
        "Typo-tolerant search",
        10,
        "Search that forgives typos",
    )
    services.commitment_settle(actor=product, commitment=kept, kept=True)
    broken = promise(
        "Accessible shop for public customers",
        "Accessibility statement",
        10,
        "Accessibility audit before the trade fair",
    )
    services.commitment_settle(actor=product, commitment=broken, kept=False)
    for commitment, due, settled in ((kept, 70, 72), (broken, 50, 40)):
        Commitment.objects.filter(pk=commitment.pk).update(
            due_on=today - timedelta(days=due), settled_on=today - timedelta(days=settled)
        )
