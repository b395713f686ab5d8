"""Nordwind Commerce's research: about 40 participants at the demo's customer
organisations with their consents (some expiring soon, one withdrawn), about 60 learning
conversations over six months with snapshots and quotes in German and English, second-hand
feedback from sales, and 25 insights built from the quotes. Everything goes through the
services, so consent is checked as it would be for real."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from leitstern.core.seeding import DemoContext
from leitstern.research import services
from leitstern.research.models import Purpose, Relay

FIRST = ["Katrin", "Stefan", "Julia", "Thomas", "Sabine", "Michael", "Anja", "Frank",
         "Nicole", "Daniel", "Petra", "Andreas", "Claudia", "Markus", "Birgit", "Jan",
         "Emma", "Lars", "Sophie", "Ben", "Helena", "Oliver", "Marie", "Felix"]  # fmt: skip
LAST = ["Schneider", "Fischer", "Meyer", "Wagner", "Becker", "Schulz", "Hoffmann", "Koch",
        "Richter", "Klein", "Wolf", "Neumann", "Schwarz", "Zimmermann", "Braun", "Hartmann",
        "Lange", "Werner", "Krüger", "Lehmann"]  # fmt: skip
ROLES = ["Inhaberin", "Inhaber", "Head of E-Commerce", "Leitung Logistik", "Kundenservice",
         "Online-Marketing", "Operations Manager"]  # fmt: skip

# Insight themes: (statement, product, [quotes in the customers' words, German and English]).
THEMES = [
    (
        "Shop owners lose mobile baskets when they switch apps",
        "Storefront",
        [
            "Auf dem Handy ist der Warenkorb weg, sobald ich kurz in eine andere App wechsle.",
            "My customers complain the basket is empty when they come back on their phone.",
        ],
    ),
    (
        "Returns are the biggest manual effort for small shops",
        "Merchant Portal",
        [
            "Retouren kosten mich jeden Montag den halben Vormittag.",
            "Every return means three systems and a printed label.",
        ],
    ),
    (
        "Buyers abandon checkout when PayPal is not first",
        "Checkout & Payments",
        [
            "Meine Kundschaft sucht PayPal, und wenn es nicht oben steht, ist sie weg.",
            "Half of our buyers want to pay by invoice, and they give up when they can't find it.",
        ],
    ),
    (
        "Stock levels across channels drift apart",
        "Merchant Portal",
        [
            "Der Bestand im Shop und auf dem Marktplatz stimmt nie überein.",
            "We oversold the same jacket twice last week because stock was not synced.",
        ],
    ),
    (
        "Delivery dates are the most asked question",
        "Storefront",
        [
            "Die häufigste Frage im Kundenservice ist: Wann kommt mein Paket?",
            "If we showed a real delivery date, half of our tickets would disappear.",
        ],
    ),
    (
        "Merchants want one report for all sales channels",
        "Merchant Portal",
        [
            "Ich baue mir jeden Monat eine Excel-Tabelle aus drei Exporten.",
            "I just want one number: what did we sell this week, everywhere.",
        ],
    ),
    (
        "Product photos take too long to publish",
        "Merchant Portal",
        [
            "Bis ein neues Produkt mit Fotos online ist, vergeht ein ganzer Tag.",
            "Uploading photos one by one is the worst part of my week.",
        ],
    ),
    (
        "Search does not forgive typos",
        "Storefront",
        [
            "Wer 'Fahrad' tippt, findet bei uns nichts.",
            "Our customers misspell brand names all the time and get zero results.",
        ],
    ),
    (
        "Shipping costs surprise buyers too late",
        "Checkout & Payments",
        [
            "Die Versandkosten sieht man erst ganz am Ende, und dann brechen viele ab.",
            "Buyers feel tricked when shipping shows up on the last step.",
        ],
    ),
    (
        "Vouchers are hard to set up for campaigns",
        "Merchant Portal",
        [
            "Einen Gutschein für den Newsletter anzulegen dauert mir viel zu lange.",
            "I gave up on the Black Friday voucher because the rules were too complicated.",
        ],
    ),
    (
        "Merchants fear losing data when switching plans",
        "Merchant Portal",
        [
            "Ich traue mich nicht, den Tarif zu wechseln, weil ich Angst um meine Daten habe.",
            "Will my orders still be there if I downgrade? Nobody could tell me.",
        ],
    ),
    (
        "Invoices must meet German tax rules out of the box",
        "Checkout & Payments",
        [
            "Die Rechnungen müssen GoBD-konform sein, sonst meckert mein Steuerberater.",
            "Our accountant rejected the invoices because the tax line was missing.",
        ],
    ),
    (
        "Size guidance would cut fashion returns",
        "Storefront",
        [
            "Die Hälfte der Retouren ist die falsche Größe.",
            "A size advisor would save us more than any marketing campaign.",
        ],
    ),
    (
        "Marketplace fees are hard to see per order",
        "Merchant Portal",
        [
            "Ich weiß bei keiner Bestellung, was mir nach Gebühren wirklich bleibt.",
            "Fees are buried in a monthly PDF; I can't see them per order.",
        ],
    ),
    (
        "Repeat buyers want to reorder quickly",
        "Storefront",
        [
            "Stammkunden bestellen immer dasselbe Futter und müssen jedes Mal suchen.",
            "A reorder button would make our regulars' lives so much easier.",
        ],
    ),
    (
        "Support needs to see the order history instantly",
        "Merchant Portal",
        [
            "Am Telefon brauche ich sofort alle Bestellungen des Kunden.",
            "I keep the customer waiting while I click through five screens.",
        ],
    ),
    (
        "Mobile admin is needed on the shop floor",
        "Merchant Portal",
        [
            "Im Laden habe ich nur das Handy, und da ist die Verwaltung unbenutzbar.",
            "I manage stock from my phone in the stockroom, and it's painful.",
        ],
    ),
    (
        "Accessibility is becoming a legal question",
        "Storefront",
        [
            "Ab 2025 müssen wir barrierefrei sein, und ich weiß nicht, ob wir es sind.",
            "Our lawyer asked whether the shop meets the accessibility act.",
        ],
    ),
    (
        "Merchants want to compare with similar shops",
        "Merchant Portal",
        [
            "Ich würde gern wissen, ob meine Conversion gut oder schlecht ist.",
            "Is a 2% conversion rate good for a shop like mine? I have no idea.",
        ],
    ),
    (
        "Instalment payments raise basket sizes",
        "Checkout & Payments",
        [
            "Seit wir Ratenzahlung anbieten, kaufen die Leute die teureren Räder.",
            "Pay later doubled the size of our furniture orders.",
        ],
    ),
    (
        "Onboarding new staff takes too long",
        "Merchant Portal",
        [
            "Neue Aushilfen brauchen eine Woche, bis sie Bestellungen allein bearbeiten.",
            "Training a new seasonal worker costs me days every autumn.",
        ],
    ),
    (
        "Product variants are confusing to manage",
        "Merchant Portal",
        [
            "Bei zwölf Farben und acht Größen verliere ich den Überblick.",
            "Variants are a nightmare: one change, ninety-six edits.",
        ],
    ),
    (
        "Buyers want to pick up in store",
        "Storefront",
        [
            "Viele wollen online bestellen und im Laden abholen.",
            "Click and collect is what our local customers keep asking for.",
        ],
    ),
    (
        "Low stock alerts come too late",
        "Merchant Portal",
        [
            "Ich merke erst, dass etwas ausverkauft ist, wenn sich Kunden beschweren.",
            "The low-stock email arrives when the shelf is already empty.",
        ],
    ),
    (
        "Newsletter sign-ups need double opt-in done right",
        "Storefront",
        [
            "Beim Newsletter habe ich Angst vor Abmahnungen wegen des Double-Opt-ins.",
            "We need double opt-in that simply works, without a plugin.",
        ],
    ),
]

SECOND_HAND = [
    (
        "Sales: retailers ask for a B2B price list",
        "Growing retailers",
        "Drei Händler haben im Vertriebsgespräch nach Staffelpreisen für Geschäftskunden gefragt.",
    ),
    (
        "Sales: a prospect wants invoice payment",
        "Small shops",
        "Prospect said they would sign today if buyers could pay by invoice.",
    ),
    (
        "Support: many tickets about delivery dates",
        "Growing retailers",
        "Im Support fragen Kunden jede Woche, wann ihr Paket kommt.",
    ),
    (
        "Sales: marketplace sellers ask about fees",
        "Marketplace sellers",
        "Marketplace sellers keep asking what they really earn per order after fees.",
    ),
    (
        "Survey: mobile admin rated lowest",
        "Small shops",
        "In der Umfrage bekam die mobile Verwaltung die schlechteste Note.",
    ),
    (
        "Sales: enterprise asks for single sign-on",
        "Growing retailers",
        "The drugstore chain asked for single sign-on before they roll out to 40 stores.",
    ),
    (
        "Support: returns labels cause confusion",
        "Small shops",
        "Support hört oft, dass das Retourenlabel nicht gedruckt werden kann.",
    ),
    (
        "Marketing: webinar attendees ask about vouchers",
        "Marketplace sellers",
        "At the webinar, most questions were about setting up vouchers for campaigns.",
    ),
]

SNAPSHOT = {
    "quick_facts": "{role} bei {org}; {segment}. Nutzt Nordwind seit {years} Jahren.",
    "experience_story": (
        "Erzählte, wie zuletzt {theme_lower}: erst im Gespräch mit Kundschaft aufgefallen, "
        "dann mit einer eigenen Tabelle umgangen."
    ),
    "opportunities": "{theme}",
}


def _at(day, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


def seed(context: DemoContext) -> None:
    workspace, owner = context.workspace, context.owner
    customers = context.extra["customers"]
    segments, personas = customers["segments"], customers["personas"]
    organisations = customers["organisations"]
    people = context.people
    interviewers = [
        owner,
        people["jonas.keller@nordwind.example"],
        people["mira.okafor@nordwind.example"],
        people["lukas.brandt@nordwind.example"],
    ]
    sales = people["sofia.marin@nordwind.example"]
    today = timezone.localdate()
    now = timezone.now()

    # Participants: 40 at the 25 organisations, most with every consent; a few without
    # consent to quoting or recordings, some expiring soon, two who never answered.
    participants = []
    for number in range(40):
        organisation = organisations[number % len(organisations)]
        first, last = FIRST[number % len(FIRST)], LAST[(number * 7) % len(LAST)]
        participant = services.participant_create(
            actor=owner,
            workspace=workspace,
            name=f"{first} {last}",
            email=f"{first.lower()}.{last.lower()}@kunde.example".replace("ü", "ue"),
            phone=f"+49 30 5550 {1000 + number}",
            role=ROLES[number % len(ROLES)],
            organisation=organisation,
            segments=[organisation.segment] if organisation.segment else [],
            personas=[personas[number % len(personas)]],
            language="en" if number % 5 == 4 else "de",
        )
        participants.append(participant)
        if number in (38, 39):
            continue  # asked, no answer yet
        purposes = list(Purpose.values)
        if number % 9 == 3:
            purposes.remove(Purpose.QUOTING)
        if number % 7 == 5:
            purposes.remove(Purpose.RECORDING)
        days_ago = 350 - (number % 4) * 3 if number % 10 == 0 else 200 + (number * 5) % 60
        services.consent_record(
            actor=interviewers[number % len(interviewers)],
            participant=participant,
            purposes=purposes,
            channel="email" if number % 2 else "verbal",
            witness="" if number % 2 else "Jonas Keller",
            given_at=now - timedelta(days=days_ago),
        )
    consenting = participants[:38]

    # About 60 conversations over the last six months (a few still scheduled) …
    quotes_by_theme: dict[int, list] = {i: [] for i in range(len(THEMES))}
    for number in range(60):
        day = today - timedelta(days=180 - number * 3)
        if number >= 58:
            day = today + timedelta(days=2 + (number - 58) * 3)
        held = day <= today
        who = consenting[(number * 3) % len(consenting)]
        theme_no = number % len(THEMES)
        theme, product, words = THEMES[theme_no]
        said = words[0] if who.language == "de" else words[1]
        notes = (
            f"Ziel: verstehen, wie {who.organisation} heute arbeitet.\n\n"
            f"{who.name.split()[0]} über den Alltag: {said}\n\n"
            "Weitere Punkte: Zeitdruck im Tagesgeschäft, viele Werkzeuge nebeneinander."
        )
        conversation = services.conversation_create(
            actor=interviewers[number % len(interviewers)],
            workspace=workspace,
            title=f"Interview {who.organisation}",
            date=day,
            held=held,
            participants=[who],
            interviewers=[interviewers[number % len(interviewers)]],
            product=context.products.get(product),
            organisation=who.organisation,
            goal="Verstehen, wo im Alltag Zeit verloren geht.",
            notes=notes if held else "",
        )
        if not held:
            continue
        segment = who.organisation.segment.name if who.organisation.segment else ""
        services.snapshot_update(
            actor=interviewers[number % len(interviewers)],
            conversation=conversation,
            quick_facts=SNAPSHOT["quick_facts"].format(
                role=who.role, org=who.organisation, segment=segment, years=1 + number % 6
            ),
            memorable_quote=said,
            experience_story=SNAPSHOT["experience_story"].format(theme_lower=theme.lower()),
            opportunities=SNAPSHOT["opportunities"].format(theme=theme),
        )
        quote = services.quote_create(
            actor=interviewers[number % len(interviewers)],
            conversation=conversation,
            participant=who,
            text=said,
            source="notes",
        )
        quotes_by_theme[theme_no].append(quote)

    # Second-hand feedback from sales, support, marketing and a survey.
    by_name = {s.name: s for s in segments}
    relays = [Relay.SALES, Relay.SALES, Relay.SUPPORT, Relay.SALES, Relay.SURVEY, Relay.SALES,
              Relay.SUPPORT, Relay.MARKETING]  # fmt: skip
    for number, (title, segment, text) in enumerate(SECOND_HAND):
        feedback = services.feedback_submit(
            actor=sales,
            workspace=workspace,
            title=title,
            date=today - timedelta(days=150 - number * 17),
            relayed_by=relays[number],
            segment=by_name[segment],
            notes=text,
        )
        quote = services.quote_create(
            actor=interviewers[1], conversation=feedback, text=text, source="notes"
        )
        theme_no = [2, 2, 4, 13, 16, 10, 1, 9][number]
        quotes_by_theme[theme_no].append(quote)

    # 25 insights, one per theme, with their quotes as evidence.
    for number, (theme, product, _words) in enumerate(THEMES):
        services.insight_create(
            actor=interviewers[number % len(interviewers)],
            workspace=workspace,
            title=theme,
            product=context.products.get(product),
            quotes=quotes_by_theme[number],
        )

    # One participant withdrew: their quotes show as withdrawn everywhere.
    services.consent_withdraw(
        actor=interviewers[1], participant=consenting[7], purposes=[Purpose.INTERVIEW]
    )
    # A proposal from sales waits for an editor.
    services.participant_create(
        actor=sales,
        workspace=workspace,
        name="Robert Engel",
        role="Geschäftsführer",
        organisation=organisations[12],
        proposed=True,
    )
