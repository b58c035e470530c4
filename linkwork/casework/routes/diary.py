"""URLs for the diary, moving and cancelling appointments, and the private calendar feed."""

from django.urls import path

from ..views import diary

urlpatterns = [
    path("diary/", diary.diary, name="diary"),
    path("diary/team/", diary.team_diary, name="team_diary"),
    path("diary/calendar/", diary.diary_feed_manage, name="diary_feed_manage"),
    path("diary/calendar/<str:token>.ics", diary.diary_feed, name="diary_feed"),
    path(
        "cases/<uuid:case_id>/appointments/<int:contact_id>/move/",
        diary.appointment_move_view,
        name="appointment_move",
    ),
    path(
        "cases/<uuid:case_id>/appointments/<int:contact_id>/cancel/",
        diary.appointment_cancel,
        name="appointment_cancel",
    ),
]
