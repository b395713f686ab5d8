"""The product modules in the navigation. A module not built yet shows an empty state that
explains what it will do; a built module names its own URL."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from leitstern.workspaces.models import Need


@dataclass(frozen=True)
class Module:
    """A module in the navigation. ``need`` is the role level its pages need: members below
    it get no navigation entry and no tile (stakeholder maps are for editors and owners)."""

    key: str
    label: Promise
    summary: Promise
    url_name: str = "modules:module"
    need: int = Need.VIEW

    def reachable_by(self, member) -> bool:
        return member is not None and member.can(self.need)


MODULES: list[Module] = [
    Module(
        "strategy",
        _("Strategy"),
        _(
            "Product vision, a North Star metric with its input metrics, and OKRs per cycle "
            "with weekly check-ins, confidence and honest scoring."
        ),
        url_name="strategy:index",
    ),
    Module(
        "roadmap",
        _("Roadmap"),
        _(
            "An outcome-based roadmap: Now / Next / Later and a timeline on the same data, "
            "with what you deliberately do not do, shareable and with a history that says why."
        ),
    ),
    Module(
        "discovery",
        _("Discovery"),
        _(
            "Opportunities backed by evidence; every initiative a hypothesis "
            "(“We believe X raises activation by 15%”) measured to a verdict."
        ),
    ),
    Module(
        "research",
        _("Research"),
        _(
            "Learning conversations with customers: participants, personas, segments, "
            "consent, insights, and a steady cadence of interviews per segment."
        ),
    ),
    Module(
        "stakeholders",
        _("Stakeholders"),
        _("Who has influence and interest, and how you keep each of them informed."),
        url_name="stakeholders:index",
        need=Need.EDIT,
    ),
    Module(
        "requests",
        _("Requests"),
        _(
            "Requests and promises from sales, support and management, with transparency "
            "back to the people who asked."
        ),
    ),
    Module(
        "forecasts",
        _("Forecasts"),
        _(
            "Delivery forecasts from your team's own throughput: probabilities instead of "
            "promised dates, calibrated against what really happened."
        ),
        url_name="forecasts:index",
    ),
    Module(
        "cases",
        _("Business cases"),
        _(
            "Business cases with costs, benefits, uncertainty and return on investment, "
            "for example for AI initiatives."
        ),
    ),
]

MODULES_BY_KEY = {module.key: module for module in MODULES}


def modules_for(member) -> list[Module]:
    """The modules ``member``'s role may open (navigation entries and overview tiles)."""
    return [module for module in MODULES if module.reachable_by(member)]
