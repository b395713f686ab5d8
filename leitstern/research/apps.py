from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResearchConfig(AppConfig):
    name = "leitstern.research"
    label = "research"
    verbose_name = _("Research")

    def ready(self) -> None:
        # The activity kinds of research's changes.
        from leitstern.core import contributions
        from leitstern.research.services import _common  # noqa: F401

        # Higher modules show what rests on an insight (discovery: the opportunities citing it).
        contributions.declare("research.insight", "Panels on an insight's page; the insight.")
