from django.apps import AppConfig


class JobsConfig(AppConfig):
    name = "bangfu.jobs"
    label = "jobs"
