from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "bangfu.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from bangfu.core.navigation import NavItem, register_nav

        register_nav(NavItem("statistics", _("Statistics"), "reports:hardship", icon="chart-bar", order=80,
                             permission="people.view_hardshipfile"))
        register_nav(NavItem("bulletin", _("Statistical bulletin"), "reports:bulletin", icon="file-text", order=81,
                             permission="people.view_hardshipfile"))
        register_nav(NavItem("import", _("Import and export"), "people_imports:upload", icon="file-spreadsheet",
                             order=13, permission="reports.view_importjob"))
