"""The product's modules, each registered once: what the navigation shows, where its pages
live, its API router, its demo seeder and its large-workspace generator.

Adding a module is one ``Module(...)`` entry here plus
the app in ``INSTALLED_APPS`` (see ``README.md``). The list's order is the navigation's
order within each section; demo data and large workspaces are generated in layer order
(``layers.py``, lower layers first) and in list order within a layer."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum
from types import ModuleType
from typing import Any

from django.urls import URLPattern, URLResolver, include, path
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from ninja import Router

from leitstern.cases import api as cases_api
from leitstern.cases import demo as cases_demo
from leitstern.cases import large as cases_large
from leitstern.cases import urls as cases_urls
from leitstern.connectors import api as connectors_api
from leitstern.connectors import demo as connectors_demo
from leitstern.connectors import urls as connectors_urls
from leitstern.core.seeding import Seeder
from leitstern.customers import api as customers_api
from leitstern.customers import demo as customers_demo
from leitstern.customers import large as customers_large
from leitstern.customers import urls as customers_urls
from leitstern.discovery import api as discovery_api
from leitstern.discovery import demo as discovery_demo
from leitstern.discovery import large as discovery_large
from leitstern.discovery import urls as discovery_urls
from leitstern.forecasts import api as forecasts_api
from leitstern.forecasts import demo as forecasts_demo
from leitstern.forecasts import large as forecasts_large
from leitstern.forecasts import share_urls as forecasts_share_urls
from leitstern.forecasts import urls as forecasts_urls
from leitstern.products import api as products_api
from leitstern.products import demo as products_demo
from leitstern.products import large as products_large
from leitstern.products import urls as products_urls
from leitstern.requests import api as requests_api
from leitstern.requests import demo as requests_demo
from leitstern.requests import large as requests_large
from leitstern.requests import urls as requests_urls
from leitstern.research import api as research_api
from leitstern.research import consent_urls as research_consent_urls
from leitstern.research import demo as research_demo
from leitstern.research import large as research_large
from leitstern.research import urls as research_urls
from leitstern.roadmap import api as roadmap_api
from leitstern.roadmap import demo as roadmap_demo
from leitstern.roadmap import large as roadmap_large
from leitstern.roadmap import share_urls as roadmap_share_urls
from leitstern.roadmap import urls as roadmap_urls
from leitstern.site.layers import layer_of
from leitstern.stakeholders import api as stakeholders_api
from leitstern.stakeholders import demo as stakeholders_demo
from leitstern.stakeholders import large as stakeholders_large
from leitstern.stakeholders import urls as stakeholders_urls
from leitstern.strategy import api as strategy_api
from leitstern.strategy import demo as strategy_demo
from leitstern.strategy import large as strategy_large
from leitstern.strategy import urls as strategy_urls
from leitstern.teams import api as teams_api
from leitstern.teams import demo as teams_demo
from leitstern.teams import large as teams_large
from leitstern.teams import urls as teams_urls
from leitstern.workspaces.models import Membership, Need

WORKSPACE = "w/<slug:slug>/"


class Nav(StrEnum):
    """Where a module appears in the side navigation."""

    MAIN = "main"  # right under the workspace's overview
    MODULES = "modules"  # the product modules (also tiles on the overview page)
    WORKSPACE = "workspace"  # with activity, members and settings


@dataclass(frozen=True)
class Module:
    """One module of the product.

    ``key`` is the app's label and its URL namespace (``urls.app_name``). Pages live under
    ``/w/<slug>/<prefix>`` (``prefix`` defaults to ``<key>/``); ``index`` names the page the
    navigation opens. ``extra_urls`` are patterns outside a workspace (public share links).
    ``demo`` is ``seed(context)``; ``large`` adds the module's data to the large-workspace
    benchmark. ``need`` is the role level its pages need: members below it get no navigation
    entry and no tile (the stakeholder map is for editors and owners)."""

    key: str
    label: Promise
    summary: Promise | str = ""
    nav: Nav | None = Nav.MODULES
    urls: ModuleType | None = None
    prefix: str | None = None
    index: str = "index"
    router: Router | None = None
    demo: Seeder | None = None
    large: Callable[[Any], None] | None = None
    extra_urls: Sequence[URLPattern | URLResolver] = ()
    need: Need = Need.VIEW

    def reachable_by(self, member: Membership | None) -> bool:
        return member is not None and member.can(self.need)

    def __post_init__(self) -> None:
        if self.urls is None:
            raise ValueError(f"module {self.key!r} needs its pages (urls)")

    @property
    def url_name(self) -> str:
        """The navigation's link: the module's index page."""
        return f"{self.key}:{self.index}"


MODULES: list[Module] = [
    Module(
        "products",
        _("Products"),
        _("What the workspace builds, with the vision that guides it."),
        nav=Nav.MAIN,
        urls=products_urls,
        index="list",
        router=products_api.router,
        demo=products_demo.seed,
        large=products_large.generate,
    ),
    Module(
        "teams",
        _("Teams"),
        _("Delivery teams and the products they work on."),
        nav=Nav.WORKSPACE,
        urls=teams_urls,
        index="list",
        router=teams_api.router,
        demo=teams_demo.seed,
        large=teams_large.generate,
    ),
    Module(
        "strategy",
        _("Strategy"),
        _(
            "Product vision, a North Star metric with its input metrics, and OKRs per cycle "
            "with weekly check-ins, confidence and honest scoring."
        ),
        urls=strategy_urls,
        router=strategy_api.router,
        demo=strategy_demo.seed,
        large=strategy_large.generate,
    ),
    Module(
        "roadmap",
        _("Roadmap"),
        _(
            "An outcome-based roadmap: Now / Next / Later and a timeline on the same data, "
            "with what you deliberately do not do, shareable and with a history that says why."
        ),
        urls=roadmap_urls,
        router=roadmap_api.router,
        demo=roadmap_demo.seed,
        large=roadmap_large.generate,
        extra_urls=[path("s/", include(roadmap_share_urls))],
    ),
    Module(
        "discovery",
        _("Discovery"),
        _(
            "Opportunities backed by evidence; every initiative a hypothesis "
            "(“We believe X raises activation by 15%”) measured to a verdict."
        ),
        urls=discovery_urls,
        router=discovery_api.router,
        demo=discovery_demo.seed,
        large=discovery_large.generate,
    ),
    Module(
        "research",
        _("Research"),
        _(
            "Learning conversations with customers: participants, personas, segments, "
            "consent, insights, and a steady cadence of interviews per segment."
        ),
        urls=research_urls,
        router=research_api.router,
        demo=research_demo.seed,
        large=research_large.generate,
        extra_urls=[path("", include(research_consent_urls))],
    ),
    Module(
        "customers",
        _("Customers"),
        _("Customer organisations, their contacts, and the segments and personas you serve."),
        nav=None,  # reached from research's pages
        urls=customers_urls,
        router=customers_api.router,
        demo=customers_demo.seed,
        large=customers_large.generate,
    ),
    Module(
        "stakeholders",
        _("Stakeholders"),
        _("Who has influence and interest, and how you keep each of them informed."),
        urls=stakeholders_urls,
        router=stakeholders_api.router,
        demo=stakeholders_demo.seed,
        large=stakeholders_large.generate,
        need=Need.EDIT,
    ),
    Module(
        "requests",
        _("Requests"),
        _(
            "Requests and promises from sales, support and management, with transparency "
            "back to the people who asked."
        ),
        urls=requests_urls,
        router=requests_api.router,
        demo=requests_demo.seed,
        large=requests_large.generate,
    ),
    Module(
        "forecasts",
        _("Forecasts"),
        _(
            "Delivery forecasts from your team's own throughput: probabilities instead of "
            "promised dates, calibrated against what really happened."
        ),
        urls=forecasts_urls,
        router=forecasts_api.router,
        demo=forecasts_demo.seed,
        large=forecasts_large.generate,
        extra_urls=[path("s/", include(forecasts_share_urls))],
    ),
    Module(
        "connectors",
        _("Connectors"),
        _(
            "Live connections to Jira, GitHub, Linear and Azure DevOps that keep a team's "
            "history fresh."
        ),
        nav=None,
        urls=connectors_urls,
        index="detail",
        router=connectors_api.router,
        demo=connectors_demo.seed,
    ),
    Module(
        "cases",
        _("Business cases"),
        _(
            "Business cases with costs, benefits, uncertainty and return on investment, "
            "for example for AI initiatives."
        ),
        urls=cases_urls,
        router=cases_api.router,
        demo=cases_demo.seed,
        large=cases_large.generate,
    ),
]

MODULES_BY_KEY = {module.key: module for module in MODULES}


def in_nav(section: Nav, member: Membership | None = None) -> list[Module]:
    """The section's modules; with ``member``, only those their role may open."""
    return [
        module
        for module in MODULES
        if module.nav == section and (member is None or module.reachable_by(member))
    ]


def in_layer_order() -> list[Module]:
    """The modules lower layers first, in list order within a layer: the order in which the
    demo and the large-workspace generator run them."""
    return sorted(MODULES, key=lambda module: layer_of(module.key))


def url_patterns() -> list[URLPattern | URLResolver]:
    """Every built module's pages under ``/w/<slug>/<prefix>``, and its extra patterns."""
    patterns: list[URLPattern | URLResolver] = []
    for module in MODULES:
        if module.urls is not None:
            prefix = module.prefix if module.prefix is not None else f"{module.key}/"
            patterns.append(path(WORKSPACE + prefix, include(module.urls)))
        patterns.extend(module.extra_urls)
    return patterns
