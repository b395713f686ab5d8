from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "leitstern.cases"
    label = "cases"
    verbose_name = _("Business cases")

    def ready(self) -> None:
        # Activity kinds of the cases' changes.
        from leitstern.cases import kinds  # noqa: F401
        from leitstern.cases.panels import hypothesis_cases, opportunity_cases, roadmap_item_cases
        from leitstern.core import contributions

        # A case's numbers where its initiative is planned and discovered, without the
        # roadmap or discovery knowing of cases.
        for slot, selector in (
            ("roadmap.item", roadmap_item_cases),
            ("discovery.opportunity", opportunity_cases),
            ("discovery.hypothesis", hypothesis_cases),
        ):
            contributions.contribute(
                slot, template="cases/_linked_cases.html", selector=selector, order=60
            )
