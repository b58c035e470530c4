from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse, reverse_lazy
from django.views.decorators.http import require_http_methods

from linkwork.core.services import audit_record

from ..access import member_required
from ..forms import LoginForm, SwitchOrganisationForm
from ..middleware import SESSION_KEY
from ..sign_in_audit import as_user


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.jinja"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def get_success_url(self):
        """After the password, the second factor: its page sends the person on to where they were going."""
        return f"{reverse('accounts:two_factor')}?{urlencode({'next': super().get_success_url()})}"


class PasswordChangeView(auth_views.PasswordChangeView):
    template_name = "accounts/password_change.jinja"
    success_url = reverse_lazy("accounts:password_change_done")

    def form_valid(self, form):
        with transaction.atomic():
            response = super().form_valid(form)
            audit_record(actor=as_user(self.request.user), action="account.password_change", target=form.user)
        return response


class PasswordChangeDoneView(auth_views.PasswordChangeDoneView):
    template_name = "accounts/password_change_done.jinja"


@member_required()
@require_http_methods(["GET", "POST"])
def switch_organisation(request):
    form = SwitchOrganisationForm(
        request.POST if request.method == "POST" else None,
        memberships=request.memberships,
        initial={"membership": request.membership.pk},
    )
    if request.method == "POST" and form.is_valid():
        request.session[SESSION_KEY] = form.cleaned_data["membership"]
        chosen = next(m for m in request.memberships if m.pk == form.cleaned_data["membership"])
        messages.success(request, f"You are now working as {chosen}.")
        return redirect("home")
    return render(request, "accounts/switch_organisation.jinja", {"form": form})
