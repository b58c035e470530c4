from django.urls import path

from .views import case, inbox

app_name = "onward"

urlpatterns = [
    path("cases/<uuid:case_id>/onward/", case.case_list, name="case_list"),
    path("cases/<uuid:case_id>/onward/new/", case.new, name="new"),
    path("cases/<uuid:case_id>/onward/<uuid:onward_id>/cancel/", case.cancel, name="cancel"),
    path("cases/<uuid:case_id>/onward/<uuid:onward_id>/message/", case.message, name="case_message"),
    path("inbox/", inbox.inbox_list, name="inbox"),
    path("inbox/<uuid:onward_id>/", inbox.inbox_detail, name="inbox_detail"),
    path("inbox/<uuid:onward_id>/respond/", inbox.respond, name="respond"),
    path("inbox/<uuid:onward_id>/attendance/", inbox.attendance, name="attendance"),
    path("inbox/<uuid:onward_id>/message/", inbox.message, name="inbox_message"),
]
