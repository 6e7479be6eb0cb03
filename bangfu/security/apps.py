from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SecurityConfig(AppConfig):
    name = "bangfu.security"
    label = "security"
    verbose_name = _("Audit and security")

    def ready(self) -> None:
        from bangfu.core.navigation import NavItem, register_nav
        from bangfu.security import signals  # noqa: F401 - connects the sign-in/out receivers

        register_nav(NavItem("audit", _("Audit log"), "security:audit_list", icon="shield", order=100,
                             permission="core.view_auditevent"))
        register_nav(NavItem("logins", _("Sign-in log"), "security:login_log", icon="login", order=101,
                             permission="core.view_auditevent"))
        register_nav(NavItem("sessions", _("Online users"), "security:session_list", icon="users", order=102,
                             permission="security.view_usersession"))
        register_nav(NavItem("inventory", _("Data inventory"), "security:inventory", icon="database", order=103,
                             permission="core.view_auditevent"))
        register_nav(NavItem("lockouts", _("Locked accounts"), "security:lockout_list", icon="lock", order=104,
                             permission="security.unlock_account"))
        register_nav(NavItem("tasks", _("Background tasks"), "security:task_list", icon="list-check", order=105,
                             permission="security.view_taskmonitor"))
        register_nav(NavItem("server", _("Server"), "security:server", icon="server", order=106,
                             permission="security.view_taskmonitor"))
        from bangfu.core.home import HomeStat, register_home_stat
        from bangfu.security import monitor, queries

        register_home_stat(HomeStat("failed_tasks", _("Failed background tasks"),
                                    count=lambda user: monitor.task_results("FAILED").filter(
                                        return_value__isnull=True).count(),
                                    url_name="security:task_list", permission="security.view_taskmonitor",
                                    order=90, todo=_("Failed background tasks to look at")))
        register_home_stat(HomeStat("locked_accounts", _("Locked accounts"),
                                    count=lambda user: len(queries.locked_accounts(user)),
                                    url_name="security:lockout_list", permission="security.unlock_account",
                                    order=91, todo=_("Locked accounts to unlock")))
        from django_tasks.signals import task_finished

        from bangfu.security.monitor import record_immediate_failure

        task_finished.connect(record_immediate_failure, dispatch_uid="bangfu.security.monitor")
