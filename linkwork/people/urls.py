from django.urls import path

from .views import break_glass, records

app_name = "people"

urlpatterns = [
    path("", records.person_list, name="list"),
    path("duplicates/", records.duplicate_list, name="duplicates"),
    path("emergency-access/", break_glass.break_glass, name="break_glass"),
    path("emergency-access/reviews/", break_glass.break_glass_reviews, name="break_glass_reviews"),
    path(
        "emergency-access/reviews/<uuid:access_id>/",
        break_glass.break_glass_review_record,
        name="break_glass_review",
    ),
    path("<uuid:person_id>/", records.person_detail, name="detail"),
    path("<uuid:person_id>/details/", records.person_details_edit, name="edit"),
    path("<uuid:person_id>/merges/", records.person_merge_history, name="merges"),
    path("<uuid:person_id>/access/", records.person_access, name="access"),
    path("<uuid:person_id>/subject-access/", records.person_subject_access_view, name="subject_access"),
    path(
        "<uuid:person_id>/subject-access.json",
        records.person_subject_access_view,
        {"file_format": "json"},
        name="subject_access_json",
    ),
]
