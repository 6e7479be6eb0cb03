from django.urls import path

from bangfu.security import monitor_views, views

app_name = "security"
urlpatterns = [
    path("audit/", views.audit_list, name="audit_list"),
    path("audit/export/", views.audit_export, name="audit_export"),
    path("audit/<int:seq>/", views.audit_detail, name="audit_detail"),
    path("logins/", views.login_log, name="login_log"),
    path("sessions/", views.session_list, name="session_list"),
    path("sessions/<int:pk>/terminate/", views.session_terminate, name="session_terminate"),
    path("lockouts/", views.lockout_list, name="lockout_list"),
    path("lockouts/<int:pk>/unlock/", views.lockout_unlock, name="lockout_unlock"),
    path("tasks/", monitor_views.task_list, name="task_list"),
    path("tasks/<str:pk>/retry/", monitor_views.task_retry, name="task_retry"),
    path("server/", monitor_views.server, name="server"),
    path("inventory/", views.inventory, name="inventory"),
    path("password/", views.password_change, name="password_change"),
    path("reveal/<str:app_label>/<str:model_name>/<str:pk>/<str:field_name>/", views.reveal, name="reveal"),
]
