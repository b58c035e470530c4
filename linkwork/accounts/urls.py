from django.contrib.auth import views as auth_views
from django.urls import path

from .views import sign_in, two_factor

app_name = "accounts"

urlpatterns = [
    path("accounts/login/", sign_in.LoginView.as_view(), name="login"),
    path("accounts/two-factor/", two_factor.two_factor, name="two_factor"),
    path("accounts/two-factor/set-up/", two_factor.two_factor_setup, name="two_factor_setup"),
    path("accounts/two-factor/backup-codes/", two_factor.backup_codes, name="backup_codes"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/", sign_in.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", sign_in.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("accounts/organisation/", sign_in.switch_organisation, name="switch_organisation"),
]
