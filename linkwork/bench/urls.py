"""The bench URLconf: the product's URLs plus the baseline views (loaded only by bench settings)."""

from django.urls import include, path

from linkwork.config import urls as product

from . import baseline

urlpatterns = [
    path("bench-baseline/caseload/", baseline.caseload_baseline),
    path("bench-baseline/cases/<uuid:case_id>/", baseline.case_baseline),
    path("bench-baseline/login/", baseline.login_baseline),
    path("bench-baseline/referrals/", baseline.referral_baseline),
    path("", include(product.urlpatterns)),
]

handler400 = product.handler400
handler403 = product.handler403
handler404 = product.handler404
handler500 = product.handler500
