from django.urls import path

from .routes import assessments, cases, diary, goals, risk, team
from .views import decision

app_name = "casework"

urlpatterns = [
    path("referrals/<uuid:referral_id>/decision/", decision.referral_decision, name="referral_decision"),
    *cases.urlpatterns,
    *assessments.urlpatterns,
    *goals.urlpatterns,
    *risk.urlpatterns,
    *team.urlpatterns,
    *diary.urlpatterns,
]
