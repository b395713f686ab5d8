from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Slots of the team's pages that higher modules contribute to (``core.contributions``).
TEAM_PANELS = "teams.team"
TEAM_LINKS = "teams.links"


class TeamsConfig(AppConfig):
    name = "leitstern.teams"
    label = "teams"
    verbose_name = _("Teams")

    def ready(self) -> None:
        from leitstern.core import contributions

        contributions.declare(
            TEAM_PANELS, "Sections of a team's page (teams:detail); the object is the team."
        )
        contributions.declare(
            TEAM_LINKS,
            "Links about a team, on the team list and the team's page; the object is the team.",
        )
