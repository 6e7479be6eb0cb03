from django.urls import path

from bangfu.workforce import views

app_name = "workforce"

urlpatterns = [
    path("", views.roster, name="roster"),
    path("workers/new/", views.worker_create, name="worker_create"),
    path("workers/<int:pk>/", views.worker_detail, name="worker_detail"),
    path("runs/", views.run_list, name="run_list"),
    path("runs/<int:pk>/", views.run_detail, name="run_detail"),
    path("assessments/<int:pk>/", views.assessment_detail, name="assessment_detail"),
    path("decisions/", views.decision_list, name="decision_list"),
    path("decisions/<int:pk>/<str:verdict>/", views.decision_decide, name="decision_decide"),
    path("candidates/", views.candidate_list, name="candidate_list"),
    path("report/", views.report, name="report"),
]
