from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkforceConfig(AppConfig):
    name = "bangfu.workforce"
    label = "workforce"
    verbose_name = _("Union social workers")

    def ready(self) -> None:
        from bangfu.core.navigation import NavItem, register_nav

        register_nav(NavItem("workforce_roster", _("Social worker roster"), "workforce:roster", icon="users",
                             order=70, permission="workforce.view_socialworker"))
        register_nav(NavItem("workforce_runs", _("Assessment runs"), "workforce:run_list", icon="checklist",
                             order=71, permission="workforce.view_assessmentrun"))
        register_nav(NavItem("workforce_decisions", _("Career decisions"), "workforce:decision_list",
                             icon="arrows-up-down", order=72, permission="workforce.view_careerdecision"))
        register_nav(NavItem("workforce_candidates", _("Candidate pool"), "workforce:candidate_list", icon="star",
                             order=73, permission="workforce.view_candidate"))
        register_nav(NavItem("workforce_report", _("Workforce report"), "workforce:report", icon="chart-bar",
                             order=74, permission="workforce.view_socialworker"))
