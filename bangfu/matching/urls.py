from django.urls import path

from bangfu.matching import views

app_name = "matching"
urlpatterns = [
    path("runs/", views.run_list, name="run_list"),
    path("runs/new/", views.run_create, name="run_create"),
    path("runs/<int:pk>/", views.run_detail, name="run_detail"),
    path("pairs/<int:pk>/confirm/", views.pair_confirm, name="pair_confirm"),
    path("pairs/<int:pk>/reject/", views.pair_reject, name="pair_reject"),
    path("seekers/<int:pk>/recommendations/", views.seeker_recommendations, name="seeker_recommendations"),
    path("openings/<int:pk>/candidates/", views.opening_candidates, name="opening_candidates"),
]
