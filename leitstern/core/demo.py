"""The demo company: Nordwind Commerce, an e-commerce platform.

Everything is created through the same service functions the app uses. Later modules add
their part by listing a ``seed(context)`` function in ``DEMO_EXTENSIONS``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import import_module

from django.db import transaction

from leitstern.accounts.models import User
from leitstern.accounts.services import user_signup
from leitstern.products.models import Product
from leitstern.products.services import product_archive, product_create, product_update
from leitstern.workspaces.models import Membership, Role, Workspace
from leitstern.workspaces.services import invitation_accept, invitation_create, workspace_create

DEMO_SLUG = "demo"
DEMO_PASSWORD = "nordwind-demo-2026"  # noqa: S105 - a published demo password, by design

# Dotted paths of ``seed(context: DemoContext) -> None`` functions of later modules.
# Teams come from the forecasts seeder; strategy runs after it to give one a team objective.
DEMO_EXTENSIONS: list[str] = [
    "leitstern.forecasts.demo.seed",
    "leitstern.strategy.demo.seed",
    "leitstern.stakeholders.demo.seed",
]

PEOPLE = [
    ("anna.berger@nordwind.example", "Anna Berger", Role.OWNER, "de"),
    ("jonas.keller@nordwind.example", "Jonas Keller", Role.EDITOR, "de"),
    ("mira.okafor@nordwind.example", "Mira Okafor", Role.EDITOR, "en"),
    ("lukas.brandt@nordwind.example", "Lukas Brandt", Role.EDITOR, "de"),
    ("sofia.marin@nordwind.example", "Sofia Marin", Role.CONTRIBUTOR, "en"),
    ("tobias.wagner@nordwind.example", "Tobias Wagner", Role.CONTRIBUTOR, "de"),
    ("lea.hoffmann@nordwind.example", "Lea Hoffmann", Role.CONTRIBUTOR, "de"),
    ("markus.stein@nordwind.example", "Markus Stein", Role.VIEWER, "de"),
    ("claire.dubois@nordwind.example", "Claire Dubois", Role.VIEWER, "en"),
]

PRODUCTS = [
    {
        "name": "Storefront",
        "vision": (
            "Every shopper finds the right product in under a minute and trusts what they see."
        ),
        "vision_for": "mid-sized online retailers in the DACH region",
        "vision_who": "lose buyers between search and product page",
        "vision_the": "Nordwind Storefront",
        "vision_is_a": "headless shop front-end",
        "vision_that": "turns browsing into buying with fast search and honest product data",
        "vision_unlike": "generic shop templates",
        "vision_our_product": "learns from each merchant's own catalogue and customers",
        "target_customers": "Merchants with 1,000–100,000 products; their shoppers on mobile.",
        "roadmap_disclaimer": (
            "This roadmap shows what we plan to learn and change, not promised dates. "
            "Plans change as we learn from customers."
        ),
    },
    {
        "name": "Checkout & Payments",
        "vision": "Paying is the easiest step of shopping: fast, safe and in the buyer's way.",
        "vision_for": "shoppers of our merchants",
        "vision_who": "abandon their cart when paying gets complicated",
        "vision_the": "Nordwind Checkout",
        "vision_is_a": "one-page checkout with local payment methods",
        "vision_that": "completes a purchase in under 30 seconds",
        "vision_unlike": "redirect-based payment pages",
        "vision_our_product": "keeps the buyer on the merchant's page with every local method",
        "target_customers": (
            "Shoppers in Germany, Austria and Switzerland; merchants' finance teams."
        ),
        "roadmap_disclaimer": "Forecasts are probabilities, not commitments.",
    },
    {
        "name": "Merchant Portal",
        "vision": "Merchants run their shop in minutes a day and see what moves their revenue.",
        "target_customers": "Shop owners and their operations staff.",
    },
]


@dataclass
class DemoContext:
    """What later modules get to build on."""

    workspace: Workspace
    people: dict[str, User]
    products: dict[str, Product]
    owner: User
    extra: dict = field(default_factory=dict)


def _user(email: str, name: str, language: str) -> User:
    existing = User.objects.filter(email=email).first()
    if existing:
        return existing
    return user_signup(email=email, name=name, password=DEMO_PASSWORD, language=language)


@transaction.atomic
def seed_demo(
    *, reset: bool = False, log: Callable[[str], object] = print
) -> list[tuple[str, str]]:
    """Create the demo workspace once (or anew with ``reset``); returns (email, role) pairs."""
    existing = Workspace.objects.filter(slug=DEMO_SLUG).first()
    if existing and reset:
        existing.delete()
        existing = None
    if existing:
        log("Demo workspace exists already; keeping it (use --reset to seed it anew).")
    else:
        _seed(log)
    memberships = Membership.objects.filter(workspace__slug=DEMO_SLUG).select_related("user")
    order = {Role.OWNER: 0, Role.EDITOR: 1, Role.CONTRIBUTOR: 2, Role.VIEWER: 3}
    return [
        (m.user.email, m.get_role_display())
        for m in sorted(memberships, key=lambda m: (order[m.role], m.user.email))
    ]


def _seed(log: Callable[[str], object]) -> None:
    (owner_email, owner_name, _role, owner_lang), *others = PEOPLE
    owner = _user(owner_email, owner_name, owner_lang)
    workspace = workspace_create(actor=owner, name="Nordwind Commerce", slug=DEMO_SLUG)
    people = {owner_email: owner}
    for email, name, role, language in others:
        person = _user(email, name, language)
        invitation, _token = invitation_create(
            actor=owner, workspace=workspace, email=email, role=role, notify=False
        )
        invitation_accept(actor=person, invitation=invitation)
        people[email] = person

    editor = people["jonas.keller@nordwind.example"]
    products = {}
    for data in PRODUCTS:
        products[data["name"]] = product_create(actor=owner, workspace=workspace, **data)
    product_update(
        actor=editor,
        product=products["Merchant Portal"],
        vision_that="shows each merchant the three actions that would raise revenue most",
        note="Merchant interviews in May: owners want guidance, not more reports.",
    )
    legacy = product_create(
        actor=owner,
        workspace=workspace,
        name="Classic Mobile App",
        vision="Replaced by the responsive Storefront.",
    )
    product_archive(actor=owner, product=legacy, note="Usage below 2% of sessions since March.")
    context = DemoContext(workspace=workspace, people=people, products=products, owner=owner)
    for dotted in DEMO_EXTENSIONS:
        module_name, _, func = dotted.rpartition(".")
        getattr(import_module(module_name), func)(context)
    log(f"Seeded the demo workspace “{workspace.name}” with {len(people)} people.")
