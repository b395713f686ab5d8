from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

# Slots of strategy's pages that higher modules contribute to (``core.contributions``).
KEY_RESULT_PANELS = "strategy.key_result"
OBJECTIVE_PANELS = "strategy.objective"
CHECK_IN_PANELS = "strategy.check_in"


class StrategyConfig(AppConfig):
    name = "leitstern.strategy"
    label = "strategy"
    verbose_name = _("Strategy")

    def ready(self) -> None:
        from leitstern.core import contributions
        from leitstern.strategy import selectors

        contributions.declare(
            KEY_RESULT_PANELS,
            "Sections of a key result's page (strategy:key_result); the object is the key result.",
        )
        contributions.declare(
            OBJECTIVE_PANELS,
            "Sections of an objective's page (strategy:objective) under its key results; the "
            "object is the objective.",
        )
        contributions.declare(
            CHECK_IN_PANELS,
            "Next to the confidence of a check-in form; the object is the key result.",
        )

        # A team's objectives live here; the team list and page link to them.
        contributions.contribute(
            "teams.links",
            template="strategy/_team_objectives_link.html",
            selector=selectors.team_objectives_link,
            order=20,
        )

        # Registers the metric values upload with the kernel's import flow.
        from leitstern.strategy import importers  # noqa: F401
