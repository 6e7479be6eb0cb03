from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "bangfu.accounts"
    label = "accounts"
    verbose_name = _("Organisations and accounts")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from bangfu.accounts.roles import sync_roles_after_migrate
        from bangfu.core.navigation import NavItem, register_nav

        post_migrate.connect(sync_roles_after_migrate, dispatch_uid="bangfu_sync_roles")

        register_nav(NavItem("home", _("Home"), "home", icon="home", order=0))
        register_nav(
            NavItem(
                "orgs",
                _("Organisations"),
                "accounts:org_browser",
                icon="sitemap",
                order=90,
                permission="accounts.view_orgunit",
            )
        )
        register_nav(
            NavItem("roles", _("Roles and permissions"), "accounts:role_list", icon="shield-lock", order=96,
                    permission="accounts.view_roleprofile")
        )
        register_nav(
            NavItem("users", _("Users"), "accounts:user_list", icon="users", order=95, permission="accounts.view_user")
        )
