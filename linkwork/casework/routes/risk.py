"""URLs for risk pages of a case."""

from django.urls import path

from ..views import risk

urlpatterns = [
    path("cases/<uuid:case_id>/risk/", risk.risk, name="risk"),
    path("cases/<uuid:case_id>/risk/<int:flag_id>/escalate/", risk.escalate, name="risk_escalate"),
    path("cases/<uuid:case_id>/risk/<int:flag_id>/clear/", risk.clear, name="risk_clear"),
]
