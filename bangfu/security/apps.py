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
        from django_tasks.signals import task_finished

        from bangfu.security.monitor import record_immediate_failure

        task_finished.connect(record_immediate_failure, dispatch_uid="bangfu.security.monitor")
