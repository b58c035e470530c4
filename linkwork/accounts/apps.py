from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "linkwork.accounts"
    label = "accounts"
    verbose_name = "Accounts and organisations"

    def ready(self):
        from axes.signals import user_locked_out
        from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed

        from . import (
            checks,  # noqa: F401 - registers the system checks
            sign_in_audit,
        )
        from .sessions import stamp_sign_in

        user_logged_in.connect(stamp_sign_in, dispatch_uid="linkwork.accounts.stamp_sign_in")
        for signal, receiver in (
            (user_logged_in, sign_in_audit.password_accepted),
            (user_login_failed, sign_in_audit.password_refused),
            (user_locked_out, sign_in_audit.locked_out),
            (user_logged_out, sign_in_audit.signed_out),
        ):
            signal.connect(receiver, dispatch_uid=f"linkwork.accounts.audit.{receiver.__name__}")
