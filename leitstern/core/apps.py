from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "leitstern.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.db.models import fields

        from leitstern.core import portability

        portability.autodiscover()
        # Django 6.1's label for a select's empty choice ("- Select an option -") has no
        # German in Django's own catalogue; every select without a label of its own shows ours.
        fields.BLANK_CHOICE_LABEL = _("— please choose —")
