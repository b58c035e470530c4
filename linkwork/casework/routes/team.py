"""URLs for team pages of a case, and the team lead's dependency signals."""

from django.urls import path

from ..views import team

urlpatterns = [
    path("cases/<uuid:case_id>/team/", team.team, name="team"),
    path("cases/<uuid:case_id>/supervision/<int:note_id>/", team.supervision_edit, name="supervision_edit"),
    path("team/dependency/", team.dependency, name="dependency"),
]
