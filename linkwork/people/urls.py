from django.urls import path

from . import break_glass_views, views

app_name = "people"

urlpatterns = [
    path("", views.person_list, name="list"),
    path("duplicates/", views.duplicate_list, name="duplicates"),
    path("emergency-access/", break_glass_views.break_glass, name="break_glass"),
    path("emergency-access/reviews/", break_glass_views.break_glass_reviews, name="break_glass_reviews"),
    path(
        "emergency-access/reviews/<uuid:access_id>/",
        break_glass_views.break_glass_review_record,
        name="break_glass_review",
    ),
    path("<uuid:person_id>/", views.person_detail, name="detail"),
    path("<uuid:person_id>/details/", views.person_details_edit, name="edit"),
    path("<uuid:person_id>/merges/", views.person_merge_history, name="merges"),
    path("<uuid:person_id>/access/", views.person_access, name="access"),
    path("<uuid:person_id>/subject-access/", views.person_subject_access_view, name="subject_access"),
    path(
        "<uuid:person_id>/subject-access.json",
        views.person_subject_access_view,
        {"file_format": "json"},
        name="subject_access_json",
    ),
]
