from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "linkwork.demo"
    label = "demo"
    verbose_name = "Demo data"
