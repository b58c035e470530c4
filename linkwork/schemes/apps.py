from django.apps import AppConfig


class SchemesConfig(AppConfig):
    name = "linkwork.schemes"
    label = "schemes"
    verbose_name = "Schemes"
