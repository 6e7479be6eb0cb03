from django.urls import path

from bangfu.people import views
from bangfu.people.views.filing import objection_answer, objection_raise
from bangfu.people.views.household import member_edit, member_remove

app_name = "people"
urlpatterns = [
    path("", views.household_list, name="household_list"),
    path("relieved/", views.relieved_list, name="relieved_list"),
    path("cancelled/", views.cancelled_list, name="cancelled_list"),
    path("batch/", views.file_batch, name="file_batch"),
    path("new/", views.household_create, name="household_create"),
    path("rechecks/", views.recheck_list, name="recheck_list"),
    path("quality/", views.quality_list, name="quality_list"),
    path("rules/", views.tier_rules, name="tier_rules"),
    path("duplicates/", views.duplicate_list, name="duplicate_list"),
    path("duplicates/<int:pk>/", views.duplicate_detail, name="duplicate_detail"),
    path("evidence/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("<int:pk>/", views.household_detail, name="household_detail"),
    path("<int:pk>/edit/", views.household_edit, name="household_edit"),
    path("<int:pk>/members/new/", views.member_add, name="member_add"),
    path("<int:pk>/members/<int:member_id>/edit/", member_edit, name="member_edit"),
    path("<int:pk>/members/<int:member_id>/remove/", member_remove, name="member_remove"),
    path("<int:pk>/evidence/", views.evidence_upload, name="evidence_upload"),
    path("<int:pk>/steps/<slug:action>/", views.file_transition, name="file_transition"),
    path("<int:pk>/objections/", objection_raise, name="objection_raise"),
    path("<int:pk>/objections/<int:objection_id>/answer/", objection_answer, name="objection_answer"),
]
