from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConnectorsConfig(AppConfig):
    name = "leitstern.connectors"
    label = "connectors"
    verbose_name = _("Connectors")

    def ready(self) -> None:
        from leitstern.connectors import selectors
        from leitstern.core import contributions

        # The team's page belongs to teams; the trackers that feed its history are ours.
        contributions.contribute(
            "teams.team",
            template="connectors/_team_panel.html",
            selector=selectors.team_panel,
            order=35,
        )
