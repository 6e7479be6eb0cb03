from django.urls import path

from bangfu.ventures import views

app_name = "ventures"

urlpatterns = [
    path("", views.project_list, name="project_list"),
    path("projects/new/", views.project_create, name="project_create"),
    path("projects/<int:pk>/", views.project_detail, name="project_detail"),
    path("projects/<int:pk>/step/<str:step>/", views.project_step, name="project_step"),
    path("projects/<int:pk>/loans/new/", views.loan_create, name="loan_create"),
    path("projects/<int:pk>/employed/", views.employed_list, name="employed_list"),
    path("projects/<int:pk>/employed/import/", views.employed_import, name="employed_import"),
    path("employed/template.xlsx", views.employed_template, name="employed_template"),
    path("loans/<int:pk>/", views.loan_detail, name="loan_detail"),
    path("repayments/import/", views.repayment_import, name="repayment_import"),
    path("repayments/template.xlsx", views.repayment_template, name="repayment_template"),
    path("arrears/", views.arrears, name="arrears"),
    path("policies/", views.policy_list, name="policy_list"),
    path("policies/new/", views.policy_create, name="policy_create"),
    path("policies/<int:pk>/", views.policy_detail, name="policy_detail"),
    path("runs/", views.run_list, name="run_list"),
    path("runs/<int:pk>/", views.run_detail, name="run_detail"),
    path("runs/<int:pk>/<str:decision>/", views.run_decide, name="run_decide"),
    path("payments/<int:pk>/release/", views.payment_release, name="payment_release"),
    path("report/", views.report, name="report"),
]
