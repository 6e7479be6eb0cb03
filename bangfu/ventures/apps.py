from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class VenturesConfig(AppConfig):
    name = "bangfu.ventures"
    label = "ventures"
    verbose_name = _("Worker entrepreneurship support")

    def ready(self) -> None:
        from bangfu.core.home import HomeStat, register_home_stat
        from bangfu.core.navigation import NavItem, register_nav
        from bangfu.ventures import queries

        register_nav(NavItem("ventures_projects", _("Entrepreneurship projects"), "ventures:project_list",
                             icon="rocket", order=60, permission="ventures.view_ventureproject"))
        register_nav(NavItem("ventures_runs", _("Interest subsidy runs"), "ventures:run_list", icon="receipt",
                             order=61, permission="ventures.view_subsidyrun"))
        register_nav(NavItem("ventures_arrears", _("Loans in arrears"), "ventures:arrears", icon="alert-triangle",
                             order=62, permission="ventures.view_loan"))
        register_nav(NavItem("ventures_report", _("Entrepreneurship report"), "ventures:report", icon="chart-bar",
                             order=63, permission="ventures.view_ventureproject"))
        register_home_stat(HomeStat("ventures_arrears", _("Loans in arrears"),
                                    count=lambda user: queries.arrears(user).count(),
                                    url_name="ventures:arrears", permission="ventures.view_loan", order=60,
                                    todo=_("Loans in arrears to chase")))
