from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResearchConfig(AppConfig):
    name = "leitstern.research"
    label = "research"
    verbose_name = _("Research")

    def ready(self) -> None:
        # The activity kinds of research's changes.
        from leitstern.core import contributions
        from leitstern.research.selectors import product_research
        from leitstern.research.services import _common, retention  # noqa: F401

        # A product's research home, linked from the product's page.
        contributions.contribute(
            "products.product",
            template="research/_product_research.html",
            selector=product_research,
            order=30,
        )

        # Higher modules show what rests on an insight (discovery: the opportunities citing it).
        contributions.declare("research.insight", "Panels on an insight's page; the insight.")
