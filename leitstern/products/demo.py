"""Nordwind Commerce's products for the demo: three with a vision, one archived."""

from __future__ import annotations

from leitstern.core.seeding import DemoContext
from leitstern.products.services import product_archive, product_create, product_update

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


def seed(context: DemoContext) -> None:
    owner, workspace = context.owner, context.workspace
    editor = context.people["jonas.keller@nordwind.example"]
    for data in PRODUCTS:
        context.products[data["name"]] = product_create(actor=owner, workspace=workspace, **data)
    product_update(
        actor=editor,
        product=context.products["Merchant Portal"],
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
