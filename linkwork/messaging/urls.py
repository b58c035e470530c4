from django.urls import path

from .views import staff

app_name = "messaging"

urlpatterns = [
    path("admin-tools/messages/", staff.admin_messages, name="admin_messages"),
    path("admin-tools/messages/retry/", staff.admin_retry, name="admin_retry"),
    path("notifications/", staff.notifications, name="notifications"),
    path("notifications/read/", staff.notifications_read, name="notifications_read"),
    path("people/<uuid:person_id>/automatic-messages/", staff.person_opt_outs, name="person_opt_outs"),
]
