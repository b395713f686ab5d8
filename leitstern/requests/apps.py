from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


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
        from leitstern.core import contributions, listeners
        from leitstern.requests import importers, kinds  # noqa: F401
        from leitstern.requests.selectors import organisations_changed, panels
        from leitstern.requests.selectors.accounts import organisations_merged

        # The revenue roll-ups count organisations by segment: stored anew when the
        # customers' services change one (no upward import).
        listeners.listen("customers.organisations", organisations_changed)
        # The accounts each person looks after: a merge moves the duplicate's requests and
        # commitments to the kept organisation.
        listeners.listen("customers.organisations", organisations_merged)

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
