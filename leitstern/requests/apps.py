from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RequestsConfig(AppConfig):
    """Label ``requests``: the package is ``leitstern.requests``, so it never shadows the
    ``requests`` HTTP library (see README)."""

    name = "leitstern.requests"
    label = "requests"
    verbose_name = _("Requests")

    def ready(self) -> None:
        # Activity kinds of the requests' changes, and the request import on the kernel's
        # import flow.
        from leitstern.requests import importers, kinds  # noqa: F401
