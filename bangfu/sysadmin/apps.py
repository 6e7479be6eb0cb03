from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SysadminConfig(AppConfig):
    name = "bangfu.sysadmin"
    label = "sysadmin"
    verbose_name = _("System administration")

    def ready(self) -> None:
        from bangfu.core.home import HomeStat, register_home_stat
        from bangfu.core.navigation import NavItem, register_nav
        from bangfu.sysadmin.queries import unread_count

        register_nav(NavItem("sys_params", _("System parameters"), "sysadmin:parameter_list", icon="adjustments",
                             order=96, permission="sysadmin.view_systemparameter"))
        register_nav(NavItem("sys_dicts", _("Dictionaries"), "sysadmin:dictionary_list", icon="book",
                             order=96, permission="sysadmin.view_dictentry"))
        register_nav(NavItem("sys_notices", _("Announcements"), "sysadmin:notice_list", icon="speakerphone",
                             order=97))
        register_home_stat(HomeStat("unread_notices", _("Unread announcements"), unread_count,
                                    "sysadmin:notice_list", order=1))
