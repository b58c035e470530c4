"""The second sign-in step: set up an authenticator app once, then enter its code every time."""

from urllib.parse import urlencode

from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_http_methods
from django_otp.oath import totp

from ..forms import CodeForm
from ..two_factor import (
    app_device_confirm,
    app_device_start,
    code_check,
    confirmed_app_device,
    qr_code_svg,
    secret_for_typing,
)

NEW_BACKUP_CODES = "linkwork_new_backup_codes"


def _next_url(request) -> str:
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(candidate, {request.get_host()}, require_https=request.is_secure()):
        return candidate
    return reverse("home")


def _with_next(name, request) -> str:
    return f"{reverse(name)}?{request.GET.urlencode()}" if request.GET else reverse(name)


@require_http_methods(["GET", "POST"])
def two_factor(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if request.user.is_verified():
        return redirect(_next_url(request))
    device = confirmed_app_device(request.user)
    if device is None:
        return redirect(_with_next("accounts:two_factor_setup", request))
    form = CodeForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        check = code_check(request=request, code=form.cleaned_data["code"])
        if check.device is not None:
            return redirect(_next_url(request))
        form.add_error("code", check.error)
    demo_code = None
    if settings.DEBUG and settings.LINKWORK_DEMO_SHOW_CODE:
        demo_code = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):06d}"
    return render(
        request,
        "accounts/two_factor.jinja",
        {"form": form, "next": _next_url(request), "demo_code": demo_code},
    )


@require_http_methods(["GET", "POST"])
def two_factor_setup(request):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if request.user.is_verified() or confirmed_app_device(request.user) is not None:
        return redirect(_with_next("accounts:two_factor", request))
    device = app_device_start(user=request.user)
    form = CodeForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        codes = app_device_confirm(request=request, device=device, code=form.cleaned_data["code"])
        if codes is not None:
            request.session[NEW_BACKUP_CODES] = codes
            return redirect(f"{reverse('accounts:backup_codes')}?{urlencode({'next': _next_url(request)})}")
        form.add_error(
            "code", "That code is not right. Check the app shows Linkwork, wait for a new code and try again"
        )
    return render(
        request,
        "accounts/two_factor_setup.jinja",
        {
            "form": form,
            "next": _next_url(request),
            "secret": secret_for_typing(device),
            "qr_code": qr_code_svg(device),
        },
    )


@require_http_methods(["GET"])
def backup_codes(request):
    """The new backup codes, shown once: they are taken out of the session as the page is drawn."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    codes = request.session.pop(NEW_BACKUP_CODES, None)
    if not codes:
        return redirect(_next_url(request))
    return render(request, "accounts/backup_codes.jinja", {"codes": codes, "next": _next_url(request)})
