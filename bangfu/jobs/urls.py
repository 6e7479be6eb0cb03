from django.urls import path

from bangfu.jobs import views

app_name = "jobs"
urlpatterns = [
    path("employers/", views.employer_list, name="employer_list"),
    path("employers/new/", views.employer_create, name="employer_create"),
    path("employers/import/", views.employer_import, name="employer_import"),
    path("employers/<int:pk>/", views.employer_detail, name="employer_detail"),
    path("employers/<int:pk>/edit/", views.employer_edit, name="employer_edit"),
    path("openings/", views.opening_list, name="opening_list"),
    path("openings/new/", views.opening_create, name="opening_create"),
    path("openings/import/", views.opening_import, name="opening_import"),
    path("openings/<int:pk>/", views.opening_detail, name="opening_detail"),
    path("openings/<int:pk>/edit/", views.opening_edit, name="opening_edit"),
    path("import/template/<slug:kind>.xlsx", views.import_template, name="import_template"),
    path("seekers/", views.seeker_list, name="seeker_list"),
    path("seekers/new/", views.seeker_person_search, name="seeker_person_search"),
    path("seekers/new/<int:person_pk>/", views.seeker_create, name="seeker_create"),
    path("seekers/<int:pk>/", views.seeker_detail, name="seeker_detail"),
    path("seekers/<int:pk>/edit/", views.seeker_edit, name="seeker_edit"),
    path("seekers/<int:seeker_pk>/refer/<int:opening_pk>/", views.referral_create, name="referral_create"),
    path("referrals/", views.referral_list, name="referral_list"),
    path("referrals/<int:pk>/", views.referral_detail, name="referral_detail"),
    path("referrals/<int:pk>/<slug:step>/", views.referral_step, name="referral_step"),
    path("retention/", views.retention_list, name="retention_list"),
    path("retention/<int:pk>/", views.retention_record, name="retention_record"),
    path("reports/funnel/", views.placement_funnel, name="placement_funnel"),
]
