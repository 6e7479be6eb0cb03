from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "bangfu.people"
    label = "people"
