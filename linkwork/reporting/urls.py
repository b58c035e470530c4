from django.urls import path

from .evaluation import views as evaluation
from .operations import views as operations

app_name = "reporting"

urlpatterns = [
    path("outcomes/", evaluation.outcomes, name="outcomes"),
    path("outcomes/download/", evaluation.outcomes_export, name="outcomes_export"),
    path("outcomes/pdf/", evaluation.outcomes_pdf, name="outcomes_pdf"),
    path("outcomes/extract/", evaluation.outcomes_extract, name="outcomes_extract"),
    path("operations/", operations.operations, name="operations"),
    path("operations/download/", operations.operations_export, name="operations_export"),
    path("operations/pdf/", operations.operations_pdf, name="operations_pdf"),
    path("equity/", operations.equity, name="equity"),
    path("equity/download/", operations.equity_export, name="equity_export"),
    path("equity/pdf/", operations.equity_pdf, name="equity_pdf"),
    path("unmet-need/", operations.unmet_need, name="unmet_need"),
    path("unmet-need/download/", operations.unmet_need_export, name="unmet_need_export"),
    path("unmet-need/pdf/", operations.unmet_need_pdf, name="unmet_need_pdf"),
]
