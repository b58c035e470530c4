"""URLs for a case's goals: what matters to the person, goals and progress, and direct support."""

from django.urls import path

from ..views import goals

urlpatterns = [
    path("cases/<uuid:case_id>/goals/", goals.goals, name="goals"),
    path("cases/<uuid:case_id>/goals/<int:goal_id>/", goals.goal_edit, name="goal_edit"),
    path("cases/<uuid:case_id>/goals/<int:goal_id>/progress/", goals.goal_progress, name="goal_progress"),
    path("cases/<uuid:case_id>/what-matters/", goals.what_matters, name="what_matters"),
    path("cases/<uuid:case_id>/support/", goals.direct_support, name="direct_support"),
]
