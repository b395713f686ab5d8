"""The sales roadmap's items, built in Python (``requests_tags.sales_items``), show what the
template showed before, in English and German: the same texts, links, badges and risks."""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.template import engines
from django.urls import reverse
from django.utils import timezone, translation

from leitstern.customers.tests.factory import make_organisation
from leitstern.requests import services
from leitstern.requests.models import Status
from leitstern.requests.selectors import Risk
from leitstern.requests.selectors.sales import ASKS, sales_roadmap
from leitstern.requests.tests.factory import make_commitment, make_request
from leitstern.roadmap.services import roadmap_create
from leitstern.roadmap.tests.factory import make_audience, make_item, make_roadmap
from leitstern.teams.tests.factory import make_team

pytestmark = pytest.mark.django_db

# The items as the page's template rendered them before they were built in Python (the
# asks as the template would write them): the reference the fast path must match.
BEFORE = """{% load i18n roadmap_tags %}{% for row in lane.items %}{% with item=row.item fields=data.fields %}
    <li class="sales-item">
      <strong>{{ item.title }}</strong>{% if data.roadmaps|length > 1 %} <small class="muted">{% if item.roadmap.product %}{{ item.roadmap.product.name }}{% else %}{% translate "Portfolio" %}{% endif %}</small>{% endif %}
      {% if "outcome" in fields and item.outcome %}<p>{{ item.outcome }}</p>{% endif %}
      <p>{% if "level" in fields %}<span class="badge">{{ item.get_level_display }}</span> {% endif %}{% if "status" in fields %}<span class="badge">{{ item.get_status_display }}</span> {% endif %}{% if "window" in fields %}{% with w=item|window %}{% if w %}<span>{{ w }}</span> {% endif %}{% endwith %}{% endif %}{% if "hard_date" in fields and item.hard_date %}<span>◆ {{ item.hard_date|date:"SHORT_DATE_FORMAT" }}</span> {% endif %}{% if "team" in fields and item.team %}<span class="badge">{{ item.team.name }}</span> {% endif %}{% if "owner" in fields and item.owner %}<span>{{ item.owner }}</span>{% endif %}</p>
      {% if row.requests %}<p class="muted">{% blocktranslate count n=row.requests %}Answers {{ n }} request{% plural %}Answers {{ n }} requests{% endblocktranslate %} · {% blocktranslate count n=row.accounts %}{{ n }} account asking{% plural %}{{ n }} accounts asking{% endblocktranslate %}</p>{% endif %}
      {% if row.promises and data.organisations is None %}<p class="muted">{% blocktranslate count n=row.promises %}{{ n }} promise to customers rests on it{% plural %}{{ n }} promises to customers rest on it{% endblocktranslate %} · <a href="?mine=1">{% translate "yours with their risk" %}</a></p>{% endif %}
      {% if row.asks %}<ul>{% for ask in row.asks %}<li>{% for a in ask.accounts %}<a href="{{ a.url }}">{{ a.name }}</a>{% if not forloop.last %}, {% endif %}{% endfor %}: <a href="{{ ask.request_url }}">{{ ask.title }}</a> <small class="muted">· {{ ask.status_label }}</small></li>{% endfor %}</ul>{% if row.more_asks %}<p class="muted">{% blocktranslate count n=row.asks|length %}Only the newest request is listed.{% plural %}Only the {{ n }} newest requests are listed.{% endblocktranslate %} <a href="{{ row.more_url }}">{% translate "All requests on this item" %}</a></p>{% endif %}{% endif %}
      {% if row.commitments %}<ul>{% for c, risk in row.commitments %}<li><strong>{% translate "Promise" %}:</strong> {% if c.state == "proposed" %}<span class="badge">{% translate "proposed, not approved: do not promise yet" %}</span> {% endif %}<a href="{% url 'requests:commitment' workspace.slug c.pk %}">{{ c.what }}</a> <small class="muted">· {{ c.organisation.name }} · {% translate "by" context "until a date" %} {{ c.due_on|date:"SHORT_DATE_FORMAT" }}</small> {% include "requests/_risk.html" %}</li>{% endfor %}</ul>{% endif %}
    </li>{% endwith %}{% endfor %}"""  # noqa: E501

NOW = """{% load requests_tags %}{% sales_items lane data %}"""


def _tidy(html: str) -> str:
    """Whitespace as the browser sees it: runs are one space, none between list items."""
    html = re.sub(r"\s+", " ", html).strip()
    return re.sub(r"\s*(</?(?:li|ul|p)\b[^>]*>)\s*", r"\1", html)


def _render(source: str, world, data, lane) -> str:
    engine = engines["django"]
    template = engine.from_string(source)
    return template.render({"workspace": world.workspace, "data": data, "lane": lane})


def _plan(world, item, request):
    services.request_triage(
        actor=world.editor, request=request, status=Status.PLANNED, roadmap_item=item
    )


