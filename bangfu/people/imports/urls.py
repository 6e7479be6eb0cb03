from django.urls import path

from bangfu.people.imports import views

app_name = "people_imports"
urlpatterns = [
    path("", views.upload, name="upload"),
    path("template.xlsx", views.template, name="template"),
    path("export.xlsx", views.export, name="export"),
    path("jobs/<int:pk>/", views.job_detail, name="job_detail"),
    path("jobs/<int:pk>/errors.xlsx", views.error_report, name="error_report"),
]
