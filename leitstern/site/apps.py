from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SiteConfig(AppConfig):
    """The shell: assembles the modules into one product. Imported by nobody."""

    name = "leitstern.site"
    label = "site"
    verbose_name = _("Site")
