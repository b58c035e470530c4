from django.urls import path

from .views import case, questionnaire

app_name = "outcomes"

occasion = "cases/<uuid:case_id>/outcomes/<str:time_point>/<int:occasion>"
urlpatterns = [
    path("cases/<uuid:case_id>/outcomes/", case.case_outcomes, name="case_outcomes"),
    path("cases/<uuid:case_id>/outcomes/another/", case.another_measure, name="another"),
    path("cases/<uuid:case_id>/outcomes/summary/", case.change_summary, name="change_summary"),
    path("cases/<uuid:case_id>/outcomes/<slug:code>/chart.svg", case.change_chart, name="change_chart"),
    path(f"{occasion}/record/", case.measures_new, name="measures_new"),
    path(f"{occasion}/not-completed/", case.measure_not_completed_new, name="not_completed"),
    path(f"{occasion}/link/", case.link_new, name="link_new"),
    path("q/<str:token>/", questionnaire.questionnaire, name="questionnaire"),
]
