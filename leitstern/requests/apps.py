from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def organisations_changed(
    sender: object, *, workspace: Any, ids: list[int], fields: set[str] | None, **_: Any
) -> None:
    """The customers' services changed organisations (``customers.signals``), in that
    change's transaction: the revenue roll-ups (they count organisations by segment) and
    the accounts each person looks after (a merge moves the duplicate's requests and
    commitments to the kept organisation) are stored anew with it."""
    from leitstern.requests.selectors.accounts import organisations_merged
    from leitstern.requests.selectors.revenue import organisations_changed as rollups_changed

    rollups_changed(workspace=workspace, ids=ids, fields=fields)
    organisations_merged(workspace=workspace, ids=ids, fields=fields)


class RequestsConfig(AppConfig):
    """Label ``requests``: the package is ``leitstern.requests``, so it never shadows the
    ``requests`` HTTP library (see README)."""

    name = "leitstern.requests"
    label = "requests"
    verbose_name = _("Requests")

    def ready(self) -> None:
        # Activity kinds of the requests' changes, and the request import on the kernel's
        # import flow.
        # The requests behind an item or an opportunity, on its page (no upward import).
        from leitstern.core import contributions
        from leitstern.customers import signals
        from leitstern.requests import importers, kinds  # noqa: F401
        from leitstern.requests.selectors import panels

        # Numbers kept about organisations, stored anew when the customers' services
        # change them (the customers module may not import this one).
        signals.organisations_changed.connect(
            organisations_changed, dispatch_uid="requests.organisations_changed"
        )

        contributions.contribute(
            "roadmap.item",
            template="requests/panels/behind.html",
            selector=panels.item_panel,
            order=30,
        )
        contributions.contribute(
            "discovery.opportunity",
            template="requests/panels/behind.html",
            selector=panels.opportunity_panel,
            order=30,
        )
