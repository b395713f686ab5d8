from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForecastsConfig(AppConfig):
    name = "leitstern.forecasts"
    label = "forecasts"
    verbose_name = _("Forecasts")

    def ready(self) -> None:
        # Registers the history upload with the kernel's import flow.
        from leitstern.forecasts import importers  # noqa: F401
