from django.urls import path

from . import views

app_name = "people"

urlpatterns = [
    path("", views.person_list, name="list"),
    path("duplicates/", views.duplicate_list, name="duplicates"),
    path("<uuid:person_id>/", views.person_detail, name="detail"),
    path("<uuid:person_id>/merges/", views.person_merge_history, name="merges"),
]
