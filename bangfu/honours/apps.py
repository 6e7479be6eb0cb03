from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HonoursConfig(AppConfig):
    name = "bangfu.honours"
    label = "honours"
    verbose_name = _("Model workers and skilled talent")

    def ready(self) -> None:
        from bangfu.core.navigation import NavItem, register_nav

        register_nav(NavItem("honours_register", _("Honours register"), "honours:register", icon="award",
                             order=70, permission="honours.view_honour"))
        register_nav(NavItem("honours_care", _("Model-worker services"), "honours:care_list", icon="heart",
                             order=71, permission="honours.view_modelworkercare"))
        register_nav(NavItem("honours_talks", _("Talk calendar"), "honours:talk_calendar", icon="microphone",
                             order=72, permission="honours.view_talk"))
        register_nav(NavItem("honours_competitions", _("Skills competitions"), "honours:competition_list",
                             icon="trophy", order=73, permission="honours.view_competition"))
        register_nav(NavItem("honours_workstations", _("Master workstations"), "honours:workstation_list",
                             icon="building-factory", order=74, permission="honours.view_workstation"))
        register_nav(NavItem("honours_report", _("Honours report"), "honours:report", icon="chart-bar",
                             order=75, permission="honours.view_honour"))
