"""Nordwind's stakeholder map for the demo: 25 people in management, sales, IT, marketing,
BI, customer service and two key customers, a real network of who listens to whom that
differs from the official reporting line, engagement gaps, attitudes toward four themes,
six months of moving positions, a conversation log and a communication plan. Dates follow
today, so the demo never goes stale."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from leitstern.stakeholders import services

# key: name, title, department, organisation, member e-mail, relationship owner (e-mail
# prefix), reports to (key), power, interest, salience (P, L, U), engagement now, wanted
PEOPLE = {
    "vogel": ("Dr. Henrik Vogel", "CEO", "Management", "", "", "anna", None, 10, 6,
              "PLU", "neutral", "supportive"),
    "klein": ("Dr. Jürgen Klein", "CFO", "Finance", "", "", "anna", "vogel", 9, 4,
              "PLU", "resistant", "supportive"),
    "albers": ("Katrin Albers", "COO", "Operations", "", "", "anna", "vogel", 8, 5,
               "PL", "neutral", "supportive"),
    "roth": ("Stefan Roth", "CTO", "IT", "", "", "mira", "vogel", 8, 8,
             "PL", "supportive", "leading"),
    "weber": ("Frank Weber", "Head of Sales", "Sales", "", "", "jonas", "vogel", 7, 9,
              "PLU", "neutral", "supportive"),
    "hartmann": ("Julia Hartmann", "CMO", "Marketing", "", "", "mira", "vogel", 7, 6,
                 "PL", "unaware", "supportive"),
    "yilmaz": ("Selin Yılmaz", "Head of Controlling", "Finance", "", "", "anna", "klein", 5, 7,
               "L", "supportive", "leading"),
    "stein": ("Markus Stein", "Head of BI", "Business Intelligence", "",
              "markus.stein@nordwind.example", "lukas", "albers", 5, 7, "L", "supportive",
              "supportive"),
    "neumann": ("Clara Neumann", "Data Analyst", "Business Intelligence", "", "", "lukas",
                "stein", 2, 8, "", "supportive", "supportive"),
    "demir": ("Dr. Aylin Demir", "IT Security Officer", "IT", "", "", "mira", "albers", 7, 6,
              "PLU", "neutral", "supportive"),
    "petersen": ("Olaf Petersen", "Head of IT Operations", "IT", "", "", "mira", "roth", 6, 5,
                 "PU", "resistant", "neutral"),
    "brandt": ("Lukas Brandt", "Engineering Lead", "IT", "", "lukas.brandt@nordwind.example",
               "mira", "roth", 5, 9, "L", "leading", "leading"),
    "berger": ("Anna Berger", "Head of Product", "Product", "", "anna.berger@nordwind.example",
               "", "roth", 6, 10, "PL", "leading", "leading"),
    "keller": ("Jonas Keller", "Product Manager Checkout", "Product", "",
               "jonas.keller@nordwind.example", "anna", "berger", 4, 10, "L", "leading",
               "leading"),
    "schroeder": ("Ben Schröder", "Performance Marketing Lead", "Marketing", "", "", "mira",
                  "hartmann", 3, 7, "", "neutral", "supportive"),
    "marin": ("Sofia Marin", "Key Account Manager", "Sales", "", "sofia.marin@nordwind.example",
              "jonas", "weber", 3, 8, "LU", "supportive", "supportive"),
    "brueckner": ("Tim Brückner", "Key Account Manager DACH", "Sales", "", "", "jonas", "weber",
                  3, 7, "U", "neutral", "supportive"),
    "fuchs": ("Nadine Fuchs", "Sales Operations", "Sales", "", "", "jonas", "weber", 2, 6,
              "", "unaware", "neutral"),
    "lange": ("Petra Lange", "Head of Customer Service", "Customer Service", "", "", "lukas",
              "albers", 5, 8, "LU", "neutral", "supportive"),
    "wagner": ("Tobias Wagner", "Team Lead Customer Service", "Customer Service", "",
               "tobias.wagner@nordwind.example", "lukas", "lange", 2, 9, "LU", "supportive",
               "supportive"),
    "kaya": ("Yusuf Kaya", "Support Agent", "Customer Service", "", "", "", "wagner", 1, 6, "U",
             "", ""),
    "krueger": ("Sabine Krüger", "Head of E-Commerce", "", "Hanse Mode GmbH", "", "jonas", None,
                6, 9, "LU", "neutral", "supportive"),
    "bianchi": ("Marco Bianchi", "Digital Director", "", "Alpenkorb AG", "", "jonas", None, 7, 5,
                "PU", "resistant", "neutral"),
    "hoffmann_lutz": ("Gerda Hoffmann-Lutz", "Chair of the Works Council", "Works Council", "",
                      "", "anna", None, 6, 4, "LU", "unaware", "neutral"),
    "brenner": ("Dr. Wolfgang Brenner", "Supervisory Board", "Supervisory Board", "", "",
                "anna", None, 9, 2, "P", "", "neutral"),
}  # fmt: skip

# The real influence: (listener, the one listened to, strength, note).
TIES = [
    ("vogel", "weber", 3, "Golf partners; trusts his read of the market more than any report"),
    ("vogel", "klein", 2, ""),
    ("vogel", "brenner", 2, "The board's voice"),
    ("klein", "yilmaz", 3, "Trusts her judgement on pricing"),
    ("klein", "stein", 2, "Wants numbers from BI, not from product"),
    ("klein", "vogel", 2, ""),
    ("roth", "demir", 3, "Security has a veto in practice"),
    ("roth", "brandt", 2, ""),
    ("roth", "petersen", 1, ""),
    ("albers", "lange", 2, "Hears about support load from her first"),
    ("albers", "petersen", 2, ""),
    ("hartmann", "schroeder", 2, ""),
    ("hartmann", "weber", 1, ""),
    ("weber", "marin", 2, ""),
    ("weber", "brueckner", 1, ""),
    ("weber", "krueger", 2, "Hanse Mode is the largest account"),
    ("lange", "wagner", 3, "They built the support team together"),
    ("stein", "neumann", 2, ""),
    ("yilmaz", "stein", 2, ""),
    ("berger", "keller", 3, ""),
    ("berger", "stein", 2, ""),
    ("berger", "lange", 1, ""),
    ("krueger", "marin", 3, "Her account manager for six years"),
    ("bianchi", "brueckner", 2, ""),
    ("bianchi", "vogel", 1, "Met at the trade fair"),
    ("hoffmann_lutz", "lange", 2, ""),
    ("hoffmann_lutz", "wagner", 1, ""),
    ("brenner", "vogel", 2, ""),
    ("brenner", "klein", 1, ""),
    ("demir", "petersen", 1, ""),
    ("petersen", "demir", 2, ""),
    ("kaya", "wagner", 3, ""),
    ("fuchs", "weber", 2, ""),
]

THEMES = [
    ("pricing", "Usage-based pricing", "Merchant Portal",
     "Merchants pay by orders processed instead of a flat licence."),
    ("checkout", "One-page checkout", "Checkout & Payments",
     "Every payment method on the merchant's page, no redirects."),
    ("marketplace", "Marketplace for third-party sellers", "Storefront",
     "Merchants list other sellers' products next to their own."),
    ("ai_search", "AI product search", "Storefront",
     "Search that understands what shoppers mean, trained on each catalogue."),
]  # fmt: skip

ATTITUDES = {
    "pricing": {"klein": "opposes", "yilmaz": "supports", "weber": "supports", "vogel": "neutral",
                "bianchi": "opposes", "stein": "supports", "krueger": "neutral",
                "albers": "neutral"},
    "checkout": {"krueger": "supports", "bianchi": "neutral", "demir": "supports",
                 "petersen": "opposes", "roth": "supports", "marin": "supports"},
    "marketplace": {"weber": "supports", "albers": "opposes", "lange": "opposes",
                    "vogel": "supports", "hartmann": "supports", "wagner": "opposes"},
    "ai_search": {"demir": "opposes", "roth": "supports", "hartmann": "supports",
                  "petersen": "neutral", "schroeder": "supports", "hoffmann_lutz": "opposes"},
}  # fmt: skip

# Where people stood before: (key, days ago, power, interest).
GRID_HISTORY = [
    ("klein", 160, 9, 2), ("klein", 70, 9, 3),
    ("weber", 150, 7, 5), ("weber", 60, 7, 7),
    ("demir", 140, 5, 4), ("demir", 50, 6, 5),
    ("bianchi", 120, 6, 3),
    ("hartmann", 90, 7, 3),
    ("lange", 100, 4, 6),
    ("vogel", 130, 10, 4),
]  # fmt: skip

# Engagement before: (key, days ago, now, wanted).
ENGAGEMENT_HISTORY = [
    ("klein", 150, "resistant", "neutral"),
    ("stein", 110, "neutral", "supportive"),
    ("lange", 95, "resistant", "supportive"),
    ("petersen", 80, "resistant", "resistant"),
    ("weber", 70, "resistant", "supportive"),
]

# (key, days ago, topic, outcome, next step, next step in days)
CONVERSATIONS = [
    ("klein", 65, "Budget for the pricing pilot",
     "Sees the revenue risk, not the upside. Wants Controlling to check the model.",
     "Ask Selin Yılmaz to review the pricing model", 14),
    ("yilmaz", 50, "Pricing model review",
     "Likes the usage-based model; suggests a cap for small merchants.",
     "Send her the cohort numbers", 7),
    ("vogel", 45, "Quarterly roadmap review", "Backs the marketplace; wants dates for the board.",
     "Forecast for the marketplace pilot", 21),
    ("weber", 12, "Checkout pilot with Hanse Mode", "Pushes for a start before the summer sale.",
     "", None),
    ("krueger", 20, "Pilot scope", "Agreed on two payment methods first.",
     "Kick-off with her team", 10),
    ("bianchi", 75, "Contract renewal", "Unhappy with the last outage; considers other vendors.",
     "Invite him to the product review", 30),
    ("demir", 35, "AI search and customer data", "Needs a data protection impact assessment.",
     "Draft the assessment with legal", 21),
    ("roth", 8, "Architecture of the new search", "Agrees to run it in our own cloud account.",
     "", None),
    ("petersen", 90, "On-call load after the checkout migration",
     "Worried about night shifts; wants a runbook first.", "Write the runbook", 14),
    ("lange", 15, "Support tickets after release 4.2", "Ticket volume down 8 % since the fix.",
     "", None),
    ("stein", 25, "Revenue dashboard for merchants", "BI can deliver the data model in June.",
     "Align metric definitions", 14),
    ("hartmann", 110, "Campaign for the one-page checkout", "Did not know about the launch yet.",
     "Add her to the release newsletter", 7),
    ("albers", 63, "Marketplace and operations", "Fears the support load of third-party sellers.",
     "Ask Petra Lange for an estimate", 14),
    ("berger", 30, "Payment options for the next quarter",
     "Wants the team to score the three payment solutions before anything is promised.",
     "Share the results of the scoring session", 14),
]  # fmt: skip

PLAN = [
    # (for: key or (group, [keys]), information, frequency, channel, owner, days ago sent,
    #  first due days ago)
    ("vogel", "Roadmap changes and outcomes against the OKRs", "monthly", "one_to_one",
     "anna", 40, 200),
    ("klein", "Business case updates for usage-based pricing", "monthly", "report", "anna", 20,
     120),
    (("Sales leads", ["weber", "marin", "brueckner", "fuchs"]),
     "What ships next and what it means for customers", "fortnightly", "meeting", "jonas", 10,
     150),
    (("Management board", ["vogel", "klein", "albers", "roth", "hartmann"]),
     "Quarterly product review", "quarterly", "demo", "anna", 80, 260),
    ("krueger", "Checkout pilot status", "fortnightly", "email", "jonas", 20, 60),
    ("demir", "Security review of AI search", "monthly", "meeting", "mira", None, 5),
    (("Customer service", ["lange", "wagner", "kaya"]), "Release notes before each release",
     "weekly", "newsletter", "lukas", 3, 90),
    ("hoffmann_lutz", "Changes that affect staff", "quarterly", "meeting", "anna", None, -20),
]  # fmt: skip

# One person Anna keeps private: only she sees them and her notes.
PRIVATE = {"brenner": "anna"}
NOTES = {
    "klein": "Decides with the numbers in front of him. Prefers short written memos to "
    "meetings. Blocked the last pricing change.",
    "brenner": "Former CEO. Asks the CEO about the marketplace at every board meeting.",
    "bianchi": "Renewal due in autumn. Reacts well to early previews.",
}


def seed(context) -> None:
    owner = context.owner
    people = context.people
    workspace = context.workspace
    today = timezone.localdate()

    def user(prefix: str):
        return next(u for email, u in people.items() if email.startswith(prefix + "."))

    products = context.products
    themes = {
        key: services.theme_create(
            actor=owner,
            workspace=workspace,
            name=name,
            product=products.get(product),
            description=description,
        )
        for key, name, product, description in THEMES
    }
    made = {}
    for key, row in PEOPLE.items():
        name, title, department, organisation, email, keeper, _boss, *_rest = row
        actor = user(PRIVATE[key]) if key in PRIVATE else owner
        made[key] = services.stakeholder_create(
            actor=actor,
            workspace=workspace,
            name=name,
            private=key in PRIVATE,
            title=title,
            department=department,
            organisation=organisation,
            email=email,
            member=people.get(email) if email else None,
            relationship_owner=user(keeper) if keeper else None,
            notes=NOTES.get(key, ""),
            themes=[themes[t] for t, views in ATTITUDES.items() if key in views],
        )
    for key, row in PEOPLE.items():
        boss = row[6]
        if boss:
            services.stakeholder_update(actor=owner, stakeholder=made[key], reports_to=made[boss])
    for key, days, power, interest in GRID_HISTORY:
        services.grid_place(
            actor=owner,
            stakeholder=made[key],
            power=power,
            interest=interest,
            day=today - timedelta(days=days),
        )
    for key, days, current, desired in ENGAGEMENT_HISTORY:
        services.engagement_assess(
            actor=owner,
            stakeholder=made[key],
            current=current,
            desired=desired,
            day=today - timedelta(days=days),
        )
    for key, row in PEOPLE.items():
        *_head, power, interest, salience, current, desired = row
        person = made[key]
        services.grid_place(actor=owner, stakeholder=person, power=power, interest=interest)
        services.salience_assess(
            actor=owner,
            stakeholder=person,
            power="P" in salience,
            legitimacy="L" in salience,
            urgency="U" in salience,
        )
        if current or desired:
            services.engagement_assess(
                actor=owner, stakeholder=person, current=current, desired=desired
            )
    for theme, views in ATTITUDES.items():
        for key, attitude in views.items():
            services.stance_set(
                actor=owner, stakeholder=made[key], theme=themes[theme], attitude=attitude
            )
    for listener, influencer, strength, note in TIES:
        services.influence_add(
            actor=owner,
            influencer=made[influencer],
            listener=made[listener],
            strength=strength,
            note=note,
        )
    for key, days, topic, outcome, next_step, due in CONVERSATIONS:
        day = today - timedelta(days=days)
        services.conversation_record(
            actor=made[key].relationship_owner or owner,
            stakeholder=made[key],
            day=day,
            topic=topic,
            outcome=outcome,
            next_step=next_step,
            next_step_due=day + timedelta(days=due) if due else None,
        )
    for audience, information, frequency, channel, sender, sent, first in PLAN:
        target = {"stakeholder": made[audience]} if isinstance(audience, str) else {
            "group_name": audience[0],
            "members": [made[key] for key in audience[1]],
        }  # fmt: skip
        item = services.plan_item_create(
            actor=owner,
            workspace=workspace,
            information=information,
            frequency=frequency,
            channel=channel,
            owner=user(sender),
            starts_on=today - timedelta(days=first),
            **target,
        )
        if sent is not None:
            services.plan_item_sent(actor=owner, item=item, day=today - timedelta(days=sent))
