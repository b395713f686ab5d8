"""Panels that a higher module shows on a lower module's page, without an upward import.

The lower module declares a slot and renders it; a higher module contributes to it from its
``AppConfig.ready()``::

    # teams/apps.py — the team page has a slot for panels about the team
    contributions.declare("teams.team", "Panels on a team's page; the object is the team.")

    # teams/templates/teams/detail.html (a separator between panels is optional)
    {% load contributions %}{% contributions "teams.team" team %}

    # strategy/apps.py — the team's objectives, contributed by the module that has them
    contributions.contribute(
        "teams.team",
        template="strategy/_team_objectives.html",
        selector=selectors.team_objectives_panel,
        order=20,
    )

A selector takes the request (a ``WorkspaceRequest``: ``request.member`` is resolved) and
the page's object, which the page already looked up through its access module, and answers
the partial's context, or ``None`` to show nothing. A panel whose ``need`` the member's role
does not reach is left out, so is one whose selector answers ``None``. Panels come in
``order``, then in the order they were contributed.

A panel that serves htmx fragments names the ids of its ``{% partialdef %}`` blocks in
``fragments``; ``fragment(request, slot, obj)`` answers the one that ``HX-Target`` asks
for, so the page and the fragment share one URL."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.template.response import TemplateResponse

if TYPE_CHECKING:
    from leitstern.core.http import WorkspaceRequest

Selector = Callable[["WorkspaceRequest", Any], Mapping[str, Any] | None]

VIEW = 1  # ``workspaces.models.Need.VIEW``: every member


@dataclass(frozen=True)
class Contribution:
    slot: str
    template: str
    selector: Selector
    order: int = 100
    need: int = VIEW
    fragments: tuple[str, ...] = ()

    def allows(self, request: WorkspaceRequest) -> bool:
        member = getattr(request, "member", None)
        return member is not None and member.can(self.need)


@dataclass(frozen=True)
class Panel:
    """A contribution the member may see, with its context for this object."""

    contribution: Contribution
    context: dict[str, Any]


_SLOTS: dict[str, str] = {}
_CONTRIBUTIONS: list[Contribution] = []


def declare(slot: str, description: str) -> None:
    """Declare a slot of a page of the calling module (from its ``ready()``)."""
    _SLOTS[slot] = description


def contribute(
    slot: str,
    *,
    template: str,
    selector: Selector,
    order: int = 100,
    need: int = VIEW,
    fragments: tuple[str, ...] = (),
) -> None:
    """Show ``template`` with ``selector``'s context in ``slot`` (from ``ready()``)."""
    _CONTRIBUTIONS.append(
        Contribution(
            slot=slot,
            template=template,
            selector=selector,
            order=order,
            need=need,
            fragments=tuple(fragments),
        )
    )


def declared() -> dict[str, str]:
    return dict(_SLOTS)


def contributions(slot: str | None = None) -> list[Contribution]:
    """The contributions to ``slot`` (all when ``None``), in their order."""
    found = [c for c in _CONTRIBUTIONS if slot is None or c.slot == slot]
    return sorted(found, key=lambda c: c.order)


def panels(request: WorkspaceRequest, slot: str, obj: Any) -> list[Panel]:
    """The panels of ``slot`` the member may see for ``obj``, in order."""
    shown = []
    for contribution in contributions(slot):
        if not contribution.allows(request):
            continue
        context = contribution.selector(request, obj)
        if context is not None:
            shown.append(Panel(contribution, dict(context)))
    return shown


def fragment(request: WorkspaceRequest, slot: str, obj: Any) -> TemplateResponse | None:
    """For an htmx request whose ``HX-Target`` is a fragment a panel of ``slot`` serves:
    that fragment alone. ``None`` otherwise: the page renders as a whole."""
    target = request.headers.get("HX-Target") if request.headers.get("HX-Request") else None
    if not target:
        return None
    for contribution in contributions(slot):
        if target in contribution.fragments and contribution.allows(request):
            context = contribution.selector(request, obj)
            if context is None:
                return None
            return TemplateResponse(request, f"{contribution.template}#{target}", dict(context))
    return None
