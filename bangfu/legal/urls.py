from django.urls import path

from bangfu.legal import views

app_name = "legal"
urlpatterns = [
    path("stations/", views.station_list, name="station_list"),
    path("stations/new/", views.station_create, name="station_create"),
    path("stations/<int:pk>/", views.station_detail, name="station_detail"),
    path("stations/<int:pk>/edit/", views.station_edit, name="station_edit"),
    path("firms/", views.firm_list, name="firm_list"),
    path("firms/new/", views.firm_create, name="firm_create"),
    path("firms/<int:pk>/", views.firm_detail, name="firm_detail"),
    path("firms/<int:pk>/edit/", views.firm_edit, name="firm_edit"),
    path("lawyers/", views.lawyer_list, name="lawyer_list"),
    path("lawyers/new/", views.lawyer_create, name="lawyer_create"),
    path("lawyers/<int:pk>/", views.lawyer_detail, name="lawyer_detail"),
    path("lawyers/<int:pk>/edit/", views.lawyer_edit, name="lawyer_edit"),
    path("cases/", views.case_list, name="case_list"),
    path("cases/new/", views.case_create, name="case_create"),
    path("cases/<int:pk>/", views.case_detail, name="case_detail"),
    path("cases/<int:pk>/documents/", views.document_upload, name="document_upload"),
    path("cases/<int:pk>/claimants/new/", views.claimant_add, name="claimant_add"),
    path("cases/<int:pk>/<slug:step>/", views.case_step, name="case_step"),
    path("claimants/<int:pk>/", views.claimant_edit, name="claimant_edit"),
    path("documents/<int:pk>/", views.document_download, name="document_download"),
    path("report/", views.report, name="report"),
]
