from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiscoveryConfig(AppConfig):
    name = "leitstern.discovery"
    label = "discovery"
    verbose_name = _("Discovery")

    def ready(self) -> None:
        from leitstern.core import contributions
        from leitstern.discovery import selectors

        contributions.declare(
            "discovery.opportunity", "Panels on an opportunity's page; the opportunity."
        )
        contributions.declare(
            "discovery.hypothesis", "Panels on a hypothesis' page; the hypothesis."
        )
        # Results flow back: the bets and their verdicts on strategy's pages, without
        # strategy knowing of discovery.
        contributions.contribute(
            "strategy.key_result",
            template="discovery/panels/key_result.html",
            selector=selectors.key_result_panel,
            order=20,
        )
        contributions.contribute(
            "strategy.objective",
            template="discovery/panels/objective.html",
            selector=selectors.objective_panel,
            order=20,
        )
        # Evidence flows forward: an insight's page shows the opportunities citing it.
        contributions.contribute(
            "research.insight",
            template="discovery/panels/insight.html",
            selector=selectors.insight_panel,
            order=20,
        )
        contributions.contribute(
            "strategy.check_in",
            template="discovery/panels/check_in.html",
            selector=selectors.check_in_panel,
            order=20,
        )
