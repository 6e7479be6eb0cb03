from django.apps import AppConfig


class AssistanceConfig(AppConfig):
    name = "bangfu.assistance"
    label = "assistance"
