from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StakeholdersConfig(AppConfig):
    name = "leitstern.stakeholders"
    label = "stakeholders"
    verbose_name = _("Stakeholders")

    def ready(self) -> None:
        # Registers the register's CSV upload with the kernel's import flow.
        from leitstern.stakeholders import importers  # noqa: F401
