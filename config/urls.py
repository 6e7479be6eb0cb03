from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from bangfu.accounts import views as account_views
from bangfu.core import views as core_views
from config.api import api

urlpatterns = [
    path("", account_views.home, name="home"),
    path("login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("healthz", core_views.healthz, name="healthz"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("", include("bangfu.accounts.urls")),
    path("people/import/", include("bangfu.people.imports.urls")),
    path("people/", include("bangfu.people.urls")),
    path("system/", include("bangfu.sysadmin.urls")),
    path("security/", include("bangfu.security.urls")),
    path("jobs/", include("bangfu.jobs.urls")),
    path("matching/", include("bangfu.matching.urls")),
    path("assistance/", include("bangfu.assistance.urls")),
    path("reports/", include("bangfu.reports.urls")),
    path("training/", include("bangfu.training.urls")),
    path("legal/", include("bangfu.legal.urls")),
    path("ventures/", include("bangfu.ventures.urls")),
    path("workforce/", include("bangfu.workforce.urls")),
    path("honours/", include("bangfu.honours.urls")),
    path("channel/", include("bangfu.channel.urls")),
    path("w/", include("bangfu.channel.portal_urls")),
]
# MEDIA_ROOT is never served as a folder, not even in DEBUG: evidence and visit proofs are personal data,
# served only by their apps' scoped, audited views.

# Chinese error pages (and JSON under /api/) for 400/403/404/500, in every environment: bangfu.security.errorpages.
handler400 = "bangfu.security.errorpages.bad_request"
handler403 = "bangfu.security.errorpages.permission_denied"
handler404 = "bangfu.security.errorpages.page_not_found"
handler500 = "bangfu.security.errorpages.server_error"
