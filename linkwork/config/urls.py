from django.contrib import admin
from django.urls import include, path

from linkwork.config.api import api
from linkwork.config.home import home
from linkwork.core import views as core_views

urlpatterns = [
    path("", home, name="home"),
    path("", include("linkwork.accounts.urls")),
    path("people/", include("linkwork.people.urls")),
    path("schemes/", include("linkwork.schemes.urls")),
    path("administration/", include("linkwork.accounts.administration.urls")),
    path("administration/schemes/", include("linkwork.schemes.administration.urls")),
    path("directory/", include("linkwork.directory.urls")),
    path("my-services/", include("linkwork.directory.my_services_urls")),
    path("", include(("linkwork.referrals.urls", "referrals"))),
    path("", include("linkwork.casework.urls")),
    path("", include("linkwork.outcomes.urls")),
    path("", include("linkwork.onward.urls")),
    path("reports/", include("linkwork.reporting.urls")),
    path("messages-about-referrals/", include("linkwork.messaging.referrer_urls")),
    path("", include("linkwork.messaging.urls")),
    path("self-referral/", include(("linkwork.referrals.public_urls", "self_referral"))),
    path("api/v1/", api.urls),
    path("fhir/", include("linkwork.interop.fhir.urls")),
    path("openreferral/", include("linkwork.interop.openreferral.urls")),
    path("healthz", core_views.healthz, name="healthz"),
    path("admin/", admin.site.urls),
]

handler400 = "linkwork.core.views.bad_request"
handler403 = "linkwork.core.views.permission_denied"
handler404 = "linkwork.core.views.page_not_found"
handler500 = "linkwork.core.views.server_error"

admin.site.site_header = "Linkwork administration"
admin.site.site_title = "Linkwork administration"
