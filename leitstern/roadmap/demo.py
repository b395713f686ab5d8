"""The demo company's roadmaps: Storefront and Marketplace with about thirty items across
Now / Next / Later, two "not doing" items with reasons, a parked one, a consolidation
period, a decision log with six decisions, audience views for management, sales and
customers, six months of history with reasons and two snapshots.

Everything goes through the services; the history is written in the order it happened,
each change at its own moment (``clock.recorded_at``)."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from leitstern.discovery.models import Hypothesis, Opportunity
from leitstern.products.services import product_create
from leitstern.roadmap import clock, periods, services
from leitstern.roadmap.models import Horizon, RoadmapItem
from leitstern.stakeholders.models import Stakeholder
from leitstern.strategy.models import KeyResult, Objective

MARKETPLACE = {
    "name": "Marketplace",
    "vision": "Merchants sell each other's products without running a second shop.",
    "target_customers": "Merchants who want a wider range without stock of their own.",
    "roadmap_disclaimer": (
        "A direction, not a list of promised dates: we change it when we learn something."
    ),
}

# (title, outcome, horizon, status, level, extra) in board order per roadmap; extra holds
# team, size, window, tags, visibility, links, confidence.
STOREFRONT = [
    ("Size advisor on product pages", "First-time buyers pick the right size and keep it",
     "now", "building", "solution",
     {"team": "Storefront crew", "size_items": 18, "window": 1, "tags": "returns, mobile",
      "public": True, "krs": ["search success"]}),
    ("Search that understands typos", "Shoppers find the right product in under a minute",
     "now", "measuring", "solution",
     {"team": "Storefront crew", "size_items": 9, "tags": "search", "public": True,
      "krs": ["search-to-cart"]}),
    ("Shoppers trust delivery dates", "Fewer 'where is my order' tickets",
     "now", "validating", "outcome",
     {"team": "Storefront crew", "size_items": 14, "window": 1, "public": True,
      "objectives": ["trust"]}),
    ("Accessibility audit before the trade fair", "Every shopper can use the shop",
     "now", "building", "problem",
     {"team": "Storefront crew", "size_items": 6, "hard": (120, "event", "E-commerce fair"),
      "tags": "accessibility"}),
    ("Faster product pages on mobile", "Mobile shoppers don't leave while pages load",
     "next", "exploring", "problem",
     {"team": "Storefront crew", "size_items": 20, "window": 2, "public": True,
      "krs": ["weekly buyers"]}),
    ("One-click reorder", "Returning buyers order again in seconds",
     "next", "exploring", "solution", {"tags": "loyalty", "objectives": ["trust"]}),
    ("Compare products side by side", "Shoppers decide without opening ten tabs",
     "next", "validating", "solution", {"window": 2, "public": True}),
    ("Reviews with photos", "Shoppers trust what others bought",
     "next", "exploring", "solution", {"confidence": 40, "public": True}),
    ("Wishlist shared with friends", "Gifts bought from wishlists", "later", "exploring",
     "solution", {"public": True}),
    ("Personal recommendations", "Shoppers discover more of what they like",
     "later", "exploring", "outcome", {"window": 4}),
    ("Store pickup", "Buyers near a store get it today", "later", "exploring", "problem",
     {"public": True}),
    ("Loyalty points", "Returning buyers come back more often", "later", "exploring",
     "outcome", {"confidence": 15, "objectives": ["trust"]}),
    ("Product videos", "Shoppers see products in use", "later", "exploring", "solution", {}),
    ("Filters that remember", "Shoppers don't set the same filters twice", "next",
     "exploring", "solution", {"team": "Storefront crew", "size_items": 8, "tags": "search"}),
    ("Back-in-stock alerts", "Shoppers come back when it is there again", "next",
     "validating", "solution", {"public": True, "tags": "loyalty"}),
    ("Image zoom on mobile", "Shoppers see the details before buying", "now", "released",
     "solution", {"team": "Storefront crew", "public": True, "tags": "mobile"}),
    ("Gift cards", "Buyers give a shop, not a product", "later", "exploring", "solution",
     {"public": True}),
    ("Shop in English and German", "Swiss and Austrian shoppers buy in their language",
     "later", "exploring", "outcome", {"window": 3}),
    ("Cleaner category pages", "Shoppers find the right category first time", "later",
     "exploring", "problem", {}),
]  # fmt: skip

MARKETPLACE_ITEMS = [
    ("Merchant onboarding in a day", "New merchants list their first products the same day",
     "now", "building", "outcome", {"size_items": 16, "window": 1, "public": True}),
    ("Commission invoices", "Merchants trust what they are charged", "now", "validating",
     "problem", {"hard": (200, "regulatory", "E-invoicing becomes mandatory")}),
    ("Shared product catalogue", "One product, many sellers, one page", "next", "exploring",
     "solution", {"window": 2, "public": True}),
    ("Seller ratings", "Buyers know whom they buy from", "next", "exploring", "solution",
     {"public": True}),
    ("Payouts every week", "Merchants get their money faster", "next", "validating",
     "outcome", {}),
    ("Returns across sellers", "One return, however many sellers", "later", "exploring",
     "problem", {"public": True}),
    ("Marketplace search ranking", "The best offer wins, not the loudest", "later",
     "exploring", "outcome", {}),
    ("Seller analytics", "Merchants see what sells", "later", "exploring", "solution", {}),
    ("International sellers", "Sellers from Austria and Switzerland", "later", "exploring",
     "outcome", {"confidence": 10}),
    ("Seller verification", "Buyers trust every seller", "now", "building", "problem",
     {"size_items": 10, "public": True}),
    ("Bulk listing upload", "Merchants list hundreds of products at once", "next",
     "exploring", "solution", {"window": 2}),
    ("Marketplace fees page", "Merchants understand what they pay", "next", "exploring",
     "solution", {"public": True}),
    ("Dispute resolution", "Buyer and seller agree without support", "later", "exploring",
     "problem", {}),
    ("Seller messages", "Buyers ask sellers directly", "later", "exploring", "solution",
     {"public": True}),
    ("Promoted listings", "Sellers pay to be seen", "later", "exploring", "solution",
     {"confidence": 20}),
]  # fmt: skip


def _moment(days_ago: int, hour: int = 10) -> datetime:
    day = timezone.localdate() - timedelta(days=days_ago)
    return timezone.make_aware(datetime.combine(day, time(hour, 0)))


def _key_results(workspace) -> dict[str, KeyResult]:
    krs = KeyResult.objects.filter(
        objective__cycle__workspace=workspace, objective__cycle__closed_at=None
    )
    found = {}
    for kr in krs:
        title = kr.title.lower()
        for key in ("search success", "search-to-cart", "weekly buyers"):
            if key in title:
                found[key] = kr
    return found


def _objectives(workspace) -> dict[str, Objective]:
    found = {}
    for objective in Objective.objects.filter(
        cycle__workspace=workspace, cycle__closed_at=None
    ).order_by("pk"):
        if "trust" in objective.title.lower():
            found.setdefault("trust", objective)
    return found


def _add(roadmap, actor, specs, teams, krs, objectives) -> dict[str, RoadmapItem]:
    today = clock.today()
    quarter = periods.quarter_start(today)
    items = {}
    for title, outcome, horizon, status, level, extra in specs:
        fields = {
            "outcome": outcome,
            "status": status,
            "level": level,
            "tags": extra.get("tags", ""),
            "visibility": "public" if extra.get("public") else "internal",
            "confidence": extra.get("confidence"),
            "size_items": extra.get("size_items"),
            "team": teams.get(extra.get("team", "")),
            "key_results": [krs[k] for k in extra.get("krs", []) if k in krs],
            "objectives": [objectives[o] for o in extra.get("objectives", []) if o in objectives],
        }
        if "window" in extra:
            start, end = periods.window_of_quarter(
                periods.add_months(quarter, 3 * (extra["window"] - 1))
            )
            fields.update(window_start=start, window_end=end)
        if "hard" in extra:
            days, kind, note = extra["hard"]
            fields.update(
                hard_date=today + timedelta(days=days), hard_date_kind=kind, hard_date_note=note
            )
        # Items start in the horizon they were first planned in; the story moves some.
        items[title] = services.item_create(
            actor=actor, roadmap=roadmap, title=title, horizon=horizon, **fields
        )
    return items


def _discovery_links(roadmap, items: dict[str, RoadmapItem], actor) -> None:
    """Discovery's evidence behind Storefront items: delivery dates rest on the "when will
    my parcel arrive" opportunity and the delivery-estimate bet; the one-page checkout on
    phones is released and measured until the running experiment gives its verdict."""
    product = roadmap.product

    def opportunity(title: str) -> list[Opportunity]:
        return list(Opportunity.objects.filter(product=product, title=title))

    def hypothesis(start: str) -> list[Hypothesis]:
        return list(Hypothesis.objects.filter(product=product, statement__startswith=start))

    with clock.recorded_at(_moment(35)):
        trust = items["Shoppers trust delivery dates"]
        trust.refresh_from_db()
        services.item_update(
            actor=actor, item=trust,
            opportunities=opportunity("I don't know when my parcel will arrive"),
            hypotheses=hypothesis("A delivery date estimate"),
            why="The discovery tree has the need and the bet; the item rests on both.",
        )  # fmt: skip
        checkout = services.item_create(
            actor=actor, roadmap=roadmap, title="One-page checkout on phones",
            outcome="Phone shoppers finish checkout without giving up", horizon=Horizon.NOW,
            status="building", level="solution", visibility="public", tags="checkout, mobile",
            opportunities=opportunity("Checkout takes too long on my phone"),
            hypotheses=hypothesis("A one-page checkout"),
            limit_reason="Checkout conversion is this quarter's key result; it goes first.",
        )  # fmt: skip
    with clock.recorded_at(_moment(14)):
        services.item_update(
            actor=actor, item=checkout, status="released",
            why="Released to half of the phone shoppers for the A/B test.",
        )  # fmt: skip
    with clock.recorded_at(_moment(13)):
        services.item_update(
            actor=actor, item=checkout, status="measuring",
            why="Measured until the experiment's verdict, four weeks.",
        )  # fmt: skip
    items[checkout.title] = checkout


def seed(context) -> None:
    people = context.people
    anna = context.owner
    mira = people["mira.okafor@nordwind.example"]
    jonas = people["jonas.keller@nordwind.example"]
    lukas = people["lukas.brandt@nordwind.example"]
    workspace = context.workspace
    teams = {team.name: team for team in workspace.teams.all()}
    krs, objectives = _key_results(workspace), _objectives(workspace)

    with clock.recorded_at(_moment(182)):
        marketplace = product_create(actor=anna, workspace=workspace, **MARKETPLACE)
        storefront_map = services.roadmap_create(
            actor=anna, workspace=workspace, product=context.products["Storefront"]
        )
        market_map = services.roadmap_create(actor=anna, workspace=workspace, product=marketplace)
        sf = _add(storefront_map, mira, STOREFRONT, teams, krs, objectives)
        mp = _add(market_map, jonas, MARKETPLACE_ITEMS, teams, krs, objectives)
        services.roadmap_update(actor=anna, roadmap=storefront_map, wip_limit=4)
        services.roadmap_update(actor=anna, roadmap=market_map, wip_limit=3)

    # Six months of the living document, in the order it happened.
    story = [
        (170, mira, "move", sf["One-click reorder"], Horizon.NOW,
         "Returning buyers asked for it in five of eight interviews."),
        (150, lukas, "reword", sf["Shoppers trust delivery dates"],
         "Delivery dates shoppers can trust", "Says the outcome, not the feature."),
        (140, jonas, "move", mp["Seller ratings"], Horizon.LATER,
         "Too few sellers yet for ratings to mean anything."),
        (120, mira, "confidence", sf["Reviews with photos"], 30,
         "Moderation costs more than we thought."),
        (95, mira, "move", sf["One-click reorder"], Horizon.NEXT,
         "Interviews showed returning buyers don't miss it (3 quotes)."),
        (90, anna, "snapshot", storefront_map, "Q2 review"),
        (75, jonas, "move", mp["Payouts every week"], Horizon.NOW,
         "Two large merchants wait for it before they join."),
        (60, mira, "not_doing", sf["Product videos"],
         "Merchants cannot produce videos; image zoom solves most of it."),
        (55, jonas, "not_doing", mp["International sellers"],
         "VAT rules for cross-border sellers need a legal review first; not this year."),
        (50, mira, "park", sf["Store pickup"], 120,
         "Only 3 of our merchants have stores; we look again when more do."),
        (40, lukas, "confidence", sf["Faster product pages on mobile"], 65,
         "The first prototype halved the load time."),
        (30, jonas, "move", mp["Shared product catalogue"], Horizon.NOW,
         "Sellers list the same products twice; the catalogue comes first."),
        (25, mira, "reword", sf["Search that understands typos"],
         "Search that forgives typos", "Clearer for the customer view."),
        (12, anna, "snapshot", storefront_map, "Q3 review"),
        (8, mira, "move", sf["Compare products side by side"], Horizon.LATER,
         "Measuring the new search first; comparing can wait."),
        (3, jonas, "remove", mp["Marketplace search ranking"],
         "Part of the shared catalogue now."),
    ]  # fmt: skip
    for days, actor, action, target, *rest in story:
        with clock.recorded_at(_moment(days)):
            if action == "move":
                horizon, why = rest
                target.refresh_from_db()
                limit = "Agreed in the planning: it replaces a smaller item." if (
                    horizon == Horizon.NOW
                ) else ""  # fmt: skip
                services.item_move(
                    actor=actor, item=target, horizon=horizon, why=why, limit_reason=limit
                )
            elif action == "reword":
                title, why = rest
                services.item_update(actor=actor, item=target, title=title, why=why)
            elif action == "confidence":
                value, why = rest
                services.item_update(actor=actor, item=target, confidence=value, why=why)
            elif action == "not_doing":
                (why,) = rest
                target.refresh_from_db()
                services.item_move(
                    actor=actor, item=target, horizon=Horizon.NOT_DOING, why=why, decided_by=anna
                )
            elif action == "park":
                days_ahead, why = rest
                target.refresh_from_db()
                services.item_move(
                    actor=actor,
                    item=target,
                    horizon=Horizon.PARKED,
                    why=why,
                    revisit_on=clock.today() + timedelta(days=days_ahead),
                )
            elif action == "remove":
                (why,) = rest
                services.item_remove(actor=actor, item=target, why=why)
            elif action == "snapshot":
                (name,) = rest
                services.snapshot_take(actor=actor, roadmap=target, name=name)

    today = clock.today()
    with clock.recorded_at(_moment(20)):
        start = periods.add_months(periods.quarter_start(today), 3)
        services.pause_create(
            actor=anna,
            roadmap=storefront_map,
            title="Stabilise and measure",
            starts_on=start,
            ends_on=periods.month_end(start),
            purpose="Fix the top ten support issues and measure the new search before "
            "anything new ships.",
        )
    decisions = [
        (160, storefront_map, "Outcomes first on the Storefront roadmap",
         "Stakeholders asked for a feature list with dates.",
         "Feature list with dates\nOutcome roadmap with time windows", anna, None, []),
        (95, storefront_map, "One-click reorder moves back to Next",
         "Interviews with returning buyers.", "Build now\nWait for more evidence",
         mira, 60, ["One-click reorder"]),
        (60, storefront_map, "No product videos",
         "Merchants cannot produce them.", "Videos\nImage zoom\nNothing", anna, 120,
         ["Product videos"]),
        (55, market_map, "No international sellers this year",
         "Cross-border VAT needs legal review.", "Launch with a tax partner\nWait",
         anna, 150, ["International sellers"]),
        (30, market_map, "Shared catalogue before seller analytics",
         "Duplicate listings confuse buyers.", "Catalogue first\nAnalytics first",
         jonas, -5, ["Shared product catalogue", "Seller analytics"]),
        (20, storefront_map, "A consolidation month after the search release",
         "Support load rose with the new search.", "Keep shipping\nPause for a month",
         anna, 45, ["Search that understands typos"]),
    ]  # fmt: skip
    titled = {**sf, **mp}
    for days, roadmap, title, why, options, who, revisit, linked in decisions:
        with clock.recorded_at(_moment(days, 15)):
            decided_on = clock.today()
            services.decision_create(
                actor=who,
                roadmap=roadmap,
                title=title,
                context=why,
                options=options,
                decided_by=who,
                decided_on=decided_on,
                revisit_on=decided_on + timedelta(days=days + revisit) if revisit else None,
                items=[titled[name] for name in linked if name in titled],
            )

    _discovery_links(storefront_map, sf, mira)

    management = services.audience_create(
        actor=anna, workspace=workspace, name="Management", preset="management",
        description="Monthly leadership meeting.", roadmaps=[storefront_map, market_map],
    )  # fmt: skip
    services.audience_create(
        actor=anna, workspace=workspace, name="Sales", preset="sales",
        description="What sales may talk about with merchants.",
    )  # fmt: skip
    customers = services.audience_create(
        actor=anna, workspace=workspace, name="Customers", preset="customers",
        description="The public roadmap for merchants and shoppers.",
        roadmaps=[storefront_map, market_map],
    )  # fmt: skip
    # The public roadmap went out with the merchants' newsletter (its address was shown once).
    services.link_create(actor=anna, audience=customers, label="Merchant newsletter")
    services.follow_set(actor=anna, workspace=workspace, roadmap=storefront_map, following=True)
    services.follow_set(actor=jonas, workspace=workspace, roadmap=market_map, following=True)
    services.follow_set(actor=mira, workspace=workspace, audience=customers, following=True)
    # Leadership outside Leitstern hears what changed through the management view's digest.
    leaders = Stakeholder.objects.filter(workspace=workspace, private_to__isnull=True).exclude(
        email=""
    )
    for stakeholder in leaders.order_by("name")[:2]:
        services.stakeholder_follow_set(
            actor=anna, stakeholder=stakeholder, following=True, audience=management
        )
    services.comment_add(
        actor=people["sofia.marin@nordwind.example"],
        item=sf["Size advisor on product pages"],
        text="Two merchants asked about this in the last week; they'd pilot it.",
    )
    context.extra["roadmaps"] = {"Storefront": storefront_map, "Marketplace": market_map}