def _every_field(world):
    """Two roadmaps (a product's and the portfolio), a sales view showing every field, an
    item with all of them set and hostile text, more asks than listed, and commitments."""
    year = timezone.localdate().year + 1
    roadmap = make_roadmap(world)
    portfolio = roadmap_create(actor=world.owner, workspace=world.workspace)
    team = make_team(world, "Kasse & Zahlung")
    make_audience(
        world,
        name="Vertrieb",
        preset="sales",
        item_fields=["outcome", "level", "status", "window", "hard_date", "team", "owner"],
        horizons=["now", "next", "later"],
    )
    full = make_item(
        roadmap,
        world.owner,
        title='Pay <b>on</b> "invoice" & more',
        horizon="now",
        outcome="Buyers pay <later>",
        level="solution",
        status="building",
        window_start=date(year, 7, 1),
        window_end=date(year, 9, 30),
        hard_date=date(year, 9, 15),
        hard_date_kind="contract",
        team=team,
        owner=world.editor,
    )
    months = make_item(
        portfolio,
        world.owner,
        title="Weekly payouts",
        horizon="next",
        level="problem",
        window_start=date(year, 10, 1),
        window_end=date(year, 11, 30),
    )
    bare = make_item(portfolio, world.owner, title="Gift cards", horizon="later")
    mine = make_organisation(world.workspace, world.owner, "Modehaus <Albrecht> & Söhne")
    other = make_organisation(world.workspace, world.owner, "Gartenwelt Schulze")
    for n in range(ASKS + 2):
        asking = [mine, other] if n % 2 else [mine]
        _plan(world, full, make_request(world, organisations=asking, title=f"Invoice <{n}>"))
    _plan(world, months, make_request(world, organisations=[mine], title="Payouts weekly"))
    _plan(world, bare, make_request(world, organisations=[other], actor=world.editor))
    asked = make_request(world, organisations=[mine], title="A promise")
    proposed = make_commitment(world, asked, what="Invoice <by> spring", roadmap_item=full)
    agreed = make_commitment(world, asked, what="Payouts by autumn", roadmap_item=months)
    services.commitment_decide(actor=world.editor, commitment=agreed, approve=True)
    return full, proposed, agreed


RISKS = [
    Risk("green", percent=91),
    Risk("amber", percent=62),
    Risk("red", percent=12),
    Risk("red", percent=0, overdue=True, note="The date has passed."),
    Risk("unknown", note='No team "Kasse" <yet> & no size'),
    Risk("settled"),
]


@pytest.mark.parametrize("language", ["en", "de"])
def test_the_items_show_what_the_template_showed(world, language):
    full, proposed, agreed = _every_field(world)
    pages = {
        "everything": sales_roadmap(world.workspace),
        "mine": sales_roadmap(world.workspace, person=world.contributor),
    }
    # Every kind of risk on the item with every field, each as the risk partial shows it.
    rows = {row.item.pk: row for lane in pages["mine"].lanes for row in lane.items}
    rows[full.pk].commitments = [(proposed, risk) for risk in RISKS] + [(agreed, RISKS[1])]
    from leitstern.requests.views import _link_asks

    with translation.override(language):
        for name, data in pages.items():
            _link_asks(world.workspace.slug, data)
            for lane in data.lanes:
                before = _tidy(_render(BEFORE, world, data, lane))
                now = _tidy(_render(NOW, world, data, lane))
                assert now == before, (name, lane.horizon)
                assert lane.items, (name, lane.horizon)
    shown = {row.item.pk: row for lane in pages["mine"].lanes for row in lane.items}
    assert shown[full.pk].more_asks and len(shown[full.pk].commitments) == len(RISKS) + 1


def test_the_page_shows_every_field_in_english_and_german(client, world):
    """Key parts of an item with every field, an approved and a proposed commitment, as
    the page shows them in each language."""
    _full, proposed, agreed = _every_field(world)
    url = reverse("requests:sales_roadmap", args=[world.workspace.slug])
    commitment = reverse("requests:commitment", args=[world.workspace.slug, proposed.pk])
    client.force_login(world.contributor)
    year = timezone.localdate().year + 1
    expected = {
        "en": [
            "<strong>Pay &lt;b&gt;on&lt;/b&gt; &quot;invoice&quot; &amp; more</strong>",
            '<small class="muted">Portfolio</small>',
            "<p>Buyers pay &lt;later&gt;</p>",
            '<span class="badge">solution / feature</span> <span class="badge">building</span>',
            f"<span>Q3 {year}</span> <span>◆ 09/15/{year}</span>",
            '<span class="badge">Kasse &amp; Zahlung</span>',
            "Answers 7 requests · 2 accounts asking",
            "Only the 5 newest requests are listed.",
            "Modehaus &lt;Albrecht&gt; &amp; Söhne</a>",
            '<span class="badge">proposed, not approved: do not promise yet</span>',
            f'<a href="{commitment}">Invoice &lt;by&gt; spring</a>',
            f"· by {agreed.due_on:%m/%d/%Y}</small>",
            '<span class="badge" title="',
            ">no forecast</span>",
        ],
        "de": [
            '<small class="muted">Portfolio</small>',
            '<span class="badge">Lösung / Funktion</span>',
            f"<span>Q3 {year}</span> <span>◆ 15.09.{year}</span>",
            "Beantwortet 7 Anfragen · 2 anfragende Organisationen",
            "Nur die 5 neuesten Anfragen sind aufgeführt.",
            '<span class="badge">vorgeschlagen, nicht bestätigt: noch nicht versprechen</span>',
            '<span class="badge">in Umsetzung</span>',
            f"· bis {agreed.due_on:%d.%m.%Y}</small>",
            ">keine Prognose</span>",
        ],
    }
    for language, parts in expected.items():
        world.contributor.language = language
        world.contributor.save(update_fields=["language"])
        mine = client.get(url + "?mine=1").content.decode()
        for part in parts:
            assert part in mine, (language, part)
        everything = client.get(url).content.decode()
        promises = {"en": "1 promise to customers rests on it", "de": "1 Zusage an Kundinnen"}
        assert promises[language] in everything
        assert '<a href="?mine=1">' in everything
        assert "Invoice &lt;by&gt; spring" not in everything  # promises only for accounts
