from django.urls import path

from .views import contact, professional, triage

urlpatterns = [
    path("referrals/", professional.referral_list, name="list"),
    path("referrals/new/", professional.referral_new, name="new"),
    path("referrals/find/", professional.referral_find, name="find"),
    path("referrals/<uuid:referral_id>/", professional.referral_detail, name="detail"),
    path("referrals/<uuid:referral_id>/contact/", contact.contact, name="contact"),
    path("triage/", triage.queue, name="triage_queue"),
    path("triage/<uuid:referral_id>/", triage.triage, name="triage"),
]
