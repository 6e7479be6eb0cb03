from django.urls import path

from bangfu.training import views

app_name = "training"
urlpatterns = [
    path("week/", views.trainer_week, name="trainer_week"),
    path("sessions/<int:pk>/record/", views.session_record, name="session_record"),
    path("sessions/<int:pk>/photo/", views.session_photo, name="session_photo"),
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/new/", views.plan_person_search, name="plan_person_search"),
    path("plans/new/<int:person_pk>/", views.plan_create, name="plan_create"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/complete/", views.plan_complete, name="plan_complete"),
    path("board/", views.board, name="board"),
    path("courses/", views.course_list, name="course_list"),
    path("courses/new/", views.course_create, name="course_create"),
    path("courses/<int:pk>/edit/", views.course_edit, name="course_edit"),
    path("trainers/", views.trainer_list, name="trainer_list"),
    path("trainers/new/", views.trainer_create, name="trainer_create"),
    path("trainers/<int:pk>/edit/", views.trainer_edit, name="trainer_edit"),
    path("cohorts/", views.cohort_list, name="cohort_list"),
    path("cohorts/new/", views.cohort_create, name="cohort_create"),
    path("cohorts/<int:pk>/", views.cohort_detail, name="cohort_detail"),
    path("cohorts/<int:pk>/enrol/<int:person_pk>/", views.cohort_enrol, name="cohort_enrol"),
    path("cohorts/<int:pk>/propose/", views.cohort_propose, name="cohort_propose"),
    path("enrolments/<int:pk>/<slug:step>/", views.enrolment_step, name="enrolment_step"),
    path("workers/", views.worker_list, name="worker_list"),
    path("workers/new/", views.worker_create, name="worker_create"),
    path("workers/<int:pk>/", views.worker_detail, name="worker_detail"),
    path("report/", views.report, name="report"),
]
