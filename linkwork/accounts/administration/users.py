"""Administrators add users, change their details and give or end their roles in organisations."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from linkwork.core.errors import DomainError, StaleEdit

from ..models import Membership, User
from ..selectors import organisations_for_administration, user_memberships, users_for_administration
from ..services import membership_end, membership_grant, user_create, user_update
from .common import CONFLICT, add_errors
from .forms import MembershipForm, NewUserForm, UserForm
from .organisations import administrator_required


@administrator_required
def user_list(request):
    return render(request, "accounts/administration/users.jinja", {"users": users_for_administration()})


@administrator_required
@require_http_methods(["GET", "POST"])
def user_new(request):
    form = NewUserForm(request.POST if request.method == "POST" else None, initial={"is_active": True})
    if form.is_bound and form.is_valid():
        try:
            user = user_create(
                by=request.actor,
                username=form.cleaned_data["username"],
                password=form.cleaned_data["password"],
                details=form.details(),
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{user.display_name} added. Now give them a role.")
            return redirect("administration:user", user_id=user.pk)
    if form.is_bound:
        # The page is shown again: never with the password in it.
        form.data = form.data.copy()
        form.data["password"] = ""
    return render(request, "accounts/administration/user_new.jinja", {"form": form})


def _initial(user):
    return {
        "first_name": user.first_name,
        "last_name": user.last_name,
        "email": user.email,
        "is_active": user.is_active,
        "version": user.version,
    }


def _membership_form(data=None):
    return MembershipForm(data, organisations=organisations_for_administration())


def _user_page(request, user, *, form=None, membership_form=None, conflict=None):
    return render(
        request,
        "accounts/administration/user.jinja",
        {
            "subject": user,
            "form": form or UserForm(initial=_initial(user)),
            "membership_form": membership_form or _membership_form(),
            "roles": user_memberships(user=user),
            "conflict": conflict,
        },
        status=CONFLICT if conflict else 200,
    )


@administrator_required
@require_http_methods(["GET", "POST"])
def user_detail(request, user_id):
    user = get_object_or_404(User, pk=user_id)
    if request.method == "GET":
        return _user_page(request, user)
    form = UserForm(request.POST, initial=_initial(user))
    if form.is_valid():
        try:
            user_update(
                by=request.actor,
                user=user,
                expected_version=form.cleaned_data["version"],
                details=form.details(),
            )
        except StaleEdit as stale:
            form = UserForm(initial=_initial(stale.current))
            return _user_page(request, stale.current, form=form, conflict=stale)
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, "Details saved.")
            return redirect("administration:user", user_id=user.pk)
    return _user_page(request, user, form=form)


@administrator_required
@require_POST
def membership_add(request, user_id):
    user = get_object_or_404(User, pk=user_id)
    form = _membership_form(request.POST)
    if form.is_valid():
        try:
            membership = membership_grant(
                by=request.actor,
                user=user,
                organisation=form.cleaned_data["organisation"],
                role=form.cleaned_data["role"],
            )
        except ValidationError as error:
            add_errors(form, error)
        else:
            messages.success(request, f"{user.display_name} is now {membership}.")
            return redirect("administration:user", user_id=user.pk)
    return _user_page(request, user, membership_form=form)


@administrator_required
@require_POST
def membership_remove(request, user_id, membership_id):
    membership = get_object_or_404(Membership, pk=membership_id, user_id=user_id)
    try:
        membership_end(by=request.actor, membership=membership)
    except DomainError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, f"Ended: {membership}.")
    return redirect("administration:user", user_id=user_id)
