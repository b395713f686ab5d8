"""Nordwind Commerce's customers: three segments, four personas and 25 merchant
organisations with a contact or two each. Research builds its participants on these
(``context.extra["customers"]``)."""

from __future__ import annotations

from decimal import Decimal

from leitstern.core.seeding import DemoContext
from leitstern.customers import services

SEGMENTS = [
    ("Small shops", "Owner-run shops with up to nine people, mostly in DACH.", 8),
    ("Growing retailers", "Retailers with 10–249 people selling online and in stores.", 10),
    ("Marketplace sellers", "Merchants who sell mainly through marketplaces.", 6),
]
PERSONAS = [
    ("Shop owner", "Runs the shop and decides alone; short on time.", 6),
    ("E-commerce manager", "Owns the online shop's numbers at a retailer.", 6),
    ("Operations lead", "Keeps orders, stock and returns running.", 4),
    ("Customer service lead", "Answers buyers' questions and sees what goes wrong.", 3),
]
# (name, segment, size, country, plan, ARR)
ORGANISATIONS = [
    ("Kaffeerösterei Lindner", 0, "1-9", "DE", "Starter", "1188"),
    ("Fahrradladen Weber", 0, "1-9", "DE", "Starter", "1188"),
    ("Strickwerk Hamburg", 0, "1-9", "DE", "Starter", "1188"),
    ("Bergblick Outdoor", 0, "10-49", "AT", "Growth", "4788"),
    ("Papeterie Sommer", 0, "1-9", "CH", "Starter", "1188"),
    ("Teehaus Morgenrot", 0, "1-9", "DE", "Starter", "1188"),
    ("Holzspielzeug Krause", 0, "1-9", "DE", "Growth", "4788"),
    ("Modehaus Albrecht", 1, "50-249", "DE", "Business", "23880"),
    ("Gartenwelt Schulze", 1, "50-249", "DE", "Business", "23880"),
    ("Sportwerk Berlin", 1, "10-49", "DE", "Growth", "9576"),
    ("Küchenstudio Brandl", 1, "10-49", "AT", "Growth", "9576"),
    ("Lumen Leuchten", 1, "50-249", "NL", "Business", "23880"),
    ("Nordlicht Drogerie", 1, "250-999", "DE", "Enterprise", "71640"),
    ("Buchhandlung Vogel", 1, "10-49", "DE", "Growth", "9576"),
    ("Tierbedarf Fuchs", 1, "50-249", "DE", "Business", "23880"),
    ("Weinkontor Rhein", 1, "10-49", "DE", "Growth", "9576"),
    ("Pixel & Paper", 2, "1-9", "DE", "Starter", "1188"),
    ("Hausgemacht Shop", 2, "1-9", "AT", "Starter", "1188"),
    ("Alpine Parts", 2, "10-49", "CH", "Growth", "4788"),
    ("Nordic Home Goods", 2, "10-49", "DK", "Growth", "9576"),
    ("Velo Components", 2, "10-49", "DE", "Growth", "9576"),
    ("Kinderzimmer Glück", 2, "1-9", "DE", "Starter", "1188"),
    ("Sneaker Lab", 2, "10-49", "DE", "Growth", "9576"),
    ("Grünzeug Pflanzen", 2, "1-9", "DE", "Starter", "1188"),
    ("Atelier Blau", 2, "1-9", "FR", "Starter", "1188"),
]

CONTACTS = [
    ("Ines", "Lindner", "Inhaberin"),
    ("Paul", "Weber", "Inhaber"),
    ("Hanna", "Voss", "Geschäftsführerin"),
    ("Timo", "Berg", "Einkauf"),
    ("Lena", "Sommer", "Inhaberin"),
    ("Max", "Roth", "Geschäftsführer"),
    ("Carla", "Krause", "Vertrieb"),
    ("Jonas", "Albrecht", "Head of E-Commerce"),
    ("Miriam", "Schulze", "Leitung Onlineshop"),
    ("Erik", "Brandt", "Operations"),
]


def seed(context: DemoContext) -> None:
    owner, workspace = context.owner, context.workspace
    segments = [
        services.segment_create(
            actor=owner, workspace=workspace, name=name, description=text, goal_per_quarter=goal
        )
        for name, text, goal in SEGMENTS
    ]
    personas = [
        services.persona_create(
            actor=owner, workspace=workspace, name=name, description=text, goal_per_quarter=goal
        )
        for name, text, goal in PERSONAS
    ]
    organisations = []
    for number, (name, segment, size, country, plan, arr) in enumerate(ORGANISATIONS, 1):
        organisations.append(
            services.organisation_create(
                actor=owner,
                workspace=workspace,
                name=name,
                segment=segments[segment],
                size=size,
                country=country,
                plan=plan,
                arr=Decimal(arr),
                crm_id=f"NW-{1000 + number}",
            )
        )
    # A contact at the first ten organisations: who sales talks to there.
    for number, (first, last, role) in enumerate(CONTACTS):
        organisation = organisations[number]
        services.person_create(
            actor=owner,
            workspace=workspace,
            name=f"{first} {last}",
            organisation=organisation,
            role=role,
            email=f"{first.lower()}.{last.lower()}@kontakt.example",
        )
    context.extra["customers"] = {
        "segments": segments,
        "personas": personas,
        "organisations": organisations,
    }
