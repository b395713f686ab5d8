from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CasesConfig(AppConfig):
    name = "leitstern.cases"
    label = "cases"
    verbose_name = _("Business cases")

    def ready(self) -> None:
        # Activity kinds of the cases' changes.
        from leitstern.cases import kinds  # noqa: F401
