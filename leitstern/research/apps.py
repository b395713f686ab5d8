from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResearchConfig(AppConfig):
    name = "leitstern.research"
    label = "research"
    verbose_name = _("Research")

    def ready(self) -> None:
        # The activity kinds of research's changes.
        from leitstern.research.services import _common  # noqa: F401
