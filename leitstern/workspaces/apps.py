from django.apps import AppConfig
from django.contrib.admin import apps as admin_apps
from django.utils.translation import gettext_lazy as _


class WorkspacesConfig(AppConfig):
    name = "leitstern.workspaces"
    label = "workspaces"
    verbose_name = _("Workspaces")


class OperatorAdminConfig(admin_apps.AdminConfig):
    """Django's admin for operators, with the site that decides who they are
    (``workspaces.operators``). Named in ``INSTALLED_APPS``; not this module's default."""

    default = False
    default_site = "leitstern.workspaces.operators.OperatorAdminSite"
