from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "bangfu.reports"
    label = "reports"
    verbose_name = _("Reports")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from bangfu.core.navigation import NavItem, register_nav

        # The last of the platform's apps: by its post_migrate every app's permissions exist.
        post_migrate.connect(sync_roles_after_migrate, sender=self, dispatch_uid="bangfu_sync_roles")
        post_migrate.connect(drop_counts_of_no_file, sender=self, dispatch_uid="bangfu_flushed_counts")

        register_nav(NavItem("statistics", _("Statistics"), "reports:hardship", icon="chart-bar", order=80,
                             permission="people.view_hardshipfile"))
        register_nav(NavItem("bulletin", _("Statistical bulletin"), "reports:bulletin", icon="file-text", order=81,
                             permission="people.view_hardshipfile"))
        register_nav(NavItem("import", _("Import and export"), "people_imports:upload", icon="file-spreadsheet",
                             order=13, permission="reports.view_importjob"))


def sync_roles_after_migrate(**kwargs: object) -> None:
    """Give the existing roles the permissions a new release adds (e.g. the plaintext export, top-ups,
    objections): `ensure_roles()` otherwise ran only from `bootstrap` and `seed_demo`, so an upgraded
    installation answered 403 to a role that should hold the new right. A fresh database gets its roles
    from `bootstrap` as before."""
    from bangfu.accounts.models import RoleProfile
    from bangfu.accounts.roles import ensure_roles

    using = kwargs.get("using", "default")
    if RoleProfile.objects.using(str(using)).exists():
        ensure_roles()


def drop_counts_of_no_file(**kwargs: object) -> None:
    """Counts left with no file at all are a flush's (`flush`, and the tests between transactional cases, which
    emit post_migrate after it): on SQLite it deletes the files row by row, so their triggers append −1 rows to the
    statistics' counts (people.FileCount), perhaps after that table was emptied. A real register is never both."""
    from bangfu.people.models import FileCount, HardshipFile

    using = str(kwargs.get("using", "default"))
    if not HardshipFile.objects.using(using).exists():
        FileCount.objects.using(using).all().delete()
