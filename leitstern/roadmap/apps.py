from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RoadmapConfig(AppConfig):
    name = "leitstern.roadmap"
    label = "roadmap"
    verbose_name = _("Roadmap")

    def ready(self) -> None:
        from leitstern.core import contributions
        from leitstern.roadmap.selectors import panels

        contributions.declare("roadmap.item", "Panels on a roadmap item's page; the item.")
        # The items serving a key result, on its page; a product's roadmap on the product's.
        contributions.contribute(
            "strategy.key_result",
            template="roadmap/_key_result_items.html",
            selector=panels.key_result_items,
            order=40,
        )
        contributions.contribute(
            "products.product",
            template="roadmap/_product_roadmap.html",
            selector=panels.product_roadmap,
            order=40,
        )
        # Activity kinds of the roadmap's changes, and the roadmap import on the kernel's
        # import flow.
        from leitstern.roadmap import importers, kinds  # noqa: F401
