from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StrategyConfig(AppConfig):
    name = "leitstern.strategy"
    label = "strategy"
    verbose_name = _("Strategy")

    def ready(self) -> None:
        from leitstern.core import contributions
        from leitstern.strategy import selectors

        # A team's objectives live here; the team list and page link to them.
        contributions.contribute(
            "teams.links",
            template="strategy/_team_objectives_link.html",
            selector=selectors.team_objectives_link,
            order=20,
        )

        # Registers the metric values upload with the kernel's import flow.
        from leitstern.strategy import importers  # noqa: F401
