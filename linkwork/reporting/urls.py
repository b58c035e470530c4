from django.urls import path

from . import evaluation_views, views, views_operations

app_name = "reporting"

urlpatterns = [
    path("outcomes/", views.outcomes, name="outcomes"),
    path("outcomes/download/", views.outcomes_export, name="outcomes_export"),
    path("outcomes/pdf/", evaluation_views.outcomes_pdf, name="outcomes_pdf"),
    path("outcomes/extract/", evaluation_views.outcomes_extract, name="outcomes_extract"),
    path("operations/", views_operations.operations, name="operations"),
    path("operations/download/", views_operations.operations_export, name="operations_export"),
    path("operations/pdf/", views_operations.operations_pdf, name="operations_pdf"),
    path("equity/", views_operations.equity, name="equity"),
    path("equity/download/", views_operations.equity_export, name="equity_export"),
    path("equity/pdf/", views_operations.equity_pdf, name="equity_pdf"),
    path("unmet-need/", views_operations.unmet_need, name="unmet_need"),
    path("unmet-need/download/", views_operations.unmet_need_export, name="unmet_need_export"),
    path("unmet-need/pdf/", views_operations.unmet_need_pdf, name="unmet_need_pdf"),
]
