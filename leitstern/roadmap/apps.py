from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoadmapConfig(AppConfig):
    name = "leitstern.roadmap"
    label = "roadmap"
    verbose_name = _("Roadmap")

    def ready(self) -> None:
        # Activity kinds of the roadmap's changes, and the roadmap import on the kernel's
        # import flow.
        from leitstern.roadmap import importers, kinds  # noqa: F401
