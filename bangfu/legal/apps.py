from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegalConfig(AppConfig):
    name = "bangfu.legal"
    label = "legal"
    verbose_name = _("Legal aid")

    def ready(self) -> None:
        from bangfu.core.home import HomeStat, register_home_stat
        from bangfu.core.navigation import NavItem, register_nav
        from bangfu.legal import queries

        register_nav(NavItem("legal_cases", _("Legal aid cases"), "legal:case_list", icon="scale", order=60,
                             permission="legal.view_legalcase"))
        register_nav(NavItem("legal_intake", _("Case intake"), "legal:case_create", icon="file-plus", order=61,
                             permission="legal.add_legalcase"))
        register_nav(NavItem("legal_stations", _("Legal aid stations"), "legal:station_list", icon="building",
                             order=62, permission="legal.view_legalaidstation"))
        register_nav(NavItem("legal_firms", _("Law firms"), "legal:firm_list", icon="briefcase", order=63,
                             permission="legal.view_lawfirm"))
        register_nav(NavItem("legal_lawyers", _("Lawyers"), "legal:lawyer_list", icon="users", order=64,
                             permission="legal.view_lawyer"))
        register_nav(NavItem("legal_report", _("Legal aid report"), "legal:report", icon="chart-bar", order=65,
                             permission="legal.view_legalcase"))
        register_home_stat(HomeStat("legal_open_cases", _("Open legal aid cases"),
                                    count=lambda user: queries.cases(user, open_only=True).count(),
                                    url_name="legal:case_list", permission="legal.view_legalcase", order=60,
                                    todo=_("Open legal aid cases to move on")))
