from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "linkwork.people"
    label = "people"
    verbose_name = "People"
