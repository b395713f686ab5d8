from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CustomersConfig(AppConfig):
    name = "leitstern.customers"
    label = "customers"
    verbose_name = _("Customers")

    def ready(self) -> None:
        # The activity kinds of customers' changes.
        from leitstern.customers import importers, services  # noqa: F401
