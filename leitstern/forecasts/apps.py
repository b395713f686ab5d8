from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForecastsConfig(AppConfig):
    name = "leitstern.forecasts"
    label = "forecasts"
    verbose_name = _("Forecasts")

    def ready(self) -> None:
        from leitstern.core import contributions
        from leitstern.forecasts import selectors

        # The team's page belongs to teams; its throughput, charts and forecasts are ours.
        contributions.contribute(
            "teams.team",
            template="forecasts/_team_panel.html",
            selector=selectors.team_panel,
            order=30,
            fragments=("team-charts",),
        )

        # Registers the history upload with the kernel's import flow.
        from leitstern.forecasts import importers  # noqa: F401
