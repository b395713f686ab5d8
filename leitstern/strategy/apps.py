from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StrategyConfig(AppConfig):
    name = "leitstern.strategy"
    label = "strategy"
    verbose_name = _("Strategy")

    def ready(self) -> None:
        # Registers the metric values upload with the kernel's import flow.
        from leitstern.strategy import importers  # noqa: F401
