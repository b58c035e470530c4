from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "linkwork.core"
    label = "core"
    verbose_name = "Core"

    def ready(self):
        from . import checks  # noqa: F401 - registers the system checks
