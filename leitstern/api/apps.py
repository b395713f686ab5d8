from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "leitstern.api"
    label = "api"
    verbose_name = "API"
